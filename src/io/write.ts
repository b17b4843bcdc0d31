/**
 * The one writer of generated repositories: all or nothing, whatever happens to the process.
 *
 * A run may die at any instant (kill -9, Ctrl-C, a full disk, EACCES). The target must then hold
 * either the old tree, or the new one, or a change that the next run completes before it does
 * anything else; never a mix that the next run reads as edits. So a write is a small transaction
 * beside the target T (same filesystem, so every move is a rename):
 *
 *   1. lock      .T.create-inngest-gitops.lock, created with link(2) (fails if it exists) and
 *                holding the pid: a second run on T while one is running exits 2 naming the lock.
 *                A lock whose pid is dead was left by a killed run and is taken over.
 *   2. stage     every file to write goes to .T.create-inngest-gitops-XXXXXX/files/, a folder
 *                marked as ours by a marker file. Dying here leaves T untouched; the staging
 *                folder is stale and the next run removes it.
 *   3. commit    journal.json (written aside, then renamed into the staging folder: atomic) lists
 *                every move and removal, each with the sha256 of the file it expects in T. From
 *                here on the change is decided.
 *   4. apply     files are renamed into T one by one (inngest-gitops.json last), removals follow;
 *                into a new or empty target, files/ becomes T in one rename. Each step is
 *                idempotent: a file already moved is skipped, a file someone changed since the
 *                plan is left as it is (the next plan reports it).
 *   5. clean     the journal goes first, then the staged files, the marker last.
 *
 * Every run on T (commands/) first takes the lock, then calls completeInterrupted(): a committed
 * journal is applied to the end (step 4 again), any other staging folder of ours is removed, and
 * so are the `.T.staging-XXXXXX` folders older versions left behind. A dry run takes no lock and
 * writes nothing: it reads T as completeInterrupted() would leave it (readDiskAsCompleted).
 *
 * What this does not cover: a power cut before the filesystem flushed the staged files (they are
 * not fsynced: a hundred fsyncs cost more than the whole render). Process death is covered.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError, UserError } from '../core/errors.js';
import { isRecord } from '../core/records.js';
import type { FileTree } from '../model/file-tree.js';
import { STATE_FILE } from '../plan/state.js';

/** A folder holding nothing, or only `.git`, counts as empty: the "clone, then scaffold into it" case. */
function isEmptyTarget(target: string): boolean {
  if (!existsSync(target)) return true;
  if (!statSync(target).isDirectory()) return false;
  return readdirSync(target).every((entry) => entry === '.git');
}

export function checkTarget(target: string, force: boolean): void {
  if (isDanglingLink(target)) {
    throw new UserError(
      target,
      `is a symbolic link to ${readlinkSync(target)}, which does not exist`,
      'a new or empty folder, or a link to an existing one',
    );
  }
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UserError(target, 'is a file', 'a new or empty folder');
  }
  if (!force && !isEmptyTarget(target)) {
    throw new UserError(target, 'is not empty', 'a new or empty folder, or --force to write into it');
  }
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && !existsSync(path);
  } catch {
    return false;
  }
}

/** Every file under dir except .git/, as relative path → text. */
export function readDisk(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (path === '.git') continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  walk('');
  return out;
}

interface Places {
  target: string;
  parent: string;
  name: string;
  lock: string;
  stagingPrefix: string;
}

function places(target: string): Places {
  const absolute = resolve(target);
  const name = basename(absolute);
  return {
    target: absolute,
    parent: dirname(absolute),
    name,
    lock: join(dirname(absolute), `.${name}.create-inngest-gitops.lock`),
    stagingPrefix: `.${name}.create-inngest-gitops-`,
  };
}

const MARKER = 'create-inngest-gitops-staging';
const JOURNAL = 'journal.json';
const FILES = 'files';

interface JournalEntry {
  op: 'put' | 'remove';
  path: string;
  /** sha256 of the file in the target when the run planned the change; null: absent. */
  before: string | null;
}

interface Journal {
  target: string;
  /** The target was absent or an empty folder: files/ becomes the target in one rename. */
  fresh: boolean;
  entries: JournalEntry[];
}

