/**
 * Environments on external servers as Argo CD applies them (kubectl kustomize): prod on an external
 * PostgreSQL and Redis beside stage in the cluster, nothing of the in-cluster stores in prod, Inngest
 * and the retention job on the sealed URIs with egress to the answers' networks only; validate
 * passes on such repositories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { repositoryTree } from '../../../src/commands/repository-tree.js';
import { writeTree } from '../../../src/io/write.js';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { kubectlFor, kustomize, parseStream, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays } from '../../helpers/overlays.js';
import { scaffold } from '../../helpers/scaffold.js';
import { EXTERNAL_CONFIG, EXTERNAL_PROD, run } from '../../helpers/stores.js';

const kubectl = kubectlFor('overlays of environments on external servers');

describe.runIf(kubectl)('prod on external servers, stage in the cluster', () => {
  const rendered = (env: string): K8s[] => renderOverlays(EXTERNAL_CONFIG).overlays.get(env)!;

  it('renders prod without any in-cluster store, Inngest reading the sealed URIs', () => {
    const objects = rendered('prod');
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const gone of [
      'Cluster/inngest-postgres',
      'Database/inngest',
      'StatefulSet/inngest-valkey',
      'Service/inngest-valkey',
      'NetworkPolicy/inngest-postgres',
      'NetworkPolicy/inngest-valkey',
      'NetworkPolicy/inngest-to-postgres',
      'NetworkPolicy/inngest-to-valkey',
      'NetworkPolicy/inngest-postgres-from-retention',
      'SealedSecret/inngest-postgres-role',
      'SealedSecret/inngest-valkey',
    ])
      expect(kinds).not.toContain(gone);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
    expect(env.INNGEST_POSTGRES_URI).toEqual({
      name: 'INNGEST_POSTGRES_URI',
      valueFrom: { secretKeyRef: { name: 'inngest-postgres-uri', key: 'POSTGRES_URI' } },
    });
    expect(env.INNGEST_REDIS_URI.valueFrom.secretKeyRef).toEqual({ name: 'inngest-redis-uri', key: 'REDIS_URI' });
    expect(env.POSTGRES_PASSWORD).toBeUndefined();
    expect(env.VALKEY_PASSWORD).toBeUndefined();
    expect(JSON.stringify(deployment)).not.toContain('inngest-postgres-ca');

    const egress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'inngest-external-stores')!;
    expect(egress.spec.podSelector).toEqual(
      objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'inngest')!.spec.podSelector,
    );
    expect(egress.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      {
        to: [{ ipBlock: { cidr: '10.30.0.0/24' } }, { ipBlock: { cidr: '10.31.0.0/24' } }],
        ports: [{ protocol: 'TCP', port: 6380 }],
      },
    ]);
    // Inngest's own policy leads nowhere else on a store port.
    const own = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'inngest')!;
    const ports = own.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(ports).not.toContain(5432);
    expect(ports).not.toContain(6379);
  });

  it('runs prod history retention with psql on the sealed URI, and lets it out to the server only', () => {
    const objects = rendered('prod');
    const job = objects.find((o) => o.kind === 'CronJob')!.spec.jobTemplate.spec.template.spec;
    const container = job.containers[0];
    expect(container.args.slice(-2)).toEqual(['-d', '$(POSTGRES_URI)']);
    expect(container.env.map((e: any) => e.name).sort()).toEqual([
      'PGAPPNAME',
      'PGCONNECT_TIMEOUT',
      'POSTGRES_URI',
      'RETENTION_DAYS',
    ]);
    expect(container.env.find((e: any) => e.name === 'POSTGRES_URI').valueFrom.secretKeyRef.name).toBe(
      'inngest-postgres-uri',
    );
    expect(job.volumes.map((v: any) => v.name)).not.toContain('postgres-ca');
    const policy = objects.find((o) => o.metadata.name === 'inngest-retention-external-postgres')!;
    expect(policy.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ]);
  });

  it('renders stage as before: CloudNativePG and Valkey with their policies', () => {
    const kinds = rendered('stage').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Cluster/inngest-postgres',
        'StatefulSet/inngest-valkey',
        'Service/inngest-valkey',
        'NetworkPolicy/inngest-to-postgres',
        'NetworkPolicy/inngest-to-valkey',
      ]),
    );
    expect(kinds).not.toContain('NetworkPolicy/inngest-external-stores');
  });

  it('passes validate', async () => {
    const { dir } = scaffold(EXTERNAL_CONFIG, { sealed: true });
    const result = await run(['validate', dir]);
    expect(result.out).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/m);
    expect(result.status).toBe(0);
  });
});

describe.runIf(kubectl)(
  'an environment on an external PostgreSQL beside one whose retention job runs in the cluster',
  () => {
    it('switches its retention job to the sealed URI and drops the in-cluster policies', () => {
      const answers = resolveAnswers({
        environments: [
          { name: 'stage', retention: { enabled: true } },
          { ...EXTERNAL_PROD, valkey: {} },
        ],
      });
      const dir = join(tempDir(), 'repo');
      writeTree(repositoryTree(answers, { generatorVersion: '0.0.0-test' }), dir);
      const objects = parseStream(kustomize(join(dir, 'overlays/prod')));
      const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(names).not.toContain('NetworkPolicy/inngest-retention-to-postgres');
      expect(names).not.toContain('NetworkPolicy/inngest-postgres-from-retention');
      expect(names).toContain('NetworkPolicy/inngest-retention-external-postgres');
      const job = objects.find((o) => o.kind === 'CronJob')!.spec.jobTemplate.spec.template.spec;
      expect(job.containers[0].env.map((e: any) => e.name).sort()).toEqual([
        'PGAPPNAME',
        'PGCONNECT_TIMEOUT',
        'POSTGRES_URI',
        'RETENTION_DAYS',
      ]);
      expect(job.containers[0].args.slice(-2)).toEqual(['-d', '$(POSTGRES_URI)']);
      expect(job.volumes.map((v: any) => v.name)).toEqual(['sql', 'tmp']);
      const inngest = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
      expect(inngest.containers[0].env.find((e: any) => e.name === 'INNGEST_POSTGRES_URI')).toEqual({
        name: 'INNGEST_POSTGRES_URI',
        valueFrom: { secretKeyRef: { name: 'inngest-postgres-uri', key: 'POSTGRES_URI' } },
      });
      // Valkey stays in the cluster here: its password still feeds the URI, defined before it.
      const env = inngest.containers[0].env.map((e: any) => e.name);
      expect(env.indexOf('VALKEY_PASSWORD')).toBeLessThan(env.indexOf('INNGEST_REDIS_URI'));
      expect(inngest.volumes.map((v: any) => v.name)).toEqual(['tmp']);
      const stage = parseStream(kustomize(join(dir, 'overlays/stage'))).map((o) => `${o.kind}/${o.metadata.name}`);
      expect(stage).toEqual(
        expect.arrayContaining([
          'NetworkPolicy/inngest-retention-to-postgres',
          'NetworkPolicy/inngest-postgres-from-retention',
        ]),
      );
    });
  },
);

describe.runIf(kubectl)('every environment on external servers, with monitoring and retention', () => {
  const { dir } = scaffold(
    {
      monitoring: { enabled: true },
      environments: [
        { ...EXTERNAL_PROD, name: 'stage', retention: { enabled: true } },
        {
          ...EXTERNAL_PROD,
          valkey: { ...EXTERNAL_PROD.valkey, external: { ...EXTERNAL_PROD.valkey.external, tls: false } },
        },
      ],
    } as PartialAnswers,
    { sealed: true },
  );

  it('has no postgres or valkey folder, and scrapes Inngest only', () => {
    const files = listFiles(dir);
    expect(files.filter((f) => /^base\/(postgres|valkey)\//.test(f))).toEqual([]);
    const monitors = readFileSync(join(dir, 'base/monitoring/podmonitors.yaml'), 'utf8');
    expect(parseStream(monitors).map((o) => o.metadata.name)).toEqual(['inngest']);
    expect(files.some((f) => f.includes('delete'))).toBe(false);
  });

  it('passes validate', async () => {
    const result = await run(['validate', dir]);
    expect(result.out).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/m);
    expect(result.status).toBe(0);
  });
});

describe.runIf(kubectl)('monitoring beside an environment on external servers', () => {
  it('scrapes the in-cluster stores of stage only', () => {
    const answers = resolveAnswers({ ...EXTERNAL_CONFIG, monitoring: { enabled: true } });
    const dir = join(tempDir(), 'repo');
    writeTree(repositoryTree(answers, { generatorVersion: '0.0.0-test' }), dir);
    const monitors = (env: string) =>
      parseStream(kustomize(join(dir, 'overlays', env)))
        .filter((o) => o.kind === 'PodMonitor' || o.metadata.name.endsWith('-metrics'))
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort();
    expect(monitors('prod')).toEqual(['PodMonitor/inngest']);
    expect(monitors('stage')).toEqual([
      'NetworkPolicy/inngest-postgres-metrics',
      'NetworkPolicy/inngest-valkey-metrics',
      'PodMonitor/inngest',
      'PodMonitor/inngest-postgres',
      'PodMonitor/inngest-valkey',
    ]);
  });
});
