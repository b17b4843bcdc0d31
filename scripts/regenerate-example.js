#!/usr/bin/env node
// Rewrites this repository's top-level example (base/, overlays/, secrets/, argocd/) from the
// default answers. Run through `npm run example` (vite-node runs the TypeScript sources).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_DIRS, exampleTree } from '../src/commands/example.js';
import { generatorVersion } from '../src/io/version.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const demoCertificatePem = readFileSync(join(root, 'test/fixtures/demo-sealing.crt'), 'utf8');
const tree = exampleTree({ generatorVersion: generatorVersion(), demoCertificatePem });
for (const dir of EXAMPLE_DIRS) rmSync(join(root, dir), { recursive: true, force: true });
for (const [path, text] of tree) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
console.log(`example: wrote ${tree.size} files under ${EXAMPLE_DIRS.join(', ')}`);
