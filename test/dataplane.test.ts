import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { defaultAnswers, resolveAnswers } from '../src/answers/resolve.js';
import { maxInngestReplicas } from '../src/answers/sizing.js';
import type { Answers } from '../src/answers/schema.js';
import { objectNames, secrets, SYNC_WAVE, providedSecrets } from '../src/model/names.js';
import { ObjectStore } from '../src/model/object-store.js';
import { objectStorePort, postgres } from '../src/render/postgres.js';
import { repositoryTree as renderTree } from '../src/commands/repository-tree.js';
import { valkey, valkeyMemory } from '../src/render/valkey.js';
import { images } from '../src/model/versions.js';
import { writeTree } from '../src/io/write.js';
import { validateWithModel } from './helpers/models.js';
import { userErrorOf } from './helpers/answers.js';
import { parseYaml } from '../src/core/yaml.js';

type K8s = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};

const PROD_BACKUP = {
  destinationPath: 's3://inngest-backups/prod',
  endpointURL: 'https://s3.eu-central-1.amazonaws.com',
};

function answersWithBackup(): Answers {
  return resolveAnswers({ environments: [{ name: 'stage' }, { name: 'prod', postgres: { backup: PROD_BACKUP } }] });
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = !kubectl.error && kubectl.status === 0;
if (!hasKubectl)
  console.log(`skipping kubectl kustomize tests: kubectl is not on PATH (${kubectl.error?.message ?? kubectl.stderr})`);

describe.skipIf(!hasKubectl)('kubectl kustomize overlays/<env>: the data plane wired to Inngest', () => {
  const answers = answersWithBackup();
  const rendered = new Map<string, K8s[]>();
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dataplane-'));
    writeTree(renderTree(answers, { generatorVersion: '0.0.0-test' }), join(dir, 'repo'));
    for (const env of answers.environments) {
      const out = spawnSync('kubectl', ['kustomize', join(dir, 'repo', 'overlays', env.name)], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      rendered.set(
        env.name,
        parseAllDocuments(out.stdout).map((d) => d.toJS() as K8s),
      );
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const objects = (env: string): K8s[] => rendered.get(env)!;
  const one = (env: string, kind: string, name?: string): K8s => {
    const found = objects(env).filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
    expect(found, `${env}: exactly one ${kind} ${name ?? ''}`).toHaveLength(1);
    return found[0]!;
  };
  const inngestContainer = (env: string): any =>
    one(env, 'Deployment', objectNames.inngest).spec.template.spec.containers[0];
  const envVar = (container: any, name: string): any => container.env.find((e: any) => e.name === name);

  it.each(['stage', 'prod'])(
    '%s renders Cluster, Database, Valkey StatefulSet and the Inngest Deployment together',
    (env) => {
      const kinds = objects(env).map((o) => o.kind);
      for (const kind of ['Cluster', 'Database', 'StatefulSet', 'Deployment', 'Service', 'NetworkPolicy'])
        expect(kinds).toContain(kind);
      expect(one(env, 'Cluster').metadata.name).toBe(objectNames.postgresCluster);
      expect(one(env, 'StatefulSet').metadata.name).toBe(objectNames.valkey);
    },
  );

  it.each(['stage', 'prod'])('%s: every rendered object passes its kubernetes-models validate()', (env) => {
    for (const object of objects(env)) {
      expect(() => validateWithModel(object), `${object.kind}/${object.metadata.name}`).not.toThrow();
    }
  });

  it.each(['stage', 'prod'])('%s: every $(VAR) in the Inngest env is defined earlier in the same container', (env) => {
    const list: any[] = inngestContainer(env).env;
    list.forEach((item, index) => {
      const refs = [...String(item.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]);
      for (const ref of refs) {
        const defined = list.slice(0, index).map((e) => e.name);
        expect(defined, `${item.name} references $(${ref})`).toContain(ref);
      }
    });
    expect(envVar(inngestContainer(env), 'INNGEST_POSTGRES_URI').value).toContain('$(POSTGRES_PASSWORD)');
    expect(envVar(inngestContainer(env), 'INNGEST_REDIS_URI').value).toContain('$(VALKEY_PASSWORD)');
  });

  it.each(['stage', 'prod'])(
    '%s: Cluster, Valkey and Inngest reference the same Secrets and keys as names.ts',
    (env) => {
      const cluster = one(env, 'Cluster');
      expect(cluster.spec.bootstrap.initdb.secret.name).toBe(secrets.postgresRole.name);
      expect(cluster.spec.managed.roles[0].passwordSecret.name).toBe(secrets.postgresRole.name);
      expect(cluster.spec.bootstrap.initdb.owner).toBe(cluster.spec.managed.roles[0].name);

      const inngest = inngestContainer(env);
      expect(envVar(inngest, 'POSTGRES_PASSWORD').valueFrom.secretKeyRef).toEqual({
        name: secrets.postgresRole.name,
        key: secrets.postgresRole.keys.password,
      });
      const valkeyRef = { name: secrets.valkey.name, key: secrets.valkey.keys.password };
      expect(envVar(inngest, 'VALKEY_PASSWORD').valueFrom.secretKeyRef).toEqual(valkeyRef);
      const valkeyContainer = one(env, 'StatefulSet').spec.template.spec.containers[0];
      expect(envVar(valkeyContainer, 'VALKEY_PASSWORD').valueFrom.secretKeyRef).toEqual(valkeyRef);
      expect(valkeyContainer.args.join(' ')).toContain('--requirepass $(VALKEY_PASSWORD)');
    },
  );

  it.each(['stage', 'prod'])('%s: URI hosts are the CNPG -rw Service and the rendered Valkey Service', (env) => {
    const inngest = inngestContainer(env);
    const pg = new URL(envVar(inngest, 'INNGEST_POSTGRES_URI').value.replace('$(POSTGRES_PASSWORD)', 'x'));
    const cluster = one(env, 'Cluster');
    expect(pg.hostname).toBe(`${cluster.metadata.name}-rw`);
    expect(pg.port).toBe('5432');
    expect(pg.pathname).toBe(`/${one(env, 'Database').spec.name}`);
    expect(pg.username).toBe(cluster.spec.managed.roles[0].name);
    expect(pg.searchParams.get('sslmode')).toBe('verify-full');
    // The CA the URI verifies against is the Secret CNPG creates for this cluster.
    const caVolume = one(env, 'Deployment').spec.template.spec.volumes.find((v: any) => v.secret);
    expect(caVolume.secret.secretName).toBe(`${cluster.metadata.name}-ca`);

    const redis = new URL(envVar(inngest, 'INNGEST_REDIS_URI').value.replace('$(VALKEY_PASSWORD)', 'x'));
    const service = one(env, 'Service', redis.hostname);
    expect(service.spec.ports.map((p: any) => String(p.port))).toContain(redis.port);
    const podLabels = one(env, 'StatefulSet').spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector)) expect(podLabels[key]).toBe(value);
  });

  it('every environment’s Cluster tells Argo CD never to delete or prune it (its PVCs, owned by it, stay with it)', () => {
    for (const env of answers.environments)
      expect(one(env.name, 'Cluster').metadata.annotations).toMatchObject({
        'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false',
        'argocd.argoproj.io/sync-wave': '0',
      });
  });

  it('prod runs 3 instances with a PodDisruptionBudget; stage 1 without', () => {
    expect(one('prod', 'Cluster').spec.instances).toBe(3);
    expect(one('prod', 'Cluster').spec.enablePDB).toBe(true);
    expect(one('stage', 'Cluster').spec.instances).toBe(1);
    expect(one('stage', 'Cluster').spec.enablePDB).toBe(false);
    expect(one('prod', 'Cluster').spec.storage.size).toBe('50Gi');
    expect(one('stage', 'Cluster').spec.storage.size).toBe('5Gi');
  });

  it.each(['stage', 'prod'])('%s: max_connections is a quoted string that fits every replica’s pool', (env) => {
    const value = one(env, 'Cluster').spec.postgresql.parameters.max_connections;
    expect(typeof value).toBe('string');
    const replicas = maxInngestReplicas(answers.environments.find((e) => e.name === env)!);
    const maxOpen = Number(
      objects(env).find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(objectNames.inngestConfig))!.data!
        .INNGEST_POSTGRES_MAX_OPEN_CONNS,
    );
    expect(Number(value)).toBeGreaterThanOrEqual(replicas * maxOpen);
    expect(Number(value)).toBe(answers.environments.find((e) => e.name === env)!.postgres.maxConnections);
  });

  it('backups render ObjectStore and ScheduledBackup only where configured', () => {
    expect(objects('stage').filter((o) => o.kind === 'ObjectStore' || o.kind === 'ScheduledBackup')).toEqual([]);
    expect(one('stage', 'Cluster').spec.plugins).toBeUndefined();

    const store = one('prod', 'ObjectStore');
    expect(store.apiVersion).toBe('barmancloud.cnpg.io/v1');
    expect(store.spec.configuration.destinationPath).toBe(PROD_BACKUP.destinationPath);
    expect(store.spec.configuration.endpointURL).toBe(PROD_BACKUP.endpointURL);
    expect(store.spec.configuration.s3Credentials).toEqual({
      accessKeyId: { name: providedSecrets.backupCredentials.name, key: 'ACCESS_KEY_ID' },
      secretAccessKey: { name: providedSecrets.backupCredentials.name, key: 'ACCESS_SECRET_KEY' },
    });
    expect(store.spec.retentionPolicy).toBe('30d');

    const scheduled = one('prod', 'ScheduledBackup');
    expect(scheduled.spec.schedule.split(' ')).toHaveLength(6);
    expect(scheduled.spec.schedule).toBe('0 0 3 * * *');
    expect(scheduled.spec.method).toBe('plugin');
    expect(scheduled.spec.cluster.name).toBe(objectNames.postgresCluster);
    expect(scheduled.spec.pluginConfiguration.name).toBe('barman-cloud.cloudnative-pg.io');

    expect(one('prod', 'Cluster').spec.plugins).toEqual([
      {
        name: 'barman-cloud.cloudnative-pg.io',
        enabled: true,
        isWALArchiver: true,
        parameters: { barmanObjectName: store.metadata.name },
      },
    ]);
    const egress = one('prod', 'NetworkPolicy', objectNames.postgresObjectStore).spec.egress;
    expect(egress).toEqual([{ ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  it('sync waves: Cluster, ObjectStore, Valkey and NetworkPolicies 0; Database and ScheduledBackup 1', () => {
    const wave = (o: K8s) => o.metadata.annotations?.[SYNC_WAVE];
    for (const o of objects('prod')) {
      if (['Cluster', 'ObjectStore', 'StatefulSet', 'NetworkPolicy'].includes(o.kind))
        expect(wave(o), `${o.kind}/${o.metadata.name}`).toBe('0');
      if (['Database', 'ScheduledBackup'].includes(o.kind)) expect(wave(o), `${o.kind}/${o.metadata.name}`).toBe('1');
    }
    expect(wave(one('prod', 'Service', objectNames.valkey))).toBe('0');
  });

  it.each(['stage', 'prod'])(
    '%s: Valkey is durable, bounded, authenticated in its probes and PSS restricted',
    (env) => {
      const sts = one(env, 'StatefulSet');
      const pod = sts.spec.template.spec;
      const c = pod.containers[0];
      const args = c.args.join(' ');
      for (const flag of [
        '--appendonly yes',
        '--appendfsync everysec',
        '--maxmemory-policy noeviction',
        '--dir /data',
        '--maxmemory $(VALKEY_MAXMEMORY)',
      ])
        expect(args).toContain(flag);
      const envAnswers = answers.environments.find((e) => e.name === env)!;
      expect(envVar(c, 'VALKEY_MAXMEMORY').value).toBe(valkeyMemory(envAnswers.valkey.maxMemory));
      expect(c.env.findIndex((e: any) => e.name === 'VALKEY_MAXMEMORY')).toBeGreaterThan(
        c.env.findIndex((e: any) => e.name === 'VALKEY_PASSWORD'),
      );
      expect(c.image).toBe(`${images.valkey.repository}:${images.valkey.tag}`);
      for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) {
        expect(probe.exec.command.join(' ')).toContain('VALKEYCLI_AUTH="$VALKEY_PASSWORD" valkey-cli');
        expect(probe.exec.command.join(' ')).toContain('grep -q PONG');
      }
      expect(pod.securityContext).toMatchObject({
        runAsUser: 999,
        runAsGroup: 999,
        fsGroup: 999,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.enableServiceLinks).toBe(false);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(c.resources).toEqual(envAnswers.valkey.resources);
      expect(sts.spec.replicas).toBe(1);
      expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
      expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(envAnswers.valkey.storageSize);
      expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    },
  );

  it('NetworkPolicies: only Inngest (and the CNPG operator, and the instances) reach Postgres; only Inngest reaches Valkey', () => {
    const inngestLabels = one('prod', 'Deployment').spec.template.metadata.labels;
    const matchesInngest = (peer: any) =>
      Object.entries(peer.podSelector?.matchLabels ?? {}).every(([k, v]) => inngestLabels[k] === v) &&
      !peer.namespaceSelector;

    const pg = one('prod', 'NetworkPolicy', objectNames.postgresCluster).spec;
    expect(pg.podSelector.matchLabels).toEqual({ 'cnpg.io/cluster': objectNames.postgresCluster });
    expect(pg.policyTypes).toEqual(['Ingress', 'Egress']);
    const fromInngest = pg.ingress.find((r: any) => r.from.some(matchesInngest));
    expect(fromInngest.ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
    const fromOperator = pg.ingress.find((r: any) =>
      r.from.some((p: any) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'cloudnative-pg'),
    );
    expect(fromOperator.from[0].namespaceSelector).toEqual({});
    expect(fromOperator.ports.map((p: any) => p.port)).toEqual([5432, 8000]);
    expect(pg.egress.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual(
      expect.arrayContaining([53, 5432, 443, 6443]),
    );

    const vk = one('prod', 'NetworkPolicy', objectNames.valkey).spec;
    expect(vk.ingress).toHaveLength(1);
    expect(vk.ingress[0].from.every(matchesInngest)).toBe(true);
    expect(vk.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 6379 }]);
    expect(vk.egress.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([53, 53]);

    // Inngest's own policy lets it out to exactly these pods.
    const inngestEgress = one('prod', 'NetworkPolicy', objectNames.inngest).spec.egress;
    const valkeyPods = one('prod', 'StatefulSet').spec.template.metadata.labels;
    const toValkey = inngestEgress.find((r: any) => r.ports.some((p: any) => p.port === 6379));
    for (const [k, v] of Object.entries(toValkey.to[0].podSelector.matchLabels)) expect(valkeyPods[k]).toBe(v);
  });
});

describe('postgres component (pure)', () => {
  const answers = answersWithBackup();
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

describe('valkey component (pure)', () => {
  it('converts Kubernetes memory to Valkey units (1mb = 1024*1024 bytes)', () => {
    expect(valkeyMemory('384Mi')).toBe('384mb');
    expect(valkeyMemory('2Gi')).toBe('2gb');
    expect(() => valkeyMemory('1G')).toThrow();
  });

  it('omits an empty storage class and patches a given one', () => {
    const custom = resolveAnswers({ environments: [{ name: 'stage', valkey: { storageClass: 'fast-ssd' } }] });
    const patch = valkey.overlay(custom, custom.environments[0]!).patches[0]!.patch as any;
    expect(patch.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('fast-ssd');
    const base = valkey.base(custom).manifests[0]!.objects[0]!.toJSON() as any;
    expect(base.spec.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined();
  });
});

describe('bad data-plane answers: one line, exit code 2', () => {
  it.each([
    [
      'a storage size that is not a quantity',
      { environments: [{ name: 'stage', postgres: { storageSize: '5GB' } }] },
      'environments[0].postgres.storageSize',
      'environments[0].postgres.storageSize: "5GB" is not allowed (a whole storage size in Mi, Gi or Ti, such as 5Gi)',
    ],
    [
      'a Valkey storage size that is not a quantity',
      { environments: [{ name: 'stage', valkey: { storageSize: 'big' } }] },
      'environments[0].valkey.storageSize',
      'environments[0].valkey.storageSize: "big" is not allowed (a whole storage size in Mi, Gi or Ti, such as 5Gi)',
    ],
    [
      'zero instances',
      { environments: [{ name: 'prod', postgres: { instances: 0 } }] },
      'environments[0].postgres.instances',
      'environments[0].postgres.instances: 0 is not allowed (an integer from 1 to 9)',
    ],
    [
      'a pool that cannot fit max_connections',
      {
        inngest: { postgresMaxOpenConns: 100 },
        environments: [{ name: 'prod', replicas: 3, keda: { enabled: false }, postgres: { maxConnections: 200 } }],
      },
      'environments[0].postgres.maxConnections',
      'environments[0].postgres.maxConnections: 200 cannot fit 3 Inngest replicas × 100 inngest.postgresMaxOpenConns + 20 headroom = 320 (at least 320, or lower inngest.postgresMaxOpenConns or the replicas)',
    ],
    [
      'a backup destination that is not s3://',
      { environments: [{ name: 'prod', postgres: { backup: { destinationPath: 'https://bucket/prod' } } }] },
      'environments[0].postgres.backup.destinationPath',
      'environments[0].postgres.backup.destinationPath: "https://bucket/prod" is not allowed (an S3 bucket URL and optional folder such as s3://my-backups/inngest/prod; one per environment)',
    ],
    [
      'a backup without a destination',
      { environments: [{ name: 'prod', postgres: { backup: { schedule: '0 0 3 * * *' } } }] },
      'environments[0].postgres.backup.destinationPath',
      'environments[0].postgres.backup.destinationPath: is required (an S3 bucket URL and optional folder such as s3://my-backups/inngest/prod; one per environment)',
    ],
    [
      'a five-field cron',
      {
        environments: [
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod', schedule: '0 3 * * *' } } },
        ],
      },
      'environments[0].postgres.backup.schedule',
      'environments[0].postgres.backup.schedule: "0 3 * * *" is not allowed (six cron fields, seconds first: second minute hour day-of-month month weekday, each field *, a value, a range a-b or a list a,b with an optional /step; months 1-12 or jan-dec, weekdays 0-6 or sun-sat; such as "0 0 3 * * *" (daily at 03:00))',
    ],
    [
      'an http endpoint',
      {
        environments: [
          {
            name: 'prod',
            postgres: { backup: { destinationPath: 's3://backups/prod', endpointURL: 'http://minio:9000' } },
          },
        ],
      },
      'environments[0].postgres.backup.endpointURL',
      'environments[0].postgres.backup.endpointURL: "http://minio:9000" is not allowed (the https:// URL of an S3-compatible endpoint such as https://s3.eu-central-1.amazonaws.com, or leave it out for AWS S3)',
    ],
    [
      'a retention that is not days, weeks or months',
      {
        environments: [
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod', retentionPolicy: '1y' } } },
        ],
      },
      'environments[0].postgres.backup.retentionPolicy',
      'environments[0].postgres.backup.retentionPolicy: "1y" is not allowed (a number of days, weeks or months such as 30d, 4w or 6m)',
    ],
    [
      'two environments archiving into one folder',
      {
        environments: [
          { name: 'stage', postgres: { backup: { destinationPath: 's3://backups/inngest' } } },
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/inngest/' } } },
        ],
      },
      'environments[1].postgres.backup.destinationPath',
      'environments[1].postgres.backup.destinationPath: "s3://backups/inngest/" is already used by environment stage (a different bucket or folder per environment)',
    ],
  ])('%s', (_what, input, field, message) => {
    const error = userErrorOf(input);
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('fills backup defaults: daily at 03:00, 30 days', () => {
    const answers = resolveAnswers({
      environments: [{ name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod' } } }],
    });
    expect(answers.environments[0]!.postgres.backup).toEqual({
      destinationPath: 's3://backups/prod',
      schedule: '0 0 3 * * *',
      retentionPolicy: '30d',
    });
    expect(resolveAnswers({}).environments.every((e) => e.postgres.backup === undefined)).toBe(true);
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
