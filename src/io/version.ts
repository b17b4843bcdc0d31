import { readFileSync } from 'node:fs';

/**
 * The generator's own version, from its package.json: one folder above the bundle in dist/, two
 * above this file in src/io/ (tests run the sources).
 */
export function generatorVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'create-inngest-gitops' && pkg.version) return pkg.version;
    } catch {
      // not this one
    }
  }
  throw new Error('create-inngest-gitops: its package.json is missing');
}
