/** The retention CronJob as Argo CD applies it, rendered with kubectl. */
import { beforeAll, describe, expect, it } from 'vitest';
import { objectNames, ports, secrets } from '../../../src/model/names.js';
import { SYNC_WAVE } from '../../../src/model/names.js';
import { images } from '../../../src/model/versions.js';
import { POSTGRES_UID } from '../../../src/render/retention.js';
import { DAY2_FULL } from '../../helpers/answers.js';
import { kubectlFor, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays, type RenderedOverlays } from '../../helpers/overlays.js';

const byKind = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8s[], kind: string, name: string): K8s => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `exactly one ${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.runIf(kubectlFor('retention in rendered overlays'))(
  'retention in the rendered overlays, every day-2 feature on',
  () => {
    let rendered: RenderedOverlays['overlays'];
    beforeAll(() => {
      rendered = renderOverlays(DAY2_FULL).overlays;
    });
    const objects = (env: string) => rendered.get(env)!;

    it('the retention CronJob mounts the SQL, runs it with psql and takes schedule and days from the answers', () => {
      const cron = named(objects('stage'), 'CronJob', objectNames.retention);
      expect(cron.spec.schedule).toBe('45 1 * * 1');
      expect(cron.spec.concurrencyPolicy).toBe('Forbid');
      expect(cron.spec.startingDeadlineSeconds).toBeGreaterThan(0);
      expect(cron.spec.successfulJobsHistoryLimit).toBeGreaterThan(0);
      expect(cron.spec.failedJobsHistoryLimit).toBeGreaterThan(0);
      expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(cron.spec.jobTemplate.spec.backoffLimit).toBeGreaterThanOrEqual(0);
      const pod = cron.spec.jobTemplate.spec.template.spec;
      const container = pod.containers[0];
      expect(container.image).toBe(`${images.postgres.repository}:${images.postgres.tag}`);
      expect([...container.command, ...container.args].join(' ')).toBe(
        'psql -X -v ON_ERROR_STOP=1 -v retention_days=$(RETENTION_DAYS) -f /sql/retention.sql',
      );
      const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
      expect(env.RETENTION_DAYS.value).toBe('7');
      expect(env.PGPASSWORD.valueFrom.secretKeyRef).toEqual({
        name: secrets.postgresRole.name,
        key: secrets.postgresRole.keys.password,
      });
      expect(env.PGSSLMODE.value).toBe('verify-full');
      expect(env.PGHOST.value).toBe(`${objectNames.postgresCluster}-rw`);
      // The SQL ConfigMap (hashed name) is mounted at /sql and holds the status-gated deletes.
      const sqlVolume = pod.volumes.find(
        (v: any) => v.name === container.volumeMounts.find((m: any) => m.mountPath === '/sql').name,
      );
      const sql = named(objects('stage'), 'ConfigMap', sqlVolume.configMap.name).data['retention.sql'];
      expect(sql).toContain('status IN (50, 300, 400, 500, 600)');
      expect(sql).toContain('DELETE FROM trace_runs');
      expect(sql).toContain('DELETE FROM events');
      // The CA the connection verifies against is mounted where PGSSLROOTCERT points.
      const caVolume = pod.volumes.find((v: any) => v.secret);
      expect(caVolume.secret.secretName).toBe(`${objectNames.postgresCluster}-ca`);
      const caMount = container.volumeMounts.find((m: any) => m.name === caVolume.name);
      expect(env.PGSSLROOTCERT.value).toBe(`${caMount.mountPath}/ca.crt`);
      // Pod Security "restricted" as the image's postgres user, read-only root with /tmp.
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: POSTGRES_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.volumeMounts.map((m: any) => m.mountPath)).toContain('/tmp');
      expect(container.resources.limits).toBeDefined();
      // prod keeps the defaults.
      const prodCron = named(objects('prod'), 'CronJob', objectNames.retention);
      expect(prodCron.spec.schedule).toBe('17 3 * * *');
      expect(
        prodCron.spec.jobTemplate.spec.template.spec.containers[0].env.find((e: any) => e.name === 'RETENTION_DAYS')
          .value,
      ).toBe('30');
    });

    it('the retention job reaches only Postgres (and DNS), and Postgres admits it on 5432', () => {
      const cron = named(objects('stage'), 'CronJob', objectNames.retention);
      const podLabels = cron.spec.jobTemplate.spec.template.metadata.labels;
      const own = named(objects('stage'), 'NetworkPolicy', objectNames.retention);
      expect(labelsMatch(own.spec.podSelector.matchLabels, podLabels)).toBe(true);
      expect(own.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(own.spec.ingress ?? []).toEqual([]);
      const [dns] = own.spec.egress;
      expect(dns.ports.map((p: any) => p.port)).toEqual([53, 53]);
      expect(own.spec.egress).toHaveLength(1);
      // The way to the in-cluster Postgres goes with it (an external server gets its own policy).
      const toPostgres = named(objects('stage'), 'NetworkPolicy', objectNames.retentionToPostgres);
      expect(toPostgres.spec.policyTypes).toEqual(['Egress']);
      expect(toPostgres.spec.podSelector).toEqual(own.spec.podSelector);
      expect(toPostgres.spec.egress).toEqual([
        {
          to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': objectNames.postgresCluster } } }],
          ports: [{ protocol: 'TCP', port: ports.postgres }],
        },
      ]);
      const admit = named(objects('stage'), 'NetworkPolicy', `${objectNames.postgresCluster}-from-retention`);
      expect(admit.spec.podSelector.matchLabels).toEqual({ 'cnpg.io/cluster': objectNames.postgresCluster });
      expect(admit.spec.ingress).toEqual([
        {
          from: [{ podSelector: { matchLabels: own.spec.podSelector.matchLabels } }],
          ports: [{ protocol: 'TCP', port: ports.postgres }],
        },
      ]);
    });

    it('runs in sync wave 1', () => {
      expect(byKind(objects('stage'), 'CronJob').map((o) => o.metadata.annotations?.[SYNC_WAVE])).toEqual(['1']);
    });
  },
);

describe.runIf(kubectlFor('retention in rendered overlays'))('retention with the default answers', () => {
  it('prod (production profile) runs retention, stage (small) does not', () => {
    const rendered = renderOverlays().overlays;
    expect(byKind(rendered.get('prod')!, 'CronJob').map((c) => c.metadata.name)).toEqual([objectNames.retention]);
    expect(byKind(rendered.get('stage')!, 'CronJob')).toEqual([]);
  });
});
