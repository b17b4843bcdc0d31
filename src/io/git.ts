/**
 * The Git facts a scaffold uses: the origin of the repository the target is in (to prefill the
 * URL Argo CD reads), where that repository's top is, and a first commit for a new repository.
 * Never pushes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  const missing = (result.error as { code?: string } | undefined)?.code === 'ENOENT';
  return {
    ok: !result.error && result.status === 0,
    stdout: result.stdout?.trim() ?? '',
    stderr: result.stderr?.trim() ?? '',
    missing,
  };
}

/** The folder itself when it exists, else its nearest existing parent: where Git is asked from. */
function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/**
 * Whether Git could find a repository from `from`: a `.git` (folder, or file of a worktree or
 * submodule) in it or a parent, as Git's own discovery looks, or GIT_DIR set. Without either,
 * asking Git is a process start that can only answer "not a repository".
 */
function mayBeInRepository(from: string, env: NodeJS.ProcessEnv): boolean {
  if (env['GIT_DIR']) return true;
  for (let current = from; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}

/** The top folder of the Git work tree holding dir (or would hold it), or undefined. */
export function repositoryTop(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const from = nearestExisting(dir);
  if (!mayBeInRepository(from, env)) return undefined;
  const result = git(['rev-parse', '--show-toplevel'], from, env);
  return result.ok && result.stdout ? result.stdout : undefined;
}

/** `git remote get-url origin` of the repository holding dir (or around where it will be), or undefined. */
export function originUrl(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const from = nearestExisting(dir);
  if (!mayBeInRepository(from, env)) return undefined;
  const result = git(['remote', 'get-url', 'origin'], from, env);
  return result.ok && result.stdout ? result.stdout : undefined;
}

/**
 * `git init` on `branch`, add everything, and a first commit. A failure (git missing, no
 * user.name/user.email for the commit) is returned as one line for the user, never thrown: the
 * files are written by then.
 */
export function initRepository(
  dir: string,
  branch: string,
  message: string,
  env: NodeJS.ProcessEnv,
): { ok: true; files: number } | { ok: false; step: string; error: string } {
  // `git init -b` needs Git 2.28; symbolic-ref names the unborn branch on any version.
  const steps: [string, string[]][] = [
    ['git init', ['init', '--quiet']],
    [`git symbolic-ref HEAD refs/heads/${branch}`, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]],
    ['git add -A', ['add', '-A']],
    ['git commit', ['commit', '--quiet', '-m', message]],
  ];
  for (const [step, args] of steps) {
    const result = git(args, dir, env);
    if (!result.ok) {
      const error = result.missing
        ? 'git is not on PATH'
        : /Author identity unknown|tell me who you are/.test(result.stderr)
          ? 'no user.name and user.email: set them with git config --global'
          : (result.stderr.split('\n').find(Boolean) ?? 'failed');
      return { ok: false, step, error };
    }
  }
  const listed = git(['ls-files'], dir, env);
  return { ok: true, files: listed.stdout ? listed.stdout.split('\n').length : 0 };
}
