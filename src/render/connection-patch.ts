import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { PatchFile } from './types.js';

/**
 * Strategic-merge patch lists that turn one pod's connection settings into another's: an
 * overlay whose environment uses an external server where the base connects in-cluster. Lists
 * merge by their keys (env and volumes by name, volumeMounts by mountPath); an item that goes is
 * `$patch: delete`, a field that goes is null (kustomize's strategic merge clears it).
 */

export function envPatch(from: readonly IEnvVar[], to: readonly IEnvVar[]): Record<string, unknown>[] {
  const patch: Record<string, unknown>[] = [];
  for (const old of from) {
    if (!to.some((v) => v.name === old.name)) patch.push({ name: old.name, $patch: 'delete' });
  }
  for (const next of to) {
    const old = from.find((v) => v.name === next.name);
    if (old && JSON.stringify(old) === JSON.stringify(next)) continue;
    const { name, ...rest } = next;
    patch.push({
      name,
      ...(old?.value !== undefined && rest.value === undefined ? { value: null } : {}),
      ...(old?.valueFrom !== undefined && rest.valueFrom === undefined ? { valueFrom: null } : {}),
      ...rest,
    });
  }
  return patch;
}

export function removedMounts(from: readonly IVolumeMount[], to: readonly IVolumeMount[]): Record<string, unknown>[] {
  return from
    .filter((m) => !to.some((n) => n.mountPath === m.mountPath))
    .map((m) => ({ mountPath: m.mountPath, $patch: 'delete' }));
}

export function removedVolumes(from: readonly IVolume[], to: readonly IVolume[]): Record<string, unknown>[] {
  return from.filter((v) => !to.some((n) => n.name === v.name)).map((v) => ({ name: v.name, $patch: 'delete' }));
}

/** A `$patch: delete` of a whole object of the base. */
export function deleteObjectPatch(file: string, apiVersion: string, kind: string, name: string): PatchFile {
  return { file, patch: { $patch: 'delete', apiVersion, kind, metadata: { name } } };
}
