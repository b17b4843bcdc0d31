import { isRecord, type K8sObject } from '../core/records.js';
import { asArray, str, type Problem } from './objects.js';

/** The `env` column of problems found in argocd/ rather than in an environment. */
export const ARGOCD_PLACE = 'argocd';

/**
 * Every Application that syncs this repository must say where it is: an empty repoURL (a
 * scaffold made before the URL was known) means Argo CD cannot read anything. One problem for the
 * whole repository, on the first object that lacks it, with the fix.
 */
export function checkRepoUrls(objects: readonly K8sObject[], fix: string): Problem[] {
  const missing: { kind: string; name: string; path: string }[] = [];
  for (const object of objects) {
    const kind = str(object.kind) ?? '';
    const name = str(isRecord(object.metadata) ? object.metadata.name : undefined) ?? '';
    const spec = isRecord(object.spec) ? object.spec : {};
    if (kind === 'Application') {
      const source = isRecord(spec.source) ? spec.source : {};
      if (source.chart === undefined && !str(source.repoURL)) missing.push({ kind, name, path: 'spec.source.repoURL' });
    }
    if (kind === 'AppProject' && asArray(spec.sourceRepos).some((repo) => repo === '' || repo === null))
      missing.push({ kind, name, path: 'spec.sourceRepos' });
  }
  const first = missing[0];
  if (!first) return [];
  const others = missing.length - 1;
  return [
    {
      env: ARGOCD_PLACE,
      kind: first.kind,
      name: first.name,
      path: first.path,
      rule: 'repo-url',
      message: `repoURL is empty${others > 0 ? ` (and in ${others} more object${others === 1 ? '' : 's'})` : ''}: Argo CD cannot read this repository; fix: ${fix}`,
    },
  ];
}
