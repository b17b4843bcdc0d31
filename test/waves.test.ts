/**
 * The sync-wave rule that keeps syncs from hanging: an object whose health depends on something
 * outside the repository (Ingress, PodMonitor, ScaledObject) sits in the last wave, and nothing
 * adds a wave or phase after it. Checked on the table, on rendered overlays, on the Argo CD
 * Applications, and on a model of how Argo CD orders a sync that prunes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveAnswers } from '../src/answers/resolve.js';
import type { PartialAnswers } from '../src/answers/schema.js';
import { repositoryTree } from '../src/commands/repository-tree.js';
import { writeTree } from '../src/io/write.js';
import { labelKeys, SYNC_WAVE } from '../src/model/names.js';
import { apiGroup, lastWave, ruleFor, WAVE_RULES, waves, type WaveRule } from '../src/model/waves.js';
import { checkSyncOptions, checkWaveTable, checkWaves } from '../src/validate/waves.js';
import { kubectlAvailable, tempDir } from './helpers/cli.js';

type K8s = { apiVersion: string; kind: string; metadata: any; spec?: any };

/** Everything whose health comes from outside: a host (Ingress, Connect Ingress), monitoring, KEDA. */
const EVERYTHING: PartialAnswers = {
  monitoring: { enabled: true },
  environments: [
    { name: 'stage', keda: { source: 'sidecar' } },
    {
      name: 'prod',
      hostname: 'inngest.example.com',
      connectHostname: 'connect.example.com',
      connectSourceRanges: ['203.0.113.0/24'],
      keda: { source: 'prometheus', prometheusAddress: 'https://prom.example.com', prometheusAuth: 'bearer' },
      postgres: { backup: { destinationPath: 's3://acme-backups/prod' } },
    },
  ],
};

const docs = (text: string): K8s[] =>
  parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS() as K8s | null)
    .filter((o): o is K8s => o !== null);

const object = (kind: string, apiVersion: string, wave: string, extra: Record<string, string> = {}) => ({
  apiVersion,
  kind,
  metadata: {
    name: kind.toLowerCase(),
    labels: { [labelKeys.name]: 'inngest' },
    annotations: { [SYNC_WAVE]: wave, ...extra },
  },
});

describe('the wave table', () => {
  it('puts every kind whose health depends on something outside the repository in its last wave', () => {
    expect(checkWaveTable()).toEqual([]);
    const external = WAVE_RULES.filter((r) => r.externalHealth).map((r) => `${r.group}/${r.kind}`);
    expect(external).toEqual(
      expect.arrayContaining([
        'networking.k8s.io/Ingress',
        'monitoring.coreos.com/PodMonitor',
        'monitoring.coreos.com/ServiceMonitor',
        'keda.sh/ScaledObject',
      ]),
    );
    expect(lastWave()).toBe(waves.external);
  });

  it('reports a table that puts one in a waited-on wave', () => {
    const broken: WaveRule[] = WAVE_RULES.map((r) => (r.kind === 'Ingress' ? { ...r, wave: waves.application } : r));
    expect(checkWaveTable(broken)).toEqual([
      {
        object: 'networking.k8s.io/Ingress of inngest',
        problem: expect.stringContaining('must be in the last wave 3, which a sync never waits on; in wave 2'),
      },
    ]);
  });
});

