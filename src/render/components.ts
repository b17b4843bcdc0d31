import { inngest } from './inngest.js';
import { postgres } from './postgres.js';
import { valkey } from './valkey.js';
import type { Component } from './types.js';

/** The components of the generated repository, in the order their folders are listed in base/. */
export const components: Component[] = [inngest, postgres, valkey];
