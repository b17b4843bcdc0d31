import { describe, expect, it } from 'vitest';
import { defaultAnswers, resolveAnswers } from '../../../src/answers/resolve.js';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import { parseYaml } from '../../../src/core/yaml.js';
import { objectNames, secrets, SYNC_WAVE } from '../../../src/model/names.js';
import { ObjectStore } from '../../../src/model/object-store.js';
import { objectStorePort, postgres } from '../../../src/render/postgres.js';
import { valkey } from '../../../src/render/valkey.js';
import { WITH_BACKUP } from '../../helpers/answers.js';

describe('postgres component (pure)', () => {
  const answers = resolveAnswers(WITH_BACKUP);
  const base = postgres.base(answers);
  const cluster = base.manifests.find((m) => m.file === 'cluster.yaml')!.objects[0]!.toJSON() as any;

  it('pins a PostgreSQL 17 image and bootstraps database inngest owned by inngest from our basic-auth Secret', () => {
    expect(cluster.spec.imageName).toMatch(/^ghcr\.io\/cloudnative-pg\/postgresql:17\.\d+-(standard|system)-trixie$/);
    expect(cluster.spec.bootstrap.initdb).toEqual({
      database: 'inngest',
      owner: 'inngest',
      secret: { name: secrets.postgresRole.name },
    });
    expect(cluster.spec.enableSuperuserAccess).toBe(false);
    expect(cluster.spec.affinity.enablePodAntiAffinity).toBe(true);
  });

  it('writes every role default CloudNativePG would add, so Argo CD does not drift (argoproj/argo-cd#28724)', () => {
    const cluster = parseYaml(
      renderTree(defaultAnswers(), { generatorVersion: 'x' }).get('base/postgres/cluster.yaml')!,
    ) as {
      spec: { managed: { roles: unknown[] } };
    };
    expect(cluster.spec.managed.roles).toHaveLength(1);
    expect(cluster.spec.managed.roles[0]).toEqual({
      name: 'inngest',
      ensure: 'present',
      login: true,
      superuser: false,
      createdb: false,
      createrole: false,
      inherit: true,
      replication: false,
      bypassrls: false,
      connectionLimit: -1,
      passwordSecret: { name: secrets.postgresRole.name },
    });
  });

  it('Database CR: retain, present, wave 1', () => {
    const db = base.manifests.find((m) => m.file === 'database.yaml')!.objects[0]!.toJSON() as any;
    expect(db.spec).toEqual({
      name: 'inngest',
      owner: 'inngest',
      cluster: { name: objectNames.postgresCluster },
      ensure: 'present',
      databaseReclaimPolicy: 'retain',
    });
    expect(db.metadata.annotations[SYNC_WAVE]).toBe('1');
  });

  it('omits an empty storage class and patches a given one', () => {
    expect(cluster.spec.storage).toEqual({ size: '5Gi' });
    const custom = resolveAnswers({
      environments: [{ name: 'prod', postgres: { storageClass: 'fast-ssd', storageSize: '100Gi' } }],
    });
    const patch = postgres.overlay(custom, custom.environments[0]!).patches[0]!.patch as any;
    expect(patch.spec.storage).toEqual({ size: '100Gi', storageClass: 'fast-ssd' });
  });

  it('the object-store egress port follows endpointURL', () => {
    expect(
      objectStorePort({ destinationPath: 's3://backups/p', schedule: '0 0 3 * * *', retentionPolicy: '30d' }),
    ).toBe(443);
    expect(
      objectStorePort({
        destinationPath: 's3://backups/p',
        endpointURL: 'https://minio.example.com:9000',
        schedule: '0 0 3 * * *',
        retentionPolicy: '30d',
      }),
    ).toBe(9000);
  });

  it('ObjectStore.validate() rejects what the CRD rejects', () => {
    const meta = { name: 'x' };
    const configuration = { destinationPath: 's3://backups/p' };
    expect(() =>
      new ObjectStore({ metadata: meta, spec: { configuration, retentionPolicy: '30d' } }).validate(),
    ).not.toThrow();
    expect(() =>
      new ObjectStore({ metadata: meta, spec: { configuration, retentionPolicy: '30 days' } }).validate(),
    ).toThrow(/retentionPolicy/);
    expect(() =>
      new ObjectStore({ metadata: meta, spec: { configuration: { ...configuration, serverName: 'a' } } }).validate(),
    ).toThrow(/serverName/);
    expect(() =>
      new ObjectStore({ metadata: meta, spec: { configuration: { destinationPath: '' } } }).validate(),
    ).toThrow();
    expect(() =>
      new ObjectStore({
        metadata: meta,
        spec: { configuration: { ...configuration, s3Credentials: { accessKeyId: { name: 's', key: 'k' } } } },
      }).validate(),
    ).toThrow(/secretAccessKey/);
  });
});