const hashOf = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function hashOnDisk(path: string): string | null {
  try {
    return hashOf(readFileSync(path));
  } catch (error) {
    // Absent, or below a file (which the move then fails on).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Write `tree` into target and remove `remove`, all or nothing (see the top of this file). The
 * caller holds the lock (lockTarget) and has called completeInterrupted().
 */
export function writeTree(tree: FileTree, target: string, remove: readonly string[] = []): void {
  refusePlainSecrets(tree);
  const where = places(target);
  if (tree.size === 0 && remove.length === 0) return;
  try {
    mkdirSync(where.parent, { recursive: true });
  } catch (error) {
    throw folderError(where.parent, error);
  }
  const fresh =
    !existsSync(where.target) || (statSync(where.target).isDirectory() && readdirSync(where.target).length === 0);
  let staging: string | undefined;
  try {
    staging = mkdtempSync(join(where.parent, where.stagingPrefix));
    writeFileSync(join(staging, MARKER), `staging folder of create-inngest-gitops for ${where.name}\n`);
    const ordered = [...tree.keys()].sort((a, b) => Number(a === STATE_FILE) - Number(b === STATE_FILE));
    for (const path of ordered) {
      const file = join(staging, FILES, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, tree.get(path)!, { mode: 0o644 });
    }
    const puts = ordered.filter((p) => p !== STATE_FILE);
    const entries: JournalEntry[] = [
      ...puts.map((path) => ({ op: 'put' as const, path, before: hashOnDisk(join(where.target, path)) })),
      ...remove.map((path) => ({ op: 'remove' as const, path, before: hashOnDisk(join(where.target, path)) })),
      ...(tree.has(STATE_FILE)
        ? [{ op: 'put' as const, path: STATE_FILE, before: hashOnDisk(join(where.target, STATE_FILE)) }]
        : []),
    ];
    const journal: Journal = { target: where.name, fresh, entries };
    writeFileSync(join(staging, `${JOURNAL}.tmp`), `${JSON.stringify(journal, null, 2)}\n`);
    renameSync(join(staging, `${JOURNAL}.tmp`), join(staging, JOURNAL));
  } catch (error) {
    if (staging) removeStaging(staging);
    throw new EnvironmentError(`${where.target}: cannot stage the new files (${codeOf(error)}); nothing was changed`);
  }
  applyJournal(where, staging);
}

/** Step 4 and 5: move the staged files into place, remove what goes, then clean up. */
function applyJournal(where: Places, staging: string): { skipped: string[]; moved: number } {
  const journal = readJournal(staging);
  if (!journal) throw new EnvironmentError(`${staging}: the journal of an interrupted run cannot be read`);
  const skipped: string[] = [];
  let moved = 0;
  let current = '';
  try {
    const files = join(staging, FILES);
    if (journal.fresh && existsSync(files) && isAbsentOrEmptyFolder(where.target)) {
      current = '.';
      renameSync(files, where.target);
      moved = journal.entries.filter((e) => e.op === 'put').length;
    } else {
      for (const entry of journal.entries) {
        current = entry.path;
        const destination = join(where.target, entry.path);
        if (entry.op === 'put') {
          const source = join(files, entry.path);
          if (!existsSync(source)) continue; // moved before the interruption
          const now = hashOnDisk(destination);
          if (now !== entry.before) {
            // Changed since the plan: already the new text (the rename happened), or someone's edit.
            if (now !== hashOf(readFileSync(source))) skipped.push(entry.path);
            unlinkSync(source);
            continue;
          }
          mkdirSync(dirname(destination), { recursive: true });
          renameSync(source, destination);
          moved += 1;
        } else {
          const now = hashOnDisk(destination);
          if (now === null) continue;
          if (now !== entry.before) {
            skipped.push(entry.path);
            continue;
          }
          unlinkSync(destination);
          removeEmptyFolders(where.target, dirname(entry.path));
          moved += 1;
        }
      }
    }
  } catch (error) {
    throw new EnvironmentError(
      `${join(where.target, current)}: cannot move into place (${codeOf(error)}); the rest of this change waits in ${staging}: run the same command again to complete it`,
    );
  }
  removeStaging(staging);
  return { skipped, moved };
}

function isAbsentOrEmptyFolder(path: string): boolean {
  if (!existsSync(path)) return true;
  return statSync(path).isDirectory() && readdirSync(path).length === 0;
}

/** Remove folders emptied by a removal, from `relative` up to (not including) the target. */
function removeEmptyFolders(target: string, relative: string): void {
  let folder = relative;
  while (folder && folder !== '.') {
    const absolute = join(target, folder);
    if (!existsSync(absolute) || readdirSync(absolute).length > 0) return;
    rmdirSync(absolute);
    folder = dirname(folder);
  }
}

/** Journal first (the change is then no longer pending), the staged files, the marker last. */
function removeStaging(staging: string): void {
  rmSync(join(staging, JOURNAL), { force: true });
  rmSync(join(staging, `${JOURNAL}.tmp`), { force: true });
  rmSync(join(staging, FILES), { recursive: true, force: true });
  rmSync(join(staging, MARKER), { force: true });
  rmSync(staging, { recursive: true, force: true });
}

function readJournal(staging: string): Journal | undefined {
  const path = join(staging, JOURNAL);
  if (!existsSync(path)) return undefined;
  try {
    const journal = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (isRecord(journal) && Array.isArray(journal.entries)) return journal as unknown as Journal;
  } catch {
    // a journal is renamed into place whole; an unreadable one is not ours
  }
  return undefined;
}

/** Our staging folders beside the target: the marker says so, or they are still empty. */
function stagingFolders(where: Places): string[] {
  if (!existsSync(where.parent)) return [];
  return readdirSync(where.parent)
    .filter((entry) => entry.startsWith(where.stagingPrefix))
    .map((entry) => join(where.parent, entry))
    .filter((path) => {
      if (!lstatSync(path).isDirectory()) return false;
      const entries = readdirSync(path);
      return entries.length === 0 || entries.includes(MARKER);
    });
}

/**
 * The staging folders of versions before 0.3 (`.T.staging-XXXXXX`, no marker): recognised as ours
 * when every file in them carries the generated-file header or is a state file of ours.
 */
function legacyStagingFolders(where: Places): string[] {
  if (!existsSync(where.parent)) return [];
  const pattern = new RegExp(`^\\.${escapeRegExp(where.name)}\\.staging-[A-Za-z0-9]{6}$`);
  return readdirSync(where.parent)
    .filter((entry) => pattern.test(entry))
    .map((entry) => join(where.parent, entry))
    .filter(
      (path) =>
        lstatSync(path).isDirectory() && [...readDisk(path)].every(([file, text]) => looksGenerated(file, text)),
    );
}

function looksGenerated(path: string, text: string): boolean {
  if (basename(path) === STATE_FILE) return text.includes('"name": "create-inngest-gitops"');
  return /^(# |<!-- |-- )Generated by create-inngest-gitops/.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finish what an interrupted run left beside target: apply a committed journal, remove stale
 * staging folders. Returns one line per thing done, for the user. Needs the lock.
 */
export function completeInterrupted(target: string): string[] {
  const where = places(target);
  const notes: string[] = [];
  for (const staging of stagingFolders(where)) {
    if (readJournal(staging)) {
      const { moved, skipped } = applyJournal(where, staging);
      notes.push(
        `Completed the change an interrupted run had started in ${where.target} (${moved} file${moved === 1 ? '' : 's'})${
          skipped.length > 0 ? `; left as they are, changed since: ${skipped.join(', ')}` : ''
        }.`,
      );
    } else {
      removeStaging(staging);
      notes.push(`Removed ${staging}, left by an interrupted run before it changed anything.`);
    }
  }
  for (const staging of legacyStagingFolders(where)) {
    rmSync(staging, { recursive: true, force: true });
    notes.push(`Removed ${staging}, left by an interrupted run of an earlier version.`);
  }
  return notes;
}

/**
 * The target as completeInterrupted() would leave it, without writing: what a dry run plans
 * against. `pending` is true when an interrupted run's change is waiting to be completed.
 */
export function readDiskAsCompleted(target: string): { disk: Map<string, string>; pending: boolean } {
  const where = places(target);
  const disk = readDisk(where.target);
  let pending = false;
  for (const staging of stagingFolders(where)) {
    const journal = readJournal(staging);
    if (!journal) continue;
    pending = true;
    for (const entry of journal.entries) {
      const now = disk.has(entry.path) ? hashOf(disk.get(entry.path)!) : null;
      if (now !== entry.before) continue;
      if (entry.op === 'remove') disk.delete(entry.path);
      else {
        const source = join(staging, FILES, entry.path);
        if (existsSync(source)) disk.set(entry.path, readFileSync(source, 'utf8'));
      }
    }
  }
  return { disk, pending };
}

/** A file where one of the path's folders should be is the path the user gave (exit 2), not the machine. */
function folderError(folder: string, error: unknown): Error {
  const code = codeOf(error);
  if (code === 'EEXIST' || code === 'ENOTDIR')
    return new UserError(folder, `cannot be created: a file is in the way (${code})`, 'a path through folders only');
  return new EnvironmentError(`${folder}: cannot create the folder (${code})`);
}

/**
 * Take the lock of target (see the top of this file), or exit 2 naming it when another run holds
 * it. Returns the function that releases it.
 */
export function lockTarget(target: string): () => void {
  const where = places(target);
  let created: string | undefined;
  try {
    created = mkdirSync(where.parent, { recursive: true });
  } catch (error) {
    throw folderError(where.parent, error);
  }
  const token = randomBytes(8).toString('hex');
  const text = `${JSON.stringify({ pid: process.pid, token })}\n`;
  const aside = `${where.lock}.${token}`;
  writeFileSync(aside, text, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        linkSync(aside, where.lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
        const held = readLock(where.lock);
        if (processAlive(held.pid)) {
          throw new UserError(
            where.lock,
            `another create-inngest-gitops run (pid ${held.pid}) is writing ${where.target}`,
            'wait until it ends; if no such process runs, delete the lock file',
          );
        }
        // Left by a killed run: take it over, unless another run just did.
        if (readFileOrEmpty(where.lock) === held.text) rmSync(where.lock, { force: true });
      }
    }
    removeDeadLockAsides(where);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new EnvironmentError(`${where.lock}: cannot create the lock file (${codeOf(error)})`);
  } finally {
    rmSync(aside, { force: true });
  }
  return () => {
    if (readFileOrEmpty(where.lock) === text) rmSync(where.lock, { force: true });
    // A run that wrote nothing leaves no trace, not even the folders made for its lock.
    if (created === undefined || existsSync(where.target)) return;
    for (let folder = where.parent; existsSync(folder) && readdirSync(folder).length === 0; folder = dirname(folder)) {
      rmdirSync(folder);
      if (folder === created) return;
    }
  };
}

function readFileOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Lock files written aside by runs killed before they linked them. */
function removeDeadLockAsides(where: Places): void {
  const prefix = `${basename(where.lock)}.`;
  for (const entry of readdirSync(where.parent)) {
    if (!entry.startsWith(prefix) || !/^[0-9a-f]{16}$/.test(entry.slice(prefix.length))) continue;
    const path = join(where.parent, entry);
    if (!processAlive(readLock(path).pid)) rmSync(path, { force: true });
  }
}

function readLock(path: string): { pid: number; text: string } {
  const text = readFileOrEmpty(path);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isRecord(parsed) && typeof parsed.pid === 'number') return { pid: parsed.pid, text };
  } catch {
    // written aside and linked whole: unreadable means not a lock of ours
  }
  return { pid: -1, text };
}

function processAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last guard of "no plaintext secret in the repository": no code path may write a plain Secret. */
function refusePlainSecrets(tree: FileTree): void {
  for (const [path, text] of tree) {
    if (/^kind:\s*Secret\s*$/m.test(text))
      throw new Error(`refusing to write a plain Secret into ${path}: only SealedSecrets belong in the repository`);
  }
}

/** Write `text` to `path` atomically: a temporary file beside it, then a rename. */
export async function writeFileAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new EnvironmentError(`-o ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
