/** The Valkey StatefulSet in the rendered overlays. */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { images } from '../../../src/model/versions.js';
import { valkeyMemory } from '../../../src/render/valkey.js';
import { WITH_BACKUP } from '../../helpers/answers.js';
import { kubectlFor, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays } from '../../helpers/overlays.js';

describe.runIf(kubectlFor('Valkey in rendered overlays'))('kubectl kustomize overlays/<env>: Valkey', () => {
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
  const envVar = (container: any, name: string): any => container.env.find((e: any) => e.name === name);

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
});
