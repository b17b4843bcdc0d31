/**
 * The sync-wave rule that keeps syncs from hanging: an object whose health depends on something
 * outside the repository (Ingress, PodMonitor, ScaledObject) sits in the last wave, and nothing
 * adds a wave or phase after it. Checked on the table, on rendered overlays, on the Argo CD
 * Applications, and on a model of how Argo CD orders a sync that prunes.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { repositoryTree } from '../../../src/commands/repository-tree.js';
import { labelKeys, SYNC_WAVE } from '../../../src/model/names.js';
import { lastWave, WAVE_RULES, waves, type WaveRule } from '../../../src/model/waves.js';
import { checkSyncOptions, checkWaveTable, checkWaves } from '../../../src/validate/waves.js';
import { EXTERNAL_HEALTH } from '../../helpers/answers.js';

type K8s = { apiVersion: string; kind: string; metadata: any; spec?: any };

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
    const tree = repositoryTree(resolveAnswers(EXTERNAL_HEALTH), { generatorVersion: '0.0.0-test' });
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
