import type { Answers, PartialAnswers } from './schema.js';

export type CiProvider = 'github' | 'gitlab' | 'none';

/** The host of a Git URL: https://host/…, ssh://user@host:port/… or scp-like user@host:path. */
function gitHost(repoURL: string): string {
  const scp = /^[^@/\s]+@([^:/\s]+):(?!\/)/.exec(repoURL);
  if (scp) return scp[1]!.toLowerCase();
  try {
    return new URL(repoURL).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** ci.provider, with auto decided by where repoURL lives. */
export function ciProvider(answers: Pick<Answers, 'ci' | 'repoURL'>): CiProvider {
  if (answers.ci.provider !== 'auto') return answers.ci.provider;
  const host = gitHost(answers.repoURL);
  if (host === 'github.com') return 'github';
  if (host === 'gitlab.com' || answers.ci.gitlabHosts.includes(host)) return 'gitlab';
  return 'none';
}

/** The environments whose Inngest image updates Renovate merges on its own. */
export function automergeEnvironments(answers: Pick<Answers, 'renovate' | 'environments'>): string[] {
  return answers.renovate.automerge ?? answers.environments.filter((e) => e.profile === 'small').map((e) => e.name);
}

/**
 * The answers an inngest-gitops.json recorded, ready for this version. Versions before the ci
 * answer wrote `.github/workflows/` whatever the Git host, so such a repository keeps GitHub
 * Actions until its ci.provider answer says otherwise.
 */
export function recordedAnswers(recorded: unknown): PartialAnswers {
  const answers = structuredClone(recorded ?? {}) as PartialAnswers;
  if (typeof answers === 'object' && !Array.isArray(answers) && answers.ci === undefined)
    answers.ci = { provider: 'github' };
  return answers;
}
