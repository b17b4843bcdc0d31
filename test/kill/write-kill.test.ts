/**
 * Kill test of the writer (src/io/write.ts): a scaffold and a re-run of the built CLI are killed,
 * with SIGKILL and with SIGINT, just before their Nth filesystem change, for N spread over every
 * phase of the run (lock, staging, commit, moves, clean-up). After each kill:
 *   - without a committed journal beside it, the target is exactly the old tree or the new one;
 *   - one further run completes the job: the same command when the old tree is there, a plain
 *     re-run otherwise. It exits 0, reports no conflict, and leaves the new tree;
 *   - nothing is left beside the target: no staging folder, no lock.
 * The points are counted, not timed (test/kill/fault-injection.mjs), so every run is repeatable.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/core/yaml.js';
import { binPath, listFiles, repoRoot, tempDir } from '../helpers/cli.js';
import { DEMO_CERT_PATH } from '../helpers/keys.js';

const PRELOAD = join(repoRoot, 'test/kill/fault-injection.mjs');
/** Sealed with the demo certificate, with a repository URL (a scaffold without one warns on stderr). */
const COMMON_ARGS = [
  '--cert',
  DEMO_CERT_PATH,
  '--no-kubeseal',
  '--repo-url',
  'https://github.com/acme/inngest-gitops.git',
];

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The built CLI with the fault injector, asynchronously: vitest's worker stays responsive meanwhile. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PRELOAD, binPath, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Every file of the target, .git included, byte for byte. */
function snapshot(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const isSealed = (path: string) => /^secrets\/[^/]+\/[^/]+\.yaml$/.test(path) && !path.endsWith('/kustomization.yaml');

/**
 * A tree with the random parts (sealed values) replaced by what they seal: two runs of one command
 * compare equal. The state's hashes of sealed files must match the files.
 */
function normalized(tree: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of tree) {
    if (isSealed(path)) {
      const sealed = parseYaml(text) as { kind: string; metadata: { name: string; namespace: string } };
      out.set(path, `${sealed.kind} ${sealed.metadata.namespace}/${sealed.metadata.name}`);
    } else if (path === 'inngest-gitops.json') {
      const state = JSON.parse(text) as { files: Record<string, string> };
      for (const file of Object.keys(state.files)) if (isSealed(file)) state.files[file] = 'sealed';
      out.set(path, JSON.stringify(state));
    } else out.set(path, text);
  }
  return out;
}

/** Entries beside the target: staging folders, locks. */
const beside = (parent: string) => readdirSync(parent).filter((entry) => entry !== 'repo');
const journalPending = (parent: string) =>
  beside(parent).some((entry) => existsSync(join(parent, entry, 'journal.json')));

interface Scenario {
  name: string;
  /** Makes the target's parent folder with the old tree in `repo`. */
  prepare: () => string | Promise<string>;
  args: (target: string) => string[];
}

/** Filesystem changes of one undisturbed run, in order. */
async function countOperations(scenario: Scenario): Promise<string[]> {
  const parent = await scenario.prepare();
  const log = join(tempDir('cig-ops-'), 'ops.log');
  const result = await cli(scenario.args(join(parent, 'repo')), { CIG_OPS_LOG: log });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return readFileSync(log, 'utf8').trim().split('\n');
}

/**
 * Kill points: the first and last few, the commit (the journal's rename) and its neighbours,
 * and an even spread in between; SIGKILL and SIGINT in turn.
 */
function killPoints(operations: string[]): { at: number; signal: NodeJS.Signals }[] {
  const total = operations.length;
  const commit = operations.findIndex((op) => /renameSync .*journal\.json\.tmp$/.test(op)) + 1;
  expect(commit).toBeGreaterThan(0);
  const spread = Array.from({ length: 8 }, (_, i) => Math.round(((i + 1) * total) / 9));
  const points = [
    ...new Set([1, 2, 3, 4, commit - 1, commit, commit + 1, commit + 2, ...spread, total - 2, total - 1, total]),
  ]
    .filter((n) => n >= 1 && n <= total)
    .sort((a, b) => a - b);
  return points.flatMap((at, i) => [{ at, signal: (i % 2 === 0 ? 'SIGKILL' : 'SIGINT') as NodeJS.Signals }]);
}

