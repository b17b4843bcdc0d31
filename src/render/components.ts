import { inngest } from './inngest.js';
import type { Component } from './types.js';

/** The components of the generated repository, in the order their folders are listed in base/. */
export const components: Component[] = [inngest];
