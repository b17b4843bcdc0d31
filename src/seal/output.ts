/**
 * Serialisation and writing of a SealedSecret (DESIGN.md §2: YAML 1.1, no line folding; keys
 * apiVersion, kind, metadata, spec first, everything else sorted).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Document } from 'yaml';
import { EnvironmentError } from '../errors.js';

const TOP_LEVEL = ['apiVersion', 'kind', 'metadata', 'spec'];

export function toYaml(object: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(object));
  const doc = new Document(orderKeys(plain, true), { version: '1.1' });
  return doc.toString({ lineWidth: 0 });
}

function orderKeys(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => orderKeys(item, false));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const rank = (key: string) => (top && TOP_LEVEL.includes(key) ? TOP_LEVEL.indexOf(key) : TOP_LEVEL.length);
  entries.sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, orderKeys(item, false)]));
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
