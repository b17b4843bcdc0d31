import { describe, expect, it } from 'vitest';
import {
  checkImagesPinned,
  checkPodSecurity,
  checkProbes,
  checkResources,
  imageReference,
} from '../../../src/validate/policy.js';
import { container, cronJob, deployment, podSpec } from '../../helpers/pods.js';

const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

describe('Pod Security Standard restricted', () => {
  it('passes a restricted pod (pod-level runAsNonRoot and seccomp)', () => {
    expect(checkPodSecurity(deployment())).toEqual([]);
  });

  it('reports host namespaces, hostPath, privileged, escalation, capabilities and host ports', () => {
    const bad = podSpec({
      hostNetwork: true,
      hostPID: true,
      volumes: [
        { name: 'h', hostPath: { path: '/' } },
        { name: 'ok', emptyDir: {} },
      ],
      containers: [
        container({
          securityContext: {
            privileged: true,
            capabilities: { add: ['NET_ADMIN', 'NET_BIND_SERVICE'], drop: ['NET_RAW'] },
          },
          ports: [{ containerPort: 80, hostPort: 80 }],
        }),
      ],
    });
    expect(paths(checkPodSecurity(deployment(bad)))).toEqual([
      'spec.template.spec.hostNetwork',
      'spec.template.spec.hostPID',
      'spec.template.spec.volumes[0].hostPath',
      'spec.template.spec.containers[0].securityContext.privileged',
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'spec.template.spec.containers[0].securityContext.capabilities.drop',
      'spec.template.spec.containers[0].securityContext.capabilities.add[0]',
      'spec.template.spec.containers[0].ports[0].hostPort',
    ]);
  });

  it('needs runAsNonRoot and seccomp on the pod or on every container, init containers included, in CronJobs too', () => {
    const spec = {
      initContainers: [container({ name: 'init' })],
      containers: [
        container({
          securityContext: {
            ...container().securityContext,
            runAsNonRoot: true,
            seccompProfile: { type: 'Unconfined' },
          },
        }),
      ],
    };
    expect(checkPodSecurity(cronJob(spec)).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.runAsNonRoot: must be true, here or in the pod securityContext (Pod Security Standard restricted)',
      'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost, here or in the pod securityContext (Pod Security Standard restricted)',
      'spec.jobTemplate.spec.template.spec.containers[0].securityContext.seccompProfile.type: is Unconfined; must be RuntimeDefault or Localhost (Pod Security Standard restricted)',
    ]);
  });
});

describe('resources, probes and images', () => {
  it('needs cpu and memory requests and a memory limit on init containers too', () => {
    const spec = podSpec({ initContainers: [container({ name: 'init', resources: { requests: { cpu: '10m' } } })] });
    expect(paths(checkResources(deployment(spec)))).toEqual([
      'spec.template.spec.initContainers[0].resources.requests.memory',
      'spec.template.spec.initContainers[0].resources.limits.memory',
    ]);
  });

  it('needs probes on long-running containers only; a startupProbe does not stand in for readiness', () => {
    const noProbes = container({ livenessProbe: undefined, readinessProbe: undefined });
    expect(paths(checkProbes(deployment(podSpec({ containers: [noProbes] }))))).toEqual([
      'spec.template.spec.containers[0].livenessProbe',
      'spec.template.spec.containers[0].readinessProbe',
    ]);
    expect(checkProbes(cronJob(podSpec({ containers: [noProbes] })))).toEqual([]);
    expect(
      paths(
        checkProbes(
          deployment(
            podSpec({
              containers: [container({ readinessProbe: undefined, startupProbe: { tcpSocket: { port: 1 } } })],
            }),
          ),
        ),
      ),
    ).toEqual(['spec.template.spec.containers[0].readinessProbe']);
    expect(checkProbes(deployment(podSpec({ initContainers: [noProbes] })))).toEqual([]);
  });

  it('pins images by tag or digest', () => {
    expect(imageReference('registry.example.com:5000/inngest/inngest')).toEqual({});
    expect(imageReference('registry.example.com:5000/inngest/inngest:v1@sha256:ab')).toEqual({
      tag: 'v1',
      digest: 'sha256:ab',
    });
    const images = ['a/b', 'a/b:latest', 'registry:5000/a/b', `a/b@sha256:${'a'.repeat(64)}`, 'a/b:v1.2.3'];
    const spec = podSpec({ containers: images.map((image, i) => container({ name: `c${i}`, image })) });
    expect(checkImagesPinned(deployment(spec)).map((p) => p.message)).toEqual([
      'a/b has no tag (pin a release tag or a digest)',
      'a/b:latest uses the latest tag (pin a release tag or a digest)',
      'registry:5000/a/b has no tag (pin a release tag or a digest)',
    ]);
  });
});
