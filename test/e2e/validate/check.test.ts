/**
 * What `validate` finds, one defect at a time: a clean sealed scaffold is rendered once per
 * environment with kubectl kustomize and read as validate reads it (test/helpers/overlays.ts),
 * then each case breaks one thing in a copy of the rendered objects and runs checkEnvironment
 * in-process. test/e2e/commands/validate.test.ts runs the command itself on repositories on disk.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/core/records.js';
import { SYNC_WAVE } from '../../../src/model/names.js';
import { checkEnvironment, formatProblem, summaryLine } from '../../../src/validate/check.js';
import type { Problem } from '../../../src/validate/objects.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { DAY2_FULL } from '../../helpers/answers.js';
import { renderOverlays } from '../../helpers/overlays.js';
import { NON_DEFAULT } from '../../helpers/scaffold.js';

type Rendered = Map<string, K8sObject[]>;

/** The one object of this kind and name; the test fails if it is not there exactly once. */
function one(objects: K8sObject[], kind: string, name: string): any {
  const found = objects.filter((o) => o.kind === kind && (o.metadata as { name: string }).name === name);
  expect(found, `${kind}/${name}`).toHaveLength(1);
  return found[0];
}

describe.runIf(kubectlFor('validate on rendered objects'))(
  'validate on rendered objects: one defect each, exact problem lines',
  () => {
    let clean: Rendered;
    let cleanNonDefault: Rendered;
    let cleanDay2: Rendered;
    beforeAll(() => {
      clean = renderOverlays().overlays;
      cleanNonDefault = renderOverlays(NON_DEFAULT).overlays;
      cleanDay2 = renderOverlays(DAY2_FULL).overlays;
    });

    /**
     * Break a copy of the rendered environments (only `envs`, when given, as with --env) and check them:
     * the problem lines and the summary line validate prints.
     */
    function broken(
      base: () => Rendered,
      breakIt: (objects: K8sObject[], env: string) => void,
      envs?: string[],
    ): { problems: string[]; summary: string } {
      const problems: Problem[] = [];
      let objectCount = 0;
      let environmentCount = 0;
      for (const [env, objects] of base()) {
        if (envs && !envs.includes(env)) continue;
        const copy = structuredClone(objects);
        breakIt(copy, env);
        objectCount += copy.length;
        environmentCount += 1;
        problems.push(...checkEnvironment(env, copy));
      }
      expect(problems.length).toBeGreaterThan(0);
      return { problems: problems.map(formatProblem), summary: summaryLine(problems, objectCount, environmentCount) };
    }
    const both = (line: string) => ['stage', 'prod'].map((env) => `${env}: ${line}`);
    const container = (o: any, index = 0) => o.spec.template.spec.containers[index];

    it('a clean sealed scaffold has no problems: default answers, non-default answers, every day-2 feature on', () => {
      for (const rendered of [clean, cleanNonDefault, cleanDay2])
        for (const [env, objects] of rendered) expect(checkEnvironment(env, objects), env).toEqual([]);
      expect([...cleanNonDefault.keys()]).toEqual(['dev', 'stage', 'prod']);
    });

    it('an unknown field in a Deployment', () => {
      const { problems, summary } = broken(
        () => clean,
        (objects) => (one(objects, 'Deployment', 'inngest').spec.replicaz = 2),
      );
      expect(problems).toEqual(both('Deployment/inngest: spec.replicaz: unknown field'));
      expect(summary).toBe('2 problems in 2 objects across 2 environments');
    });

    it('an unknown field in a CloudNativePG Cluster', () => {
      const { problems } = broken(
        () => clean,
        (objects) => (one(objects, 'Cluster', 'inngest-postgres').spec.enableSuperuserAcess = false),
      );
      expect(problems).toEqual(both('Cluster/inngest-postgres: spec.enableSuperuserAcess: unknown field'));
    });

    it('an unknown field in a KEDA ScaledObject', () => {
      const { problems } = broken(
        () => clean,
        (objects) => (one(objects, 'ScaledObject', 'inngest').spec.minReplicas = 2),
      );
      expect(problems).toEqual(both('ScaledObject/inngest: spec.minReplicas: unknown field'));
    });

    it('replicas as a string', () => {
      const { problems } = broken(
        () => clean,
        (objects) => (one(objects, 'Deployment', 'inngest').spec.replicas = '2'),
      );
      expect(problems).toEqual(both('Deployment/inngest: spec.replicas: must be integer'));
    });

    it('a privileged container', () => {
      const { problems } = broken(
        () => clean,
        (objects) => (container(one(objects, 'StatefulSet', 'inngest-valkey')).securityContext.privileged = true),
      );
      expect(problems).toEqual(
        both(
          'StatefulSet/inngest-valkey: spec.template.spec.containers[0].securityContext.privileged: privileged containers are not allowed (Pod Security Standard restricted)',
        ),
      );
    });

    it('a container without limits (prod only)', () => {
      const { problems, summary } = broken(
        () => clean,
        (objects, env) => {
          if (env === 'prod') delete container(one(objects, 'Deployment', 'inngest')).resources.limits;
        },
      );
      expect(problems).toEqual([
        'prod: Deployment/inngest: spec.template.spec.containers[0].resources.limits.memory: required: every container needs a memory limit',
      ]);
      expect(summary).toBe('1 problem in 1 object across 1 environment');
    });

    it('the latest tag', () => {
      const { problems } = broken(
        () => clean,
        (objects, env) => {
          if (env === 'prod') container(one(objects, 'Deployment', 'inngest')).image = 'inngest/inngest:latest';
        },
      );
      expect(problems).toEqual([
        'prod: Deployment/inngest: spec.template.spec.containers[0].image: inngest/inngest:latest uses the latest tag (pin a release tag or a digest)',
      ]);
    });

    it('a plain Secret added to an overlay', () => {
      const { problems } = broken(
        () => clean,
        (objects, env) => {
          if (env !== 'prod') return;
          objects.push({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'extra', namespace: 'inngest-prod', annotations: { [SYNC_WAVE]: '-1' } },
            type: 'Opaque',
            stringData: { API_TOKEN: 'hunter2hunter2' },
          });
        },
      );
      expect(problems).toEqual([
        'prod: Secret/extra: kind: plain Secrets must not be committed (seal it: npx create-inngest-gitops seal, and commit the SealedSecret)',
      ]);
    });

    it('a dangling secretKeyRef', () => {
      const { problems } = broken(
        () => clean,
        (objects) =>
          (container(one(objects, 'Deployment', 'inngest')).env[0].valueFrom.secretKeyRef.name = 'inngest-keyz'),
      );
      expect(problems).toEqual(
        ['stage', 'prod'].map(
          (env) =>
            `${env}: Deployment/inngest: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "inngest-keyz" not found in this environment (a SealedSecret under secrets/${env}/, or a Secret CloudNativePG creates: inngest-postgres-ca, inngest-postgres-server, inngest-postgres-replication)`,
        ),
      );
    });

    it('a secretKeyRef to a key the SealedSecret does not have', () => {
      const { problems } = broken(
        () => clean,
        (objects, env) => {
          if (env === 'prod')
            container(one(objects, 'StatefulSet', 'inngest-valkey')).env[0].valueFrom.secretKeyRef.key = 'passwd';
        },
      );
      expect(problems).toEqual([
        'prod: StatefulSet/inngest-valkey: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "inngest-valkey" has no key "passwd" (keys: password)',
      ]);
    });

    it('a missing sync wave', () => {
      const { problems } = broken(
        () => clean,
        (objects) => delete one(objects, 'Service', 'inngest-valkey').metadata.annotations[SYNC_WAVE],
      );
      expect(problems).toEqual(
        both(
          'Service/inngest-valkey: metadata.annotations["argocd.argoproj.io/sync-wave"]: has no argocd.argoproj.io/sync-wave annotation (expected "0")',
        ),
      );
    });

    it('an unknown field in the Barman Cloud ObjectStore (hand-written model, no generated schema)', () => {
      const { problems } = broken(
        () => cleanNonDefault,
        (objects, env) => {
          if (env === 'prod')
            one(objects, 'ObjectStore', 'inngest-postgres-backup').spec.configuration.wal.compresion = 'gzip';
        },
      );
      expect(problems).toEqual([
        'prod: ObjectStore/inngest-postgres-backup: spec.configuration.wal.compresion: unknown field',
      ]);
    });

    it('SealedSecrets whose namespace changed after they were sealed', () => {
      const { problems, summary } = broken(
        () => clean,
        // what kustomize does with namespace: inngest-production in overlays/prod/kustomization.yaml
        (objects) => {
          for (const object of objects) (object.metadata as { namespace?: string }).namespace = 'inngest-production';
        },
        ['prod'],
      );
      expect(problems).toEqual(
        ['inngest-keys', 'inngest-postgres-role', 'inngest-valkey'].map(
          (name) =>
            `prod: SealedSecret/${name}: metadata.namespace: is "inngest-production" but it was sealed for namespace "inngest-prod" (spec.template.metadata.namespace): the controller cannot decrypt it (seal it again for this name and namespace: create-inngest-gitops secrets --rotate)`,
        ),
      );
      expect(summary).toBe('3 problems in 3 objects across 1 environment');
    });

    it('a SealedSecret whose scope annotation is not the scope it was sealed with', () => {
      const { problems } = broken(
        () => clean,
        (objects) =>
          (one(objects, 'SealedSecret', 'inngest-keys').metadata.annotations['sealedsecrets.bitnami.com/cluster-wide'] =
            'true'),
        ['stage'],
      );
      expect(problems).toEqual([
        'stage: SealedSecret/inngest-keys: metadata.annotations: say scope cluster-wide but it was sealed strict (spec.template.metadata.annotations): the controller decrypts with the scope on metadata and will fail (make both say the scope it was sealed with)',
      ]);
    });

    it('a credential in a ConfigMap', () => {
      const { problems } = broken(
        () => clean,
        (objects) => {
          const settings = objects.filter(
            (o) => o.kind === 'ConfigMap' && (o.metadata as { name: string }).name.startsWith('inngest-config-'),
          );
          expect(settings).toHaveLength(1);
          (settings[0]!.data as Record<string, string>).INNGEST_SIGNING_KEY = '3f9a'.repeat(16);
        },
        ['stage'],
      );
      expect(problems).toEqual([
        expect.stringMatching(
          /^stage: ConfigMap\/inngest-config-[a-z0-9]+: data\.INNGEST_SIGNING_KEY: INNGEST_SIGNING_KEY looks like a credential \(put it in a SealedSecret/,
        ),
      ]);
    });
  },
);
