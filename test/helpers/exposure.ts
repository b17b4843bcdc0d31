/** Exposure answers and readers of rendered routes, shared by the unit and e2e exposure tests. */
import type { PartialAnswers } from '../../src/answers/schema.js';
import { tempDir } from './cli.js';
import type { K8s } from './kubectl.js';
import { runMain } from './main.js';

/** Runs the CLI in-process in cwd (a new temporary folder by default). */
export const run = (args: string[], cwd = tempDir()) => runMain(args, { cwd });

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
