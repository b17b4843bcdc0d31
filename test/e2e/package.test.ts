import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswers } from '../../src/answers/resolve.js';
import { secretNames } from '../../src/secrets/environment.js';
import { listFiles, repoRoot, tempDir } from '../helpers/cli.js';
import { kubectlFor, kustomize } from '../helpers/kubectl.js';

/**
 * What `npx create-inngest-gitops` gets: `npm pack` this repository (npm test has just built
 * dist/), install the tarball into an empty project without the registry (--offline: the package
 * has no dependencies), and run the installed bin end to end.
 */

/** Installed size budget (README "Performance"): 1.5 MB, counted in bytes of file content. */
const INSTALLED_SIZE_LIMIT = 1_500_000;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    input: '',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result;
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(path) : statSync(path).size;
  }
  return total;
}

let pack: PackResult;
let project: string;
let installed: string;
let bin: string;

beforeAll(() => {
  const work = tempDir('cig-pack-');
  const npmEnv = { npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' };
  // npm test has just built dist/; --ignore-scripts packs exactly that instead of building again.
  const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], repoRoot, npmEnv);
  pack = (JSON.parse(packed.stdout) as PackResult[])[0]!;
  project = join(work, 'project');
  run('mkdir', ['-p', project], work);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true })}\n`,
  );
  run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, pack.filename)],
    project,
    npmEnv,
  );
  installed = join(project, 'node_modules/create-inngest-gitops');
  bin = join(project, 'node_modules/.bin/create-inngest-gitops');
}, 180_000);

describe('the npm package', () => {
  it('holds only the bin shim, the bundle, README, LICENSE and package.json', () => {
    const paths = pack.files.map((f) => f.path);
    expect(paths).toContain('bin/create-inngest-gitops.js');
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('README.md');
    expect(paths).toContain('LICENSE');
    const allowed =
      /^(bin\/create-inngest-gitops\.js|dist\/[^/]+\.js|dist\/schemas\.json\.gz|README\.md|LICENSE|package\.json)$/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
  });

  it('declares no dependencies, and nothing else is installed beside it', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual([
      'create-inngest-gitops',
    ]);
  });

  it(`is at most ${INSTALLED_SIZE_LIMIT / 1e6} MB installed`, () => {
    const size = directorySize(installed);
    console.log(`package: ${pack.size} bytes packed, ${size} bytes installed`);
    expect(size).toBeLessThanOrEqual(INSTALLED_SIZE_LIMIT);
  });

  it('LICENSE is Apache-2.0 followed by the licenses of the bundled libraries', () => {
    const license = readFileSync(join(installed, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    for (const name of ['kubernetes-models@', '@kubernetes-models/cloudnative-pg@', 'ajv@', 'yaml@']) {
      expect(license).toContain(`- ${name}`);
    }
  });

  it('--help and --version work from the installed bin', () => {
    const help = run(bin, ['--help'], project);
    expect(help.stdout).toContain('Usage: create-inngest-gitops [dir] [options]');
    const version = run(bin, ['--version'], project);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('scaffolds with --yes and seals every secret with the built-in sealer', () => {
    const target = join(project, 'my-inngest');
    const cert = join(repoRoot, 'test/fixtures/demo-sealing.crt');
    const noKubeseal = {
      PATH: (process.env.PATH ?? '')
        .split(':')
        .filter((d) => !d || !listable(join(d, 'kubeseal')))
        .join(':'),
    };
    const result = run(
      bin,
      ['my-inngest', '--yes', '--cert', cert, '--no-kubeseal', '--repo-url', 'https://github.com/acme/inngest.git'],
      project,
      noKubeseal,
    );
    expect(result.stdout).toContain('with the built-in sealer');
    const files = listFiles(target);
    expect(files).toContain('overlays/prod/kustomization.yaml');
    const answers = defaultAnswers();
    for (const env of answers.environments) {
      const sealed = files.filter((f) => f.startsWith(`secrets/${env.name}/`) && !f.endsWith('/kustomization.yaml'));
      expect(sealed.sort()).toEqual(
        secretNames(answers, env)
          .map((name) => `secrets/${env.name}/${name}.yaml`)
          .sort(),
      );
    }
    const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    expect(readFileSync(join(target, 'inngest-gitops.json'), 'utf8')).toContain(`"${version}"`);
  });

  it.runIf(kubectlFor('kubectl kustomize and validate of the installed package'))(
    'its scaffold renders with kubectl, and validate from the installed package passes on it',
    () => {
      const rendered = kustomize(join(project, 'my-inngest/overlays/prod'));
      expect(rendered).toContain('kind: Deployment');
      expect(rendered).toContain('kind: SealedSecret');
      // validate from the installed package reads the packed strict schemas (dist/schemas.json.gz)
      const validate = run(bin, ['validate', 'my-inngest'], project);
      expect(validate.stdout).toMatch(/^ok: \d+ objects in 2 environments, 0 problems\n$/);
    },
  );
});

function listable(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
