import { readFileSync } from 'node:fs';

/** The generator's own version, from its package.json (one folder above dist/ and src/). */
export function generatorVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
