/**
 * The generated README tells a platform engineer what the repository does on a cluster: the sync
 * order and why nothing waits on external health, what autoscaling reads, what the network
 * assumes and publishes.
 */
import { describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { generated } from '../../helpers/scaffold.js';

function section(config: PartialAnswers, title: string): string {
  const readme = generated(config).tree.get('README.md')!;
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `section ${title}`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  // Markdown line breaks are not content.
  return readme.slice(start, end === -1 ? undefined : end).replace(/\s*\n\s*/g, ' ');
}

describe('README: Operators and sync waves', () => {
  it('says the last wave holds what depends on something outside the repository, and is never waited on', () => {
    const text = section({}, 'Operators and sync waves');
    expect(text).toContain(
      'and last (3) what depends on something outside this repository: the Ingresses or HTTPRoutes, the PodMonitors and the ScaledObject',
    );
    expect(text).toContain('except the last one, which a sync never waits on');
    expect(text).toContain('No Application uses `PruneLast=true`');
    expect(text).toContain(
      'No environment has backups, so neither the Barman Cloud plugin nor cert-manager is installed',
    );
  });

  it('lists cert-manager and the Barman Cloud plugin, and why, where an environment has backups', () => {
    const text = section(
      { environments: [{ name: 'prod', postgres: { backup: { destinationPath: 's3://acme-backups/prod' } } }] },
      'Operators and sync waves',
    );
    expect(text).toMatch(
      /\| `cert-manager` v\d+\.\d+\.\d+ \(app v[\d.]+\) \| https:\/\/charts\.jetstack\.io \| `cert-manager` \| -3 \|/,
    );
    expect(text).toMatch(
      /\| `plugin-barman-cloud` [\d.]+ \(app v[\d.]+\) \| https:\/\/cloudnative-pg\.github\.io\/charts \| `cnpg-system` \| -2 \|/,
    );
    expect(text).toContain('it only loads plugins from its own namespace');
    const own = section(
      {
        platform: { installOperators: false },
        environments: [{ name: 'prod', postgres: { backup: { destinationPath: 's3://acme-backups/prod' } } }],
      },
      'Operators and sync waves',
    );
    expect(own).toContain('Environments with backups also need cert-manager and the CloudNativePG Barman Cloud plugin');
  });
});

describe('README: Autoscaling', () => {
  it('explains what the queue depth counts, how to subtract crons, and why not activationThreshold', () => {
    const text = section(
      { environments: [{ name: 'prod', keda: { source: 'sidecar', idleQueueDepth: 12 } }] },
      'Autoscaling',
    );
    expect(text).toContain('the next run of every cron function');
    expect(text).toContain('`keda.idleQueueDepth` subtracts such a baseline');
    expect(text).toContain('Set here: prod 12.');
    expect(text).toContain("KEDA's `activationThreshold` does not help");
    expect(text).toContain('`ignoreNullValues: "false"`');
    expect(text).toContain('`clamp_min(max(inngest_queue_depth) - 12, 0)`');
  });
});

describe('README: Network and security', () => {
  it('names the DNS and Kubernetes API answers in effect, and what is never published', () => {
    const text = section({}, 'Network and security');
    expect(text).toContain('(`network.dns: kube-dns`): every pod may ask the CoreDNS or kube-dns pods');
    expect(text).toContain('TCP 443, 6443');
    expect(text).toContain('`/v0/` as a whole or `/v1/`');
    expect(text).toContain('`inngest-gitops/environment` included');
    const nodeLocal = section(
      { network: { dns: 'node-local-dns', kubernetesApiPorts: [8443] } },
      'Network and security',
    );
    expect(nodeLocal).toContain('NodeLocal DNSCache at `169.254.20.10/32`');
    expect(nodeLocal).toContain('TCP 8443');
    expect(section({ network: { dns: 'openshift' } }, 'Network and security')).toContain(
      '`openshift-dns` on port 5353',
    );
  });

  it('lists every public route with what calls it, and why /v1/ is not one', () => {
    const text = section(
      {
        environments: [
          {
            name: 'prod',
            hostname: 'inngest.example.com',
            connectHostname: 'connect.example.com',
            connectSourceRanges: ['203.0.113.0/24'],
          },
        ],
      },
      'For application teams: how apps reach Inngest',
    );
    expect(text).toContain('| `/v0/runs/` | prefix | large run state and batched events');
    expect(text).toContain(
      '| `/v0/connect/flush` | exact | Connect workers flushing buffered results (signing key); only with a Connect host |',
    );
    expect(text).toContain("tokens signed with constants published in Inngest's source (`pkg/consts/devserver.go`)");
  });
});
