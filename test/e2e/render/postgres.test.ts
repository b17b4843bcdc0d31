/** The data plane (CloudNativePG Postgres, Valkey) wired to Inngest in the rendered overlays, backups in prod. */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { maxInngestReplicas } from '../../../src/answers/sizing.js';
import { objectNames, providedSecrets, secrets, SYNC_WAVE } from '../../../src/model/names.js';
import { PROD_BACKUP, WITH_BACKUP } from '../../helpers/answers.js';
import { kubectlFor, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays } from '../../helpers/overlays.js';

describe.runIf(kubectlFor('the data plane in rendered overlays'))(
  'kubectl kustomize overlays/<env>: the data plane wired to Inngest',
  () => {
    const answers = resolveAnswers(WITH_BACKUP);
    let rendered = new Map<string, K8s[]>();
    beforeAll(() => {
      rendered = renderOverlays(WITH_BACKUP).overlays;
    });

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

    it.each(['stage', 'prod'])(
      '%s: every $(VAR) in the Inngest env is defined earlier in the same container',
      (env) => {
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
      },
    );

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

      // The stores let Inngest out to exactly their pods, from Inngest's pods only.
      const valkeyPods = one('prod', 'StatefulSet').spec.template.metadata.labels;
      const toValkey = one('prod', 'NetworkPolicy', objectNames.inngestToValkey).spec;
      expect(toValkey.podSelector.matchLabels).toEqual(
        one('prod', 'NetworkPolicy', objectNames.inngest).spec.podSelector.matchLabels,
      );
      expect(toValkey.egress).toHaveLength(1);
      expect(toValkey.egress[0].ports).toEqual([{ protocol: 'TCP', port: 6379 }]);
      for (const [k, v] of Object.entries(toValkey.egress[0].to[0].podSelector.matchLabels))
        expect(valkeyPods[k]).toBe(v);
      expect(one('prod', 'NetworkPolicy', objectNames.inngestToPostgres).spec.egress).toEqual([
        {
          to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': objectNames.postgresCluster } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
      ]);
    });
  },
);
