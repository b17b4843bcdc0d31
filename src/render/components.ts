import type { Answers } from '../answers/schema.js';
import { inngest } from './inngest.js';
import { postgres } from './postgres.js';
import { valkey } from './valkey.js';
import { keda } from './keda.js';
import { retention } from './retention.js';
import { monitoring } from './monitoring.js';
import type { Component } from './types.js';

/** The components of the generated repository, in the order their folders are listed in base/. */
export const components: Component[] = [inngest, postgres, valkey, keda, retention, monitoring];

/** The components these answers include. */
export function activeComponents(answers: Answers): Component[] {
  return components.filter((component) => component.enabled?.(answers) ?? true);
}
