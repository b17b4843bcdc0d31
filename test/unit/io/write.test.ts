import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, UserError } from '../../../src/core/errors.js';
import { completeInterrupted, lockTarget, readDisk, readDiskAsCompleted, writeTree } from '../../../src/io/write.js';
import { tempDir } from '../../helpers/cli.js';

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));
/** Everything beside the target: staging folders, locks. */
const beside = (parent: string) =>
  readdirSync(parent)
    .filter((entry) => entry !== 'repo')
    .sort();

describe('writeTree', () => {
  it('writes a new target in one move and leaves nothing beside it', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    writeTree(tree({ 'a.yaml': 'a\n', 'b/c.yaml': 'c\n', 'inngest-gitops.json': '{}\n' }), target);
    expect(Object.fromEntries(readDisk(target))).toEqual({
      'a.yaml': 'a\n',
      'b/c.yaml': 'c\n',
      'inngest-gitops.json': '{}\n',
    });
    expect(beside(parent)).toEqual([]);
  });

  it('updates, creates and removes in an existing target, keeps .git and other files, and drops emptied folders', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    mkdirSync(join(target, '.git'), { recursive: true });
    writeFileSync(join(target, '.git/HEAD'), 'ref: refs/heads/main\n');
    writeTree(tree({ 'a.yaml': 'a\n', 'old/x/y.yaml': 'y\n', 'mine.md': 'mine\n' }), target);
    writeTree(tree({ 'a.yaml': 'A\n', 'new.yaml': 'n\n' }), target, ['old/x/y.yaml']);
    expect(Object.fromEntries(readDisk(target))).toEqual({ 'a.yaml': 'A\n', 'mine.md': 'mine\n', 'new.yaml': 'n\n' });
    expect(existsSync(join(target, 'old'))).toBe(false);
    expect(readFileSync(join(target, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(beside(parent)).toEqual([]);
  });

  it('a failure before the commit changes nothing and removes its staging folder', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    writeTree(tree({ 'a.yaml': 'a\n' }), target);
    // A path that cannot be staged: a file below a file.
    expect(() => writeTree(tree({ 'a.yaml': 'A\n', b: 'b\n', 'b/c': 'c\n' }), target)).toThrow(EnvironmentError);
    expect(Object.fromEntries(readDisk(target))).toEqual({ 'a.yaml': 'a\n' });
    expect(beside(parent)).toEqual([]);
  });

  it('a failure half-way through the moves is completed by the next run', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    writeTree(tree({ 'a.yaml': 'a\n', d: 'a file\n', 'inngest-gitops.json': '{"v":1}\n' }), target);
    // d/e.yaml cannot be moved into place while d is a file (root ignores permissions, so not EACCES).
    const change = tree({ 'a.yaml': 'A\n', 'd/e.yaml': 'E\n', 'inngest-gitops.json': '{"v":2}\n' });
    let error: unknown;
    try {
      writeTree(change, target);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(
      /repo\/d\/e\.yaml: cannot move into place \(EEXIST\); the rest of this change waits in .*\.repo\.create-inngest-gitops-\w+: run the same command again to complete it$/,
    );
    // Half-applied: a.yaml moved, the state file (always moved last) not yet.
    expect(readFileSync(join(target, 'a.yaml'), 'utf8')).toBe('A\n');
    expect(readFileSync(join(target, 'inngest-gitops.json'), 'utf8')).toBe('{"v":1}\n');
    // What a dry run plans against: the target as the next run will leave it.
    const view = readDiskAsCompleted(target);
    expect(view.pending).toBe(true);
    expect(view.disk.get('inngest-gitops.json')).toBe('{"v":2}\n');
    expect(view.disk.get('d/e.yaml')).toBe('E\n');

    rmSync(join(target, 'd'));
    const notes = completeInterrupted(target);
    expect(notes).toEqual([
      expect.stringMatching(/^Completed the change an interrupted run had started in .*repo \(2 files\)\.$/),
    ]);
    expect(Object.fromEntries(readDisk(target))).toEqual(Object.fromEntries(change));
    expect(beside(parent)).toEqual([]);
  });

  it('leaves a file someone changed after the interruption as it is, and says so', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    writeTree(tree({ 'a.yaml': 'a\n', d: 'a file\n', 'f.yaml': 'f\n' }), target);
    expect(() => writeTree(tree({ 'a.yaml': 'A\n', 'd/e.yaml': 'E\n', 'f.yaml': 'F\n' }), target)).toThrow(
      EnvironmentError,
    );
    rmSync(join(target, 'd'));
    writeFileSync(join(target, 'f.yaml'), 'edited after the crash\n');
    const notes = completeInterrupted(target);
    expect(notes[0]).toMatch(/\(1 file\); left as they are, changed since: f\.yaml\.$/);
    expect(Object.fromEntries(readDisk(target))).toEqual({
      'a.yaml': 'A\n',
      'd/e.yaml': 'E\n',
      'f.yaml': 'edited after the crash\n',
    });
    expect(beside(parent)).toEqual([]);
  });

  it('removes stale staging folders it recognises: its own (marker) and those of earlier versions, nothing else', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    writeTree(tree({ 'a.yaml': 'a\n' }), target);
    const ours = join(parent, '.repo.create-inngest-gitops-AbC123');
    mkdirSync(join(ours, 'files'), { recursive: true });
    writeFileSync(join(ours, 'create-inngest-gitops-staging'), 'x\n');
    writeFileSync(join(ours, 'files/secret.yaml'), 'kind: SealedSecret\n');
    const legacy = join(parent, '.repo.staging-x1Y2z3');
    mkdirSync(join(legacy, 'secrets/prod'), { recursive: true });
    writeFileSync(
      join(legacy, 'secrets/prod/inngest-keys.yaml'),
      '# Generated by create-inngest-gitops: https://www.npmjs.com/package/create-inngest-gitops\nkind: SealedSecret\n',
    );
    const foreign = join(parent, '.repo.staging-notOur');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine\n');
    expect(completeInterrupted(target)).toHaveLength(2);
    expect(beside(parent)).toEqual(['.repo.staging-notOur']);
  });
});

