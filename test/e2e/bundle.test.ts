import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, tempDir } from '../helpers/cli.js';

/**
 * The published CLI is dist/ (scripts/build.mjs, run by npm test). Startup must stay lazy:
 * the commands a user tries first load only small chunks. Every ES module the built CLI loads is
 * recorded by a module hook (test/helpers/trace-loads.mjs); esbuild's metafile
 * (build/metafile.json) says which source modules each dist/ file holds.
 */

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown>; bytes: number }>;
}
const metafile = JSON.parse(readFileSync(join(repoRoot, 'build/metafile.json'), 'utf8')) as Metafile;
const tracer = join(repoRoot, 'test/helpers/trace-loads.mjs');

/** Source modules (as metafile input paths) inside the dist files a CLI run loaded. */
function loadedInputs(args: string[], cwd = repoRoot): { files: string[]; inputs: string[]; status: number | null } {
  const trace = join(tempDir('cig-trace-'), 'loads.txt');
  const result = spawnSync(process.execPath, ['--import', tracer, binPath, ...args], {
    cwd,
    env: { ...process.env, TRACE_LOADS_FILE: trace },
    input: '',
    encoding: 'utf8',
  });
  const files = existsSync(trace)
    ? readFileSync(trace, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((url) => fileURLToPath(url))
    : [];
  const inputs = files.flatMap((file) => {
    const rel = file.slice(repoRoot.length).replace(/^\//, '');
    return Object.keys(metafile.outputs[rel]?.inputs ?? {});
  });
  return { files, inputs, status: result.status };
}

const models = /node_modules\/(kubernetes-models|@kubernetes-models)\//;
const sealer = /^src\/secrets\//;
/** The X.509 code, needed only to make a new controller key. */
const x509 = /^src\/(secrets|io)\/(controller-key|der)\.ts$/;
const render = /^src\/render\//;
const validators = /^src\/validate\//;
const ajv = /node_modules\/ajv\//; // the answers validator is precompiled: this is ajv's runtime or compiler
const yaml = /node_modules\/yaml\//;
const prompts = /^src\/(io\/terminal|commands\/interview|answers\/questions)\.ts$/;
const some = (inputs: string[], re: RegExp) => inputs.filter((i) => re.test(i));

describe('the bundle', () => {
  it('is ESM chunks in dist/ whose entry the bin shim imports', () => {
    expect(Object.keys(metafile.outputs)).toContain('dist/cli.js');
    expect(readFileSync(binPath, 'utf8')).toContain("'../dist/cli.js'");
    const heavy = Object.entries(metafile.outputs).filter(([, o]) => Object.keys(o.inputs).some((i) => models.test(i)));
    expect(heavy.length).toBeGreaterThan(0);
    expect(heavy.map(([file]) => file)).not.toContain('dist/cli.js');
  });

  it('loads nothing outside bin/ and dist/ (every library is bundled)', () => {
    const { files, status } = loadedInputs(['--print-config']);
    expect(status).toBe(0);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files)
      expect(file.startsWith(join(repoRoot, 'bin/')) || file.startsWith(join(repoRoot, 'dist/'))).toBe(true);
  });

  for (const [args, answers] of [
    [['--help'], 'src/commands/init-help.ts'],
    [['--version'], 'src/io/version.ts'],
    [['-h'], 'src/commands/init-help.ts'],
  ] as const) {
    it(`${args.join(' ')} loads neither models, sealer, validators, ajv, yaml nor prompts`, () => {
      const { inputs, status } = loadedInputs([...args]);
      expect(status).toBe(0);
      expect(inputs).toContain('src/cli.ts');
      expect(inputs).toContain(answers);
      for (const re of [models, sealer, render, validators, ajv, yaml, prompts]) expect(some(inputs, re)).toEqual([]);
    });
  }

  it('--print-config loads the answers schema and its validator, but no models, sealer, renderer or validators', () => {
    const { inputs, status } = loadedInputs(['--print-config']);
    expect(status).toBe(0);
    expect(inputs).toContain('src/answers/schema.ts'); // the tracing sees lazily loaded chunks
    expect(inputs).toContain('src/answers/validator.ts');
    for (const re of [models, sealer, render, validators, prompts]) expect(some(inputs, re)).toEqual([]);
  });

  it('ships the answers validator precompiled: no ajv compiler in the bundle', () => {
    const inputs = Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(inputs).toContain('src/answers/validator.ts');
    expect(inputs.filter((i) => /node_modules\/ajv\/dist\/(core|ajv|compile\/)/.test(i))).toEqual([]);
  });

  it('a scaffold does load the models and the sealer (the checks above can fail)', () => {
    const dir = join(tempDir(), 'out');
    const { inputs, status } = loadedInputs([
      dir,
      '--yes',
      '--cert',
      join(repoRoot, 'test/fixtures/demo-sealing.crt'),
      '--no-kubeseal',
    ]);
    expect(status).toBe(0);
    expect(some(inputs, models).length).toBeGreaterThan(0);
    expect(some(inputs, sealer).length).toBeGreaterThan(0);
    expect(some(inputs, prompts)).toEqual([]); // --yes never asks
    expect(some(inputs, x509)).toEqual([]); // X.509 code only for --new-controller-key
    const bundled = Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(some(bundled, x509).sort()).toEqual([
      'src/io/controller-key.ts',
      'src/secrets/controller-key.ts',
      'src/secrets/der.ts',
    ]);
  });
});
