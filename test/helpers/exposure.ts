/** Exposure answers and readers of rendered routes, shared by the unit and e2e exposure tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartialAnswers } from '../../src/answers/schema.js';
import { tempDir } from './cli.js';
import { TEST_CERT_PATH } from './keys.js';
import type { K8s } from './kubectl.js';
import { runMain } from './main.js';

/** Runs the CLI in-process in cwd (a new temporary folder by default). */
export const run = (args: string[], cwd = tempDir()) => runMain(args, { cwd });

export function writeConfig(config: PartialAnswers): string {
  const file = join(tempDir(), 'answers.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** A repository scaffolded in-process with these answers, every secret sealed with the demo certificate. */
export async function scaffold(config: PartialAnswers, ...args: string[]): Promise<string> {
  const dir = join(tempDir(), 'repo');
  // A repository URL, as validate requires one of every Application.
  const answers = { repoURL: 'https://github.com/acme/inngest-gitops.git', ...config };
  const result = await run([dir, '--config', writeConfig(answers), '--cert', TEST_CERT_PATH, ...args]);
  if (result.status !== 0) throw new Error(result.stderr);
  return dir;
}

export const ofKind = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);

/** Gateway API in prod, Ingress (traefik, cert-manager) in stage, both with a Connect host. */
export const MIXED_EXPOSURE: PartialAnswers = {
  environments: [
    {
      name: 'stage',
      hostname: 'inngest.stage.example.com',
      connectHostname: 'connect.stage.example.com',
      connectSourceRanges: ['203.0.113.0/24'],
      ingress: { className: 'traefik', certManager: { clusterIssuer: 'letsencrypt' }, controllerNamespace: 'traefik' },
      appNamespaces: ['shop-stage'],
    },
    {
      name: 'prod',
      hostname: 'inngest.example.com',
      connectHostname: 'connect.example.com',
      connectSourceRanges: ['0.0.0.0/0', '::/0'],
      gateway: { namespace: 'gateway-system', name: 'shared', sectionName: 'https' },
    },
  ],
};
