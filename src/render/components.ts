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

/** Whether the component is a Kustomize Component that only some overlays include, rather than part of base/. */
export function isOptional(component: Component, answers: Answers): boolean {
  if (!component.usedIn) return false;
  return !(component.plainWhenUsedEverywhere && answers.environments.every((env) => component.usedIn!(answers, env)));
}

/** The components these answers include. */
export function activeComponents(answers: Answers): Component[] {
  return components.filter((component) => component.enabled?.(answers) ?? true);
}
