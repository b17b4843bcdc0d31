import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const binPath = join(repoRoot, 'bin/create-inngest-gitops.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/, dist/: npm test builds first) the way a user does, with stdin closed (no TTY). */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let processRoot: string | undefined;

/**
 * A new folder for a test, in a folder of this test process inside the run's scratch folder
 * (test/helpers/scratch-setup.ts: removed when the run ends). Commands read the folder around
 * their target (src/io/write.ts: locks and staging folders beside it), which so stays small.
 */
export function tempDir(prefix = 'cig-'): string {
  processRoot ??= mkdtempSync(join(process.env.CIG_TEST_SCRATCH ?? tmpdir(), 'process-'));
  return mkdtempSync(join(processRoot, prefix));
}

/** Every file under dir, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}
