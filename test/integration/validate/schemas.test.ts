import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { DEFAULT_OUT_DIR, generateStrictSchemas } from '../../../scripts/strict-schemas-lib.js';
import { KINDS, shapeFileName } from '../../../src/validate/kinds.js';

// Regenerates the strict schemas from the installed (pinned) packages and compares them
// with the committed ones: upgrading a kubernetes-models package without running
// `npm run schemas` fails here.
describe('strict schemas drift check', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'strict-schemas-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('committed src/validate/schemas/ equals a fresh generation', { timeout: 60_000 }, () => {
    generateStrictSchemas(tmp);
    const fresh = readdirSync(tmp).sort();
    const committed = readdirSync(DEFAULT_OUT_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(committed).toEqual(fresh);
    for (const f of fresh) {
      const a = readFileSync(join(DEFAULT_OUT_DIR, f), 'utf8');
      const b = readFileSync(join(tmp, f), 'utf8');
      expect(a === b, `${f} is stale: run npm run schemas`).toBe(true);
    }
  });

  it('has one shape file per kind, listed in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(DEFAULT_OUT_DIR, 'manifest.json'), 'utf8')) as {
      kinds: { apiVersion: string; kind: string; file: string }[];
      sources: { name: string; version: string }[];
    };
    expect(manifest.kinds.map((k) => k.file)).toEqual(KINDS.map((k) => shapeFileName(k.apiVersion, k.kind)));
    expect(manifest.sources.map((s) => s.name)).toContain('kubernetes-models');
  });
});