describe('lockTarget', () => {
  it('a second run on the same target while one holds the lock exits 2 naming the lock', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    const release = lockTarget(target);
    let error: unknown;
    try {
      lockTarget(target);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `${join(parent, '.repo.create-inngest-gitops.lock')}: another create-inngest-gitops run (pid ${process.pid}) is writing ${target} (wait until it ends; if no such process runs, delete the lock file)`,
    );
    release();
    lockTarget(target)();
    expect(beside(parent)).toEqual([]);
  });

  it('takes over a lock left by a killed run', () => {
    const parent = tempDir();
    const target = join(parent, 'repo');
    // No process has pid 2^22 + 1 (above Linux's pid_max default limit of 2^22).
    writeFileSync(join(parent, '.repo.create-inngest-gitops.lock'), '{"pid":4194305,"token":"dead"}\n');
    writeFileSync(join(parent, '.repo.create-inngest-gitops.lock.0123456789abcdef'), '{"pid":4194305}\n');
    const release = lockTarget(target);
    expect(JSON.parse(readFileSync(join(parent, '.repo.create-inngest-gitops.lock'), 'utf8')).pid).toBe(process.pid);
    release();
    expect(beside(parent)).toEqual([]);
  });

  it('leaves no folder behind that it made only for its lock', () => {
    const parent = tempDir();
    const target = join(parent, 'a/b/repo');
    lockTarget(target)();
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('the writer', () => {
  it('refuses to write a plain Secret, whatever produced it', () => {
    const target = join(tempDir(), 'repo');
    const tree = new Map([['secrets/prod/leak.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\n']]);
    expect(() => writeTree(tree, target)).toThrow(/refusing to write a plain Secret into secrets\/prod\/leak.yaml/);
    expect(existsSync(target)).toBe(false);
  });
});
