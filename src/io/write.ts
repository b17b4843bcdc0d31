import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError, UserError } from '../core/errors.js';
import type { FileTree } from '../model/file-tree.js';

/** A folder holding nothing, or only `.git`, counts as empty: the "clone, then scaffold into it" case. */
function isEmptyTarget(target: string): boolean {
  if (!existsSync(target)) return true;
  if (!statSync(target).isDirectory()) return false;
  return readdirSync(target).every((entry) => entry === '.git');
}

export function checkTarget(target: string, force: boolean): void {
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UserError(target, 'is a file', 'a new or empty folder');
  }
  if (!force && !isEmptyTarget(target)) {
    throw new UserError(target, 'is not empty', 'a new or empty folder, or --force to write into it');
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

/**
 * Writes files into target (and removes `remove`) without ever leaving a half-written
 * repository: every file is first written into a temporary folder beside the target (same
 * filesystem), then moved into place with rename, which is atomic per file. Any failure before
 * the moves leaves the target untouched and the temporary folder removed.
 */
export function writeTree(tree: FileTree, target: string, remove: readonly string[] = []): void {
  const absolute = resolve(target);
  refusePlainSecrets(tree);
  mkdirSync(dirname(absolute), { recursive: true });
  const staging = mkdtempSync(join(dirname(absolute), `.${basename(absolute)}.staging-`));
  try {
    for (const [path, text] of tree) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text, { mode: 0o644 });
    }
    if (!existsSync(absolute)) {
      renameSync(staging, absolute);
      return;
    }
    for (const path of tree.keys()) {
      const destination = join(absolute, path);
      mkdirSync(dirname(destination), { recursive: true });
      renameSync(join(staging, path), destination);
    }
    for (const path of remove) rmSync(join(absolute, path), { force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
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
