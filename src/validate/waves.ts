import { labelKeys, SYNC_WAVE } from '../model/names.js';
import { apiGroup, ruleFor, WAVE_RULES, type WaveRule } from '../model/waves.js';
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

/**
 * Rendered objects (e.g. parsed from `kubectl kustomize overlays/<env>`) → every object without
 * a sync wave, with a wave that is not an integer, of a kind the table does not know, or in a
 * wave other than the table's. Pure; an empty list means the order is right.
 */
export function checkWaves(objects: readonly unknown[], rules: readonly WaveRule[] = WAVE_RULES): WaveProblem[] {
  return objects.flatMap((object) => checkObject(object as RenderedObject, rules));
}

function checkObject(object: RenderedObject, rules: readonly WaveRule[]): WaveProblem[] {
  const kind = asText(object.kind, '?');
  const group = apiGroup(asText(object.apiVersion));
  const meta = object.metadata ?? {};
  const id = `${kind}/${meta.namespace ? `${asText(meta.namespace)}/` : ''}${asText(meta.name, '?')}`;
  const app = typeof meta.labels?.[labelKeys.name] === 'string' ? (meta.labels[labelKeys.name] as string) : undefined;
  const rule = ruleFor(group, kind, app, rules);
  if (!rule) {
    return [
      {
        object: id,
        problem: `no sync wave is defined for ${group || 'core'}/${kind}${app ? ` of ${app}` : ''}; add it to WAVE_RULES in src/model/waves.ts`,
      },
    ];
  }
  const value = meta.annotations?.[SYNC_WAVE];
  if (value === undefined) return [{ object: id, problem: `has no ${SYNC_WAVE} annotation (expected "${rule.wave}")` }];
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    return [
      {
        object: id,
        problem: `${SYNC_WAVE} is ${JSON.stringify(value)}, not an integer string (expected "${rule.wave}")`,
      },
    ];
  }
  if (Number(value) !== rule.wave) return [{ object: id, problem: `is in wave ${value}, expected ${rule.wave}` }];
  return [];
}
