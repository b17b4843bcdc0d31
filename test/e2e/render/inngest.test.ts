/** Inngest settings and Ingresses as Argo CD applies them: every day-2 feature on, rendered with kubectl. */
import { beforeAll, describe, expect, it } from 'vitest';
import { objectNames } from '../../../src/model/names.js';
import { CONNECT_INGRESS_ANNOTATIONS } from '../../../src/render/exposure.js';
import { APP_URLS } from '../../helpers/answers.js';
import { DAY2_FULL } from '../../helpers/answers.js';
import { kubectlFor, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays, type RenderedOverlays } from '../../helpers/overlays.js';

const byKind = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8s[], kind: string, name: string): K8s => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `exactly one ${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
/** The ConfigMap the Inngest container reads its settings from (envFrom), by its hashed name. */
function inngestSettings(objects: K8s[]): Record<string, string> {
  const container = named(objects, 'Deployment', objectNames.inngest).spec.template.spec.containers[0];
  const refs = container.envFrom.map((e: any) => e.configMapRef?.name).filter(Boolean);
  expect(refs).toHaveLength(1);
  return named(objects, 'ConfigMap', refs[0]).data;
}

describe.runIf(kubectlFor('Inngest settings and Ingresses in rendered overlays'))(
  'Inngest in the rendered overlays, every day-2 feature on',
  () => {
    let rendered: RenderedOverlays['overlays'];
    beforeAll(() => {
      rendered = renderOverlays(DAY2_FULL).overlays;
    });
    const objects = (env: string) => rendered.get(env)!;

    it('every setting reaches the Inngest container through its ConfigMap, with the right names', () => {
      const prod = inngestSettings(objects('prod'));
      expect(prod).toMatchObject({
        LOG_LEVEL: 'warn',
        INNGEST_POLL_INTERVAL: '60',
        INNGEST_RETRY_INTERVAL: '10',
        INNGEST_QUEUE_WORKERS: '150',
        INNGEST_TICK: '200',
        INNGEST_POSTGRES_MAX_OPEN_CONNS: '15',
        INNGEST_POSTGRES_MAX_IDLE_CONNS: '3',
        INNGEST_POSTGRES_CONN_MAX_IDLE_TIME: '7',
        INNGEST_POSTGRES_CONN_MAX_LIFETIME: '45',
        INNGEST_NO_UI: 'true',
        INNGEST_EXPERIMENTAL_PROM_METRICS: '1',
      });
      expect(prod).not.toHaveProperty('INNGEST_LOG_LEVEL');
      expect(prod).not.toHaveProperty('INNGEST_SDK_URL');
    });

    it('a per-environment override reaches only that environment, merged over the rest', () => {
      const stage = inngestSettings(objects('stage'));
      const prod = inngestSettings(objects('prod'));
      expect(stage.LOG_LEVEL).toBe('debug');
      expect(stage.INNGEST_SDK_URL).toBe(APP_URLS.join(','));
      expect(prod.LOG_LEVEL).toBe('warn');
      // Everything else comes from the base.
      const { LOG_LEVEL: _a, INNGEST_SDK_URL: _b, ...stageRest } = stage;
      const { LOG_LEVEL: _c, ...prodRest } = prod;
      expect(stageRest).toEqual(prodRest);
      expect(
        byKind(objects('stage'), 'ConfigMap').filter((c) =>
          c.metadata.name.startsWith(`${objectNames.inngestConfig}-`),
        ),
      ).toHaveLength(1);
    });

    it('the Connect Ingress routes /v0/connect to port 8289 only; the main Ingress keeps its public paths', () => {
      const env = objects('prod');
      const connect = named(env, 'Ingress', `${objectNames.inngest}-connect`);
      expect(connect.spec.rules).toHaveLength(1);
      expect(connect.spec.rules[0].host).toBe('connect.example.com');
      expect(connect.spec.rules[0].http.paths).toEqual([
        {
          path: '/v0/connect',
          pathType: 'Prefix',
          backend: { service: { name: objectNames.inngest, port: { name: 'connect' } } },
        },
      ]);
      const service = named(env, 'Service', objectNames.inngest);
      expect(service.spec.ports.find((p: any) => p.name === 'connect').port).toBe(8289);
      expect(connect.metadata.annotations).toMatchObject(CONNECT_INGRESS_ANNOTATIONS);
      expect(connect.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-read-timeout']).toBe('3600');
      expect(connect.spec.tls).toEqual([
        { hosts: ['connect.example.com'], secretName: `${objectNames.inngest}-connect-tls` },
      ]);

      const main = named(env, 'Ingress', objectNames.inngest);
      const paths = main.spec.rules[0].http.paths.map((p: any) => p.path);
      // with a Connect host, workers start their session and flush buffered results on the API host: those exact paths too
      expect(paths).toEqual(['/e/', '/fn/', '/api/v2/', '/v2/', '/v0/runs/', '/v0/connect/start', '/v0/connect/flush']);
      expect(main.spec.rules[0].http.paths.slice(-2).map((p: any) => p.pathType)).toEqual(['Exact', 'Exact']);
      for (const hidden of ['/metrics', '/debug', '/v0/gql', '/v0/connect', '/']) expect(paths).not.toContain(hidden);
      expect(main.spec.rules[0].http.paths.every((p: any) => p.backend.service.port.name === 'http')).toBe(true);
      expect(byKind(objects('stage'), 'Ingress')).toEqual([]);
    });
  },
);
