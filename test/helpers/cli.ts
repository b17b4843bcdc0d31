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

/** Runs the built CLI (npm test builds first) the way a user does, with stdin closed (no TTY). */
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

export function tempDir(prefix = 'cig-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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

function hasKubectl(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

export function kustomize(dir: string): string {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * kubectl is on CI machines; elsewhere tests that need it are skipped with a printed reason.
 * In CI (CI set) a missing kubectl fails instead of skipping.
 */
export function kubectlAvailable(): boolean {
  if (hasKubectl()) return true;
  if (process.env.CI) throw new Error('kubectl is required in CI (kubectl kustomize renders the overlays)');
  console.warn('skipping kubectl kustomize checks: kubectl is not on PATH');
  return false;
}

export function parseStream(text: string): {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [key: string]: any;
}[] {
  return text
    .split(/^---$/m)
    .map((doc) => doc.trim())
    .filter(Boolean)
    .map((doc) => parseYamlDoc(doc));
}

import { parse as parseYamlDoc } from 'yaml';
