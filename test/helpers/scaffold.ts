/**
 * Generated repositories for the validate and set-image tests: rendered with renderTree and
 * written with writeTree; optionally with every secret sealed (demo certificate, fixed randomness)
 * the way the secrets integration will write them: secrets/<env>/<name>.yaml in sync wave -1.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, type Document } from 'yaml';
import { resolveAnswers } from '../../src/answers/resolve.js';
import type { Answers, Environment, PartialAnswers } from '../../src/answers/schema.js';
import { providedSecrets, secrets, SYNC_WAVE } from '../../src/model/names.js';
import { seededRandom } from '../../src/core/random.js';
import { repositoryTree as renderTree } from '../../src/commands/repository-tree.js';
import { parseSealingKey } from '../../src/secrets/key.js';
import { sealSecret } from '../../src/secrets/sealer.js';
import { writeTree } from '../../src/io/write.js';
import { toYaml } from '../../src/core/yaml.js';
import { tempDir } from './cli.js';

const DEMO_CERT = new URL('../fixtures/demo-sealing.crt', import.meta.url);
/** Inside the demo certificate's validity. */
const NOW = new Date('2026-06-01T12:00:00Z');

/** The Secrets an environment references, with their keys. */
function secretsFor(env: Environment): { name: string; type: string; keys: string[] }[] {
  const list: { name: string; type: string; keys: Record<string, string> }[] = [
    secrets.inngestKeys,
    secrets.postgresRole,
    secrets.valkey,
  ];
  if (env.postgres.backup) list.push(providedSecrets.backupCredentials);
  if (env.keda.enabled && env.keda.source === 'prometheus' && env.keda.prometheusAuth === 'bearer')
    list.push(providedSecrets.kedaPrometheus);
  return list.map((s) => ({ name: s.name, type: s.type, keys: Object.values(s.keys) }));
}

function sealedSecretFiles(answers: Answers): Map<string, { file: string; text: string }[]> {
  const key = parseSealingKey(readFileSync(DEMO_CERT, 'utf8'), 'demo certificate', NOW);
  const random = seededRandom('validate-tests');
  const out = new Map<string, { file: string; text: string }[]>();
  for (const env of answers.environments) {
    out.set(
      env.name,
      secretsFor(env).map((secret) => {
        const data = Object.fromEntries(secret.keys.map((k) => [k, k === 'username' ? 'inngest' : `not-a-real-${k}`]));
        const sealed = sealSecret(
          { name: secret.name, namespace: env.namespace, type: secret.type, data },
          key,
          'strict',
          random,
        ).toJSON() as {
          metadata: { annotations?: Record<string, string> };
        };
        sealed.metadata.annotations = { ...sealed.metadata.annotations, [SYNC_WAVE]: '-1' };
        return { file: `${secret.name}.yaml`, text: toYaml(sealed) };
      }),
    );
  }
  return out;
}

export interface Scaffolded {
  dir: string;
  answers: Answers;
}

export function scaffold(config: PartialAnswers = {}, options: { sealed?: boolean } = {}): Scaffolded {
  const answers = resolveAnswers(config);
  const tree = renderTree(answers, {
    generatorVersion: '0.0.0-test',
    ...(options.sealed ? { sealedSecrets: sealedSecretFiles(answers) } : {}),
  });
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