async function checkScenario(scenario: Scenario): Promise<void> {
  const expectedParent = await scenario.prepare();
  const expected = await cli(scenario.args(join(expectedParent, 'repo')));
  expect(expected.status).toBe(0);
  const newTree = normalized(snapshot(join(expectedParent, 'repo')));
  const operations = await countOperations(scenario);
  const outcomes = { old: 0, new: 0, journal: 0 };

  for (const { at, signal } of killPoints(operations)) {
    const where = `${scenario.name}: ${signal} before operation ${at} of ${operations.length} (${operations[at - 1]})`;
    const parent = await scenario.prepare();
    const target = join(parent, 'repo');
    const oldTree = snapshot(target);
    const killed = await cli(scenario.args(target), { CIG_KILL_AT: String(at), CIG_KILL_SIGNAL: signal });
    expect(killed.signal, where).toBe(signal);

    const after = snapshot(target);
    let next: string[];
    if (journalPending(parent)) {
      outcomes.journal += 1;
      next = [target];
    } else if (sameTree(after, oldTree)) {
      outcomes.old += 1;
      next = scenario.args(target);
    } else {
      expect(normalized(after), `${where}: neither the old tree nor the new one, and nothing to complete`).toEqual(
        newTree,
      );
      outcomes.new += 1;
      next = [target];
    }
    const completion = await cli(next);
    expect(completion.stderr, where).toBe('');
    expect(completion.status, where).toBe(0);
    expect(completion.stdout, where).not.toMatch(/^conflict/m);
    expect(normalized(snapshot(target)), where).toEqual(newTree);
    expect(beside(parent), where).toEqual([]);
  }
  // The points reach every phase: some kills leave the old tree, some a journal to complete.
  expect(outcomes.old).toBeGreaterThan(0);
  expect(outcomes.journal + outcomes.new).toBeGreaterThan(0);
}

function sameTree(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, text]) => b.get(path) === text);
}

/** One scaffold to copy for the re-run scenarios (a scaffold with sealing takes a while). */
let base: string | undefined;
async function scaffolded(): Promise<string> {
  if (!base) {
    base = join(tempDir('cig-kill-base-'), 'repo');
    const result = await cli([base, '--yes', ...COMMON_ARGS]);
    expect(result.status).toBe(0);
  }
  const parent = tempDir('cig-kill-');
  cpSync(base, join(parent, 'repo'), { recursive: true });
  return parent;
}

describe('killed runs leave the old tree, the new tree, or a change the next run completes', () => {
  it('a scaffold into a folder that holds only .git', async () => {
    await checkScenario({
      name: 'scaffold into .git-only folder',
      prepare: () => {
        const parent = tempDir('cig-kill-');
        mkdirSync(join(parent, 'repo/.git'), { recursive: true });
        writeFileSync(join(parent, 'repo/.git/HEAD'), 'ref: refs/heads/main\n');
        return parent;
      },
      args: (target) => [target, '--yes', ...COMMON_ARGS],
    });
  });

  it('a scaffold into a new folder', async () => {
    await checkScenario({
      name: 'scaffold into new folder',
      prepare: () => tempDir('cig-kill-'),
      args: (target) => [target, '--yes', ...COMMON_ARGS],
    });
  });

  it('a re-run that updates, creates, seals and removes', async () => {
    const config = join(tempDir('cig-kill-config-'), 'change.yaml');
    writeFileSync(config, 'monitoring: {enabled: true}\nenvironments:\n  - name: qa\n');
    await checkScenario({
      name: 're-run',
      prepare: scaffolded,
      args: (target) => [target, '--config', config, '--image-tag', 'v1.44.0', '--remove-env', 'stage', ...COMMON_ARGS],
    });
  });
});
