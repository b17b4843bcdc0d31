/**
 * Generated repositories for tests: rendered with repositoryTree and written with writeTree;
 * optionally with every secret of every environment sealed, as a scaffold with --cert does.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, type Document } from 'yaml';
import { resolveAnswers } from '../../src/answers/resolve.js';
import type { Answers, Environment, PartialAnswers } from '../../src/answers/schema.js';
import { repositoryTree as renderTree } from '../../src/commands/repository-tree.js';
import { seededRandom, type RandomSource } from '../../src/core/random.js';
import { writeTree } from '../../src/io/write.js';
import type { FileTree } from '../../src/model/file-tree.js';
import { providedSecrets } from '../../src/model/names.js';
import { environmentSecrets } from '../../src/secrets/environment.js';
import { parseSealingKey } from '../../src/secrets/key.js';
import { sealEnvironment } from '../../src/secrets/scaffold.js';
import { sealSecret } from '../../src/secrets/sealer.js';
import type { Sealer } from '../../src/secrets/sealing.js';
import { tempDir } from './cli.js';

const DEMO_CERT = new URL('../fixtures/demo-sealing.crt', import.meta.url);
/** Inside the demo certificate's validity. */
const NOW = new Date('2026-06-01T12:00:00Z');

/**
 * A stand-in for every value the user provides (INNGEST_GITOPS_<ENV>_<KEY>), so no secret stays
 * pending; connection strings that pass the checks against the answers.
 */
function providedValues(answers: Answers, env: Environment): NodeJS.ProcessEnv {
  const { provided } = environmentSecrets(answers, env, ZEROS);
  return Object.fromEntries(
    provided.flatMap((secret) =>
      Object.entries(secret.keys).map(([key, variable]) => [
        variable,
        standIn(env, secret.name) ?? `not-a-real-${key}`,
      ]),
    ),
  );
}

function standIn(env: Environment, secret: string): string | undefined {
  const pg = env.postgres.external;
  if (secret === providedSecrets.postgresUri.name && pg)
    return `postgres://inngest:not-a-real-password@${pg.host}:${pg.port}/inngest?sslmode=verify-full&sslrootcert=system`;
  const valkey = env.valkey.external;
  if (secret === providedSecrets.redisUri.name && valkey)
    return `${valkey.tls ? 'rediss' : 'redis'}://:not-a-real-password@${valkey.host}:${valkey.port}/0`;
  return undefined;
}
const ZEROS: RandomSource = { bytes: (length) => Buffer.alloc(length) };

/**
 * Every Secret of every environment, sealed the way a scaffold with --cert seals them
 * (src/secrets/scaffold.ts): the demo certificate, the built-in sealer, fixed randomness.
 */
function sealedSecretFiles(answers: Answers): Map<string, { file: string; text: string }[]> {
  const key = parseSealingKey(readFileSync(DEMO_CERT, 'utf8'), 'demo certificate', NOW);
  const random = seededRandom('validate-tests');
  const sealer: Sealer = {
    how: 'built-in sealer',
    seal: (secret, scope = 'strict', fields) => sealSecret(secret, key, scope, random, fields),
  };
  return new Map(
    answers.environments.map((env) => {
      const { files, pending } = sealEnvironment(answers, env, sealer, random, providedValues(answers, env));
      if (pending.length > 0) throw new Error(`${env.name}: ${pending.map((s) => s.name).join(', ')} left pending`);
      return [env.name, files];
    }),
  );
}

export interface Scaffolded {
  dir: string;
  answers: Answers;
}

/** Where the Applications of a test scaffold read from. */
const TEST_REPO_URL = 'https://github.com/acme/inngest-gitops.git';

export interface Generated {
  answers: Answers;
  tree: FileTree;
}

/** Rendered trees by answers: tests render the same answers many times (a render is pure). */
const trees = new Map<string, Generated>();

/**
 * Every file of the repository generated for these answers (inngest-gitops.json included),
 * optionally with every secret sealed; rendered once per answers and version, shared read-only.
 */
export function generated(
  config: PartialAnswers = {},
  options: { sealed?: boolean; generatorVersion?: string } = {},
): Generated {
  const generatorVersion = options.generatorVersion ?? '0.0.0-test';
  const key = JSON.stringify([config, Boolean(options.sealed), generatorVersion]);
  let found = trees.get(key);
  if (!found) {
    // A repository URL, as validate requires one of every Application.
    const answers = resolveAnswers({ repoURL: TEST_REPO_URL, ...config });
    const tree = renderTree(answers, {
      generatorVersion,
      ...(options.sealed ? { sealedSecrets: sealedSecretFiles(answers) } : {}),
    });
    found = { answers, tree };
    trees.set(key, found);
  }
  return found;
}

/** A generated repository in a new temporary folder (dir/repo), optionally with every secret sealed. */
export function scaffold(config: PartialAnswers = {}, options: { sealed?: boolean } = {}): Scaffolded {
  const { answers, tree } = generated(config, options);
  const dir = join(tempDir('cig-validate-'), 'repo');
  writeTree(tree, dir);
  return { dir, answers };
}

/** A fresh copy of a scaffolded repository, to break one thing in. */
export function copyRepo(dir: string): string {
  const copy = join(tempDir('cig-broken-'), 'repo');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** Edit a YAML file in place through the Document API; `edit` is called with each document of the file. */
export function editYaml(file: string, edit: (doc: Document) => void): void {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' });
  if (!Array.isArray(docs)) throw new Error(`${file}: no documents`);
  for (const doc of docs) edit(doc);
  writeFileSync(file, docs.map((doc) => doc.toString({ lineWidth: 0 })).join(''));
}

/** Non-default answers: three environments, every KEDA source, an Ingress, backups, another image name. */
export const NON_DEFAULT: PartialAnswers = {
  name: 'acme',
  repoURL: 'https://github.com/acme/inngest-gitops.git',
  image: { repository: 'registry.example.com/mirror/inngest', tag: 'v1.44.0' },
  environments: [
    { name: 'dev', keda: { enabled: false } },
    { name: 'stage', keda: { source: 'sidecar' }, hostname: 'inngest.stage.example.com' },
    {
      name: 'prod',
      namespace: 'inngest-production',
      keda: {
        source: 'prometheus',
        prometheusAddress: 'http://prometheus-operated.monitoring.svc:9090',
        prometheusAuth: 'bearer',
      },
      postgres: {
        backup: { destinationPath: 's3://acme-backups/prod', endpointURL: 'https://s3.eu-central-1.amazonaws.com' },
      },
    },
  ],
};