describe('storage classes are per environment only', () => {
  it('neither base names the first environment’s class; each overlay names its own', () => {
    const answers = resolveAnswers({
      environments: [
        { name: 'stage', postgres: { storageClass: 'fast' }, valkey: { storageClass: 'fast' } },
        { name: 'prod' },
      ],
    });
    const pgBase = postgres.base(answers).manifests[0]!.objects[0]!.toJSON() as any;
    expect(pgBase.spec.storage.storageClass).toBeUndefined();
    const [stage, prod] = answers.environments;
    expect((postgres.overlay(answers, stage!).patches[0]!.patch as any).spec.storage.storageClass).toBe('fast');
    expect((postgres.overlay(answers, prod!).patches[0]!.patch as any).spec.storage.storageClass).toBeUndefined();
    const vkBase = valkey.base(answers).manifests[0]!.objects[0]!.toJSON() as any;
    expect(vkBase.spec.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined();
  });
});

describe('removing an environment whose stores are external', () => {
  it('names no CloudNativePG Cluster or Valkey claim to delete where none is rendered', () => {
    const server = (host: string) => ({ mode: 'external', external: { host, egressCIDRs: ['10.20.0.0/16'] } });
    const answers = resolveAnswers({
      environments: [{ name: 'prod', postgres: server('db.example.com'), valkey: server('cache.example.com') }],
    } as PartialAnswers);
    const readme = renderTree(answers, { generatorVersion: 'x' }).get('README.md')!;
    const section = readme.slice(readme.indexOf('## Removing an environment'));
    expect(section).toContain('| prod | `inngest-prod` | `inngest-prod` | none (external server: untouched) |');
    expect(section).toContain('an external server and its data: nothing here connects to it but Inngest;');
    expect(section).not.toContain('cluster.postgresql.cnpg.io');
    expect(section).not.toContain('delete pvc');
    expect(section).toContain('kubectl delete namespace inngest-prod');
    // Nor do the sync waves or the bootstrap steps wait on a Postgres that is not there.
    expect(readme).toContain('namespaces: SealedSecrets (wave -1), the retention CronJob (1),');
    expect(readme).not.toContain('Postgres initialises');
  });
});

describe('deletion protection per environment', () => {
  it('postgres.deletionProtection: false leaves the annotation out of that environment only, and the README says so', () => {
    const answers = resolveAnswers({
      environments: [{ name: 'dev', postgres: { deletionProtection: false } }, { name: 'prod' }],
    });
    const tree = renderTree(answers, { generatorVersion: 'x' });
    expect(tree.get('overlays/dev/patches/postgres-cluster.yaml')).not.toContain('argocd.argoproj.io/sync-options');
    expect(tree.get('overlays/prod/patches/postgres-cluster.yaml')).toContain(
      'annotations:\n    argocd.argoproj.io/sync-options: Delete=false,Prune=false\n',
    );
    const readme = tree.get('README.md')!;
    expect(readme).toContain('## Removing an environment');
    expect(readme).toContain(
      '| dev | `inngest-dev` | `inngest-dev` | **deleted** (postgres.deletionProtection: false) |',
    );
    expect(readme).toContain('| prod | `inngest-prod` | `inngest-prod` | kept |');
    expect(readme).toContain(
      'kubectl -n inngest-dev delete cluster.postgresql.cnpg.io inngest-postgres   # its PVCs go with it',
    );
  });
});
