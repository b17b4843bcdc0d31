import type { Answers, Environment } from '../answers/schema.js';

import type { Model } from '../model/typed-object.js';

export type { Model };

/** One YAML file of a component's base: base/<component>/<file>. */
export interface ManifestFile {
  file: string;
  objects: Model[];
}

/** A strategic-merge patch an overlay applies to a base object. */
export interface PatchFile {
  file: string;
  patch: Record<string, unknown>;
}

/** Kustomize `configMapGenerator` entry. */
export interface ConfigMapGenerator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  envs?: string[];
  files?: string[];
  literals?: string[];
  options?: { annotations?: Record<string, string>; labels?: Record<string, string> };
}

/** Plain files (not manifests) a component adds next to its manifests, such as a generator's .env. */
interface TextFile {
  file: string;
  text: string;
}

interface ComponentBase {
  manifests: ManifestFile[];
  configMapGenerator?: ConfigMapGenerator[];
  files?: TextFile[];
}

export interface ComponentOverlay {
  patches: PatchFile[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  /** Extra manifests that exist only in this environment (overlays/<env>/<file>). */
  manifests?: ManifestFile[];
  /** Generators of this environment, such as a `behavior: merge` over a base ConfigMap. */
  configMapGenerator?: ConfigMapGenerator[];
  /** Plain files the generators read (overlays/<env>/<file>). */
  files?: TextFile[];
}

/**
 * One component of the generated repository (the create-t3-app "installer" idea): pure
 * functions from the answers to its base and to each environment's overlay. Adding a component
 * never touches another one.
 */
export interface Component {
  name: string;
  /** Whether the component is part of the repository at all (default: always). */
  enabled?(answers: Answers): boolean;
  /**
   * Opt-in per environment: base/<name>/ is then a Kustomize Component (kind: Component,
   * kubectl.docs.kubernetes.io "Components") that base/ does not include; the overlays of the
   * environments it is used in list it under `components:`. Environments without it carry
   * nothing of it, not even delete patches.
   */
  usedIn?(answers: Answers, env: Environment): boolean;
  /**
   * With usedIn: when every environment uses the component it is a plain part of base/ instead
   * (a Kustomize Component only when some environment goes without it).
   */
  plainWhenUsedEverywhere?: boolean;
  base(answers: Answers): ComponentBase;
  overlay(answers: Answers, env: Environment): ComponentOverlay;
}
