import { labelKeys, SYNC_WAVE } from '../model/names.js';
import { apiGroup, lastWave, ruleFor, WAVE_RULES, type WaveRule } from '../model/waves.js';
import { asText } from '../core/records.js';

export interface WaveProblem {
  /** kind/namespace/name of the object. */
  object: string;
  problem: string;
}

interface RenderedObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: {
    name?: unknown;
    namespace?: unknown;
    labels?: Record<string, unknown>;
    annotations?: Record<string, unknown>;
  };
}

/** Per-object sync options (argo-cd docs/user-guide/sync-options.md). */
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** Hook annotations: Argo CD's own, and Helm's, which Argo CD maps to its phases (docs/user-guide/helm.md "Helm Hooks"). */
const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'] as const;
/**
 * Pruning this object, or any pruned object with the Application-wide option, moves the prune to
 * a wave after every other (gitops-engine/pkg/sync/sync_context.go getSyncTasks, "for pruneLast
 * tasks, modify the wave to sync phase last wave of tasks + 1"): the former last wave is then
 * waited on.
 */
const PRUNE_LAST = 'PruneLast=true';

/**
 * Rendered objects (e.g. parsed from `kubectl kustomize overlays/<env>`) → every object without
 * a sync wave, with a wave that is not an integer, of a kind the table does not know, or in a
 * wave other than the table's; every object whose health depends on something outside the
 * repository and is not in the last wave; and every object that would add a wave or phase after
 * the last one (a hook, PruneLast). Pure; an empty list means the order is right and no sync can
 * wait on an object this repository does not control.
 */
export function checkWaves(objects: readonly unknown[], rules: readonly WaveRule[] = WAVE_RULES): WaveProblem[] {
  return objects.flatMap((object) => checkObject(object as RenderedObject, rules));
}

/**
 * The table itself: every rule marked externalHealth must be in its last wave, the only wave a
 * sync does not wait on. With checkWaves (every object in its rule's wave, no later wave or
 * phase) this proves no such object is ever waited on.
 */
export function checkWaveTable(rules: readonly WaveRule[] = WAVE_RULES): WaveProblem[] {
  const last = lastWave(rules);
  return rules
    .filter((r) => r.externalHealth && r.wave !== last)
    .map((r) => ({
      object: `${r.group || 'core'}/${r.kind}${r.app ? ` of ${r.app}` : ''}`,
      problem: externalMessage(r.wave, last),
    }));
}

/**
 * An Argo CD Application's sync options → the ones that make the last wave a waited-on one.
 * PruneLast=true adds a wave after the last whenever a sync prunes (every change of a generated
 * ConfigMap's content prunes the old one).
 */
export function checkSyncOptions(syncOptions: readonly string[]): string[] {
  return syncOptions
    .filter((option) => option.replace(/\s/g, '') === PRUNE_LAST)
    .map(
      (option) =>
        `sync option ${option} adds a wave after the last whenever a sync prunes, so objects whose health depends on something outside this repository would be waited on`,
    );
}

function externalMessage(wave: unknown, last: number): string {
  return `its health depends on something outside this repository (a controller, CRDs or a metric source), so it must be in the last wave ${last}, which a sync never waits on; in wave ${asText(wave)} a sync would wait on it, forever if it never turns Healthy`;
}

function checkObject(object: RenderedObject, rules: readonly WaveRule[]): WaveProblem[] {
  const kind = asText(object.kind, '?');
  const group = apiGroup(asText(object.apiVersion));
  const meta = object.metadata ?? {};
  const id = `${kind}/${meta.namespace ? `${asText(meta.namespace)}/` : ''}${asText(meta.name, '?')}`;
  const app = typeof meta.labels?.[labelKeys.name] === 'string' ? (meta.labels[labelKeys.name] as string) : undefined;
  const later = laterWaveProblems(meta.annotations ?? {}).map((problem) => ({ object: id, problem }));
  const rule = ruleFor(group, kind, app, rules);
  if (!rule) {
    return [
      {
        object: id,
        problem: `no sync wave is defined for ${group || 'core'}/${kind}${app ? ` of ${app}` : ''}; add it to WAVE_RULES in src/model/waves.ts`,
      },
      ...later,
    ];
  }
  const value = meta.annotations?.[SYNC_WAVE];
  if (value === undefined)
    return [{ object: id, problem: `has no ${SYNC_WAVE} annotation (expected "${rule.wave}")` }, ...later];
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    return [
      {
        object: id,
        problem: `${SYNC_WAVE} is ${JSON.stringify(value)}, not an integer string (expected "${rule.wave}")`,
      },
      ...later,
    ];
  }
  const last = lastWave(rules);
  if (rule.externalHealth && Number(value) !== last)
    return [{ object: id, problem: externalMessage(value, last) }, ...later];
  if (Number(value) !== rule.wave)
    return [{ object: id, problem: `is in wave ${value}, expected ${rule.wave}` }, ...later];
  return later;
}

function laterWaveProblems(annotations: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of HOOK_ANNOTATIONS) {
    if (annotations[key] !== undefined)
      problems.push(
        `${key} makes it a hook: a sync waits for hooks, and PostSync ones run after the last wave, which would then be waited on`,
      );
  }
  const options = annotations[SYNC_OPTIONS];
  if (typeof options === 'string') problems.push(...checkSyncOptions(options.split(',')));
  return problems;
}