describe('checkWaves on objects', () => {
  it('reports an external-health object outside the last wave, a hook, and PruneLast', () => {
    const problems = checkWaves([
      object('Ingress', 'networking.k8s.io/v1', '2'),
      object('Job', 'batch/v1', '1', { 'argocd.argoproj.io/hook': 'PostSync' }),
      object('ConfigMap', 'v1', '0', { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,PruneLast=true' }),
    ]);
    expect(problems.map((p) => p.object)).toEqual(['Ingress/ingress', 'Job/job', 'ConfigMap/configmap']);
    expect(problems[0]!.problem).toContain('its health depends on something outside this repository');
    expect(problems[1]!.problem).toContain('argocd.argoproj.io/hook makes it a hook');
    expect(problems[2]!.problem).toContain('sync option PruneLast=true adds a wave after the last');
  });
});

describe('the Argo CD Applications', () => {
  it('use no sync option that adds a wave after the last one (PruneLast)', () => {
    const tree = repositoryTree(resolveAnswers(EVERYTHING), { generatorVersion: '0.0.0-test' });
    const apps = [...tree.entries()]
      .filter(([path]) => path.startsWith('argocd/'))
      .flatMap(([, text]) => docs(text))
      .filter((o) => o.kind === 'Application');
    expect(apps.length).toBeGreaterThan(4);
    for (const app of apps)
      expect(checkSyncOptions(app.spec.syncPolicy.syncOptions ?? []), app.metadata.name).toEqual([]);
    expect(checkSyncOptions(['CreateNamespace=true', 'PruneLast=true'])).toHaveLength(1);
  });
});

/**
 * The waves of one sync as gitops-engine orders them (argo-cd gitops-engine/pkg/sync/sync_context.go
 * getSyncTasks): prune tasks swap waves symmetrically among the waves that hold prunes; with
 * PruneLast every prune moves to (highest wave, at least 0) + 1. Sync() then applies wave after
 * wave and waits until every object of a wave is Healthy, except in the last wave, after which the
 * operation ends at once. Returns the objects a sync waits on.
 */
function waitedOn(applies: K8s[], prunes: K8s[], pruneLast: boolean): K8s[] {
  const wave = (o: K8s) => Number(o.metadata.annotations?.[SYNC_WAVE] ?? 0);
  const pruneWaves = [...new Set(prunes.map(wave))].sort((a, b) => a - b);
  const swapped = new Map(pruneWaves.map((w, i) => [w, pruneWaves[pruneWaves.length - 1 - i]!]));
  let pruneTaskWaves = prunes.map((p) => swapped.get(wave(p))!);
  const lastSyncWave = Math.max(0, ...applies.map(wave), ...pruneTaskWaves) + 1;
  if (pruneLast) pruneTaskWaves = pruneTaskWaves.map(() => lastSyncWave);
  const last = Math.max(...applies.map(wave), ...pruneTaskWaves);
  return applies.filter((o) => wave(o) < last);
}

const externalHealth = (o: K8s) =>
  ruleFor(apiGroup(o.apiVersion), o.kind, o.metadata.labels?.[labelKeys.name])?.externalHealth === true;

describe.runIf(kubectlAvailable())('a sync that prunes the old settings ConfigMap', () => {
  it('never waits on an Ingress, a PodMonitor or a ScaledObject', () => {
    const answers = resolveAnswers(EVERYTHING);
    const tree = repositoryTree(answers, { generatorVersion: '0.0.0-test' });
    const dir = join(tempDir('cig-waves-'), 'repo');
    writeTree(tree, dir);
    for (const env of answers.environments) {
      const rendered = spawnSync('kubectl', ['kustomize', join(dir, 'overlays', env.name)], { encoding: 'utf8' });
      expect(rendered.status, rendered.stderr).toBe(0);
      const objects = docs(rendered.stdout);
      expect(checkWaves(objects), env.name).toEqual([]);
      const external = objects.filter(externalHealth).map((o) => o.kind);
      expect(new Set(external)).toEqual(
        new Set(env.name === 'prod' ? ['Ingress', 'PodMonitor', 'ScaledObject'] : ['PodMonitor', 'ScaledObject']),
      );

      const app = docs(tree.get(`argocd/apps/${env.name}.yaml`)!)[0]!;
      const pruneLast = app.spec.syncPolicy.syncOptions.includes('PruneLast=true');
      // inngest.env changed: the ConfigMap with the old content hash is pruned in the same sync.
      const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('inngest-config-'))!;
      const oldConfig = { ...config, metadata: { ...config.metadata, name: 'inngest-config-0ld0ld0ld0' } };
      for (const prunes of [[], [oldConfig]]) {
        const waited = waitedOn(objects, prunes, pruneLast);
        expect(
          waited.filter(externalHealth).map((o) => `${o.kind}/${o.metadata.name}`),
          env.name,
        ).toEqual([]);
        // the Deployment is still waited on: the external objects come after a healthy Inngest
        expect(waited.some((o) => o.kind === 'Deployment')).toBe(true);
      }
    }
  });
});
