import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { charts, images } from '../../../src/model/versions.js';
import { EVERY_OPTIONAL_IMAGE } from '../../helpers/answers.js';
import { generated } from '../../helpers/scaffold.js';

interface Rule {
  description?: string;
  matchManagers?: string[];
  matchFileNames?: string[];
  matchPackageNames?: string[];
  matchUpdateTypes?: string[];
  groupName?: string;
  prPriority?: number;
  minimumReleaseAge?: string;
  automerge?: boolean;
  platformAutomerge?: boolean;
  enabled?: boolean;
}
interface RenovateConfig {
  enabledManagers: string[];
  kustomize: { managerFilePatterns: string[] };
  argocd?: { managerFilePatterns: string[] };
  customManagers: { managerFilePatterns: string[]; matchStrings: string[]; datasourceTemplate: string }[];
  packageRules: Rule[];
  [key: string]: unknown;
}

function render(answers: PartialAnswers) {
  const { tree } = generated(answers, { generatorVersion: '1.0.0' });
  const text = tree.get('renovate.json');
  return { tree, config: text === undefined ? undefined : (JSON.parse(text) as RenovateConfig) };
}

/** A managerFilePatterns entry: "/regex/" as Renovate reads it. */
function filePattern(pattern: string): RegExp {
  expect(pattern).toMatch(/^\/.+\/$/);
  return new RegExp(pattern.slice(1, -1));
}

describe('renovate.json', () => {
  it('runs the kustomize manager on the overlays, argocd on the platform Applications, regex for the rest, and nothing else', () => {
    const { tree, config } = render(EVERY_OPTIONAL_IMAGE);
    expect(config!.enabledManagers).toEqual(['kustomize', 'argocd', 'custom.regex']);
    const kustomize = filePattern(config!.kustomize.managerFilePatterns[0]!);
    expect([...tree.keys()].filter((p) => kustomize.test(p))).toEqual([
      'overlays/dev/kustomization.yaml',
      'overlays/prod/kustomization.yaml',
      'overlays/stage/kustomization.yaml',
    ]);
    const argocd = filePattern(config!.argocd!.managerFilePatterns[0]!);
    const applications = [...tree].filter(([p]) => argocd.test(p));
    // Each chart the platform Applications install, at its pinned version, in a file the manager reads.
    for (const chart of Object.values(charts)) {
      const holding = applications.filter(
        ([, text]) => text.includes(`chart: ${chart.chart}\n`) && text.includes(`targetRevision: ${chart.version}\n`),
      );
      expect(holding.length, chart.chart).toBe(1);
      expect(holding[0]![1]).toMatch(/^apiVersion: argoproj\.io\//m);
    }
  });

  it('finds every image pinned outside the overlays, at its pinned tag, in every file that pins it', () => {
    const { tree, config } = render(EVERY_OPTIONAL_IMAGE);
    const found = new Map<string, Set<string>>();
    for (const manager of config!.customManagers) {
      expect(manager.datasourceTemplate).toBe('docker');
      const files = manager.managerFilePatterns.map(filePattern);
      for (const [path, text] of tree) {
        if (!files.some((f) => f.test(path))) continue;
        for (const match of manager.matchStrings.flatMap((m) => [...text.matchAll(new RegExp(m, 'g'))])) {
          const { depName, currentValue } = match.groups!;
          expect(`${depName}:${currentValue}`).toBe(match[0].replace(/^image(Name)?: /, ''));
          found.set(`${depName}:${currentValue}`, (found.get(`${depName}:${currentValue}`) ?? new Set()).add(path));
        }
      }
    }
    const pin = (image: { repository: string; tag: string }) => `${image.repository}:${image.tag}`;
    expect(Object.fromEntries([...found].map(([image, paths]) => [image, [...paths].sort()]))).toEqual({
      [pin(images.postgres)]: ['base/postgres/cluster.yaml', 'base/retention/cronjob.yaml'],
      [pin(images.valkey)]: ['base/valkey/statefulset.yaml'],
      [pin(images.redisExporter)]: [
        'overlays/dev/patches/valkey-metrics-exporter.yaml',
        'overlays/prod/patches/valkey-metrics-exporter.yaml',
        'overlays/stage/patches/valkey-metrics-exporter.yaml',
      ],
      [pin(images.prometheus)]: ['overlays/dev/patches/keda-sidecar-deployment.yaml'],
    });
    // Every image in any manifest is either one of those or the Inngest image the overlays pin.
    const all = [...tree.values()].flatMap((t) =>
      [...t.matchAll(/^\s*(?:- )?image(?:Name)?: (\S+)$/gm)].map((m) => m[1]!),
    );
    expect(new Set(all.filter((i) => !i.startsWith(`${images.inngest.repository}:`)))).toEqual(new Set(found.keys()));
  });

  it('groups per component: one rule per image and per chart, PostgreSQL majors off', () => {
    const { config } = render(EVERY_OPTIONAL_IMAGE);
    const groups = config!.packageRules.filter((r) => r.groupName && !r.groupName.startsWith('Inngest '));
    expect(groups.map((r) => [r.groupName, r.matchPackageNames])).toEqual([
      ['PostgreSQL', [images.postgres.repository]],
      ['Valkey', [images.valkey.repository]],
      ['Valkey metrics exporter', [images.redisExporter.repository]],
      ['Prometheus sidecar', [images.prometheus.repository]],
      ['CloudNativePG operator', [charts.cloudnativePg.chart]],
      ['KEDA operator', [charts.keda.chart]],
      ['Sealed Secrets controller', [charts.sealedSecrets.chart]],
      ['cert-manager', [charts.certManager.chart]],
      ['Barman Cloud plugin', [charts.barmanCloud.chart]],
    ]);
    expect(config!.packageRules).toContainEqual(
      expect.objectContaining({
        matchPackageNames: [images.postgres.repository],
        matchUpdateTypes: ['major'],
        enabled: false,
      }),
    );
  });

  it('proposes the Inngest image per environment, in order, each later one a few days after the one before', () => {
    const { config } = render({
      ...EVERY_OPTIONAL_IMAGE,
      renovate: { automerge: ['dev', 'stage'], daysBetweenEnvironments: 2 },
    });
    const inngest = config!.packageRules.filter((r) => r.groupName?.startsWith('Inngest '));
    expect(
      inngest.map((r) => ({
        group: r.groupName,
        files: r.matchFileNames,
        packages: r.matchPackageNames,
        managers: r.matchManagers,
        priority: r.prPriority,
        age: r.minimumReleaseAge,
        automerge: r.automerge,
        platformAutomerge: r.platformAutomerge,
      })),
    ).toEqual([
      {
        group: 'Inngest dev',
        files: ['overlays/dev/kustomization.yaml'],
        packages: ['inngest/inngest'],
        managers: ['kustomize'],
        priority: 3,
        age: undefined,
        automerge: true,
        platformAutomerge: false,
      },
      {
        group: 'Inngest stage',
        files: ['overlays/stage/kustomization.yaml'],
        packages: ['inngest/inngest'],
        managers: ['kustomize'],
        priority: 2,
        age: '2 days',
        automerge: true,
        platformAutomerge: false,
      },
      {
        group: 'Inngest prod',
        files: ['overlays/prod/kustomization.yaml'],
        packages: ['inngest/inngest'],
        managers: ['kustomize'],
        priority: 1,
        age: '4 days',
        automerge: false,
        platformAutomerge: undefined,
      },
    ]);
  });

  it('auto-merges the environments of the small profile unless renovate.automerge lists others', () => {
    const automerged = (answers: PartialAnswers) =>
      render(answers)
        .config!.packageRules.filter((r) => r.groupName?.startsWith('Inngest ') && r.automerge)
        .map((r) => r.groupName);
    expect(automerged({})).toEqual(['Inngest stage']);
    expect(automerged({ renovate: { automerge: [] } })).toEqual([]);
    expect(automerged({ renovate: { automerge: ['prod'] } })).toEqual(['Inngest prod']);
  });

  it('follows a mirrored Inngest image repository', () => {
    const { config } = render({ image: { repository: 'registry.example.com/mirror/inngest' } });
    const inngest = config!.packageRules.filter((r) => r.groupName?.startsWith('Inngest '));
    expect(inngest.map((r) => r.matchPackageNames)).toEqual([
      ['registry.example.com/mirror/inngest'],
      ['registry.example.com/mirror/inngest'],
    ]);
  });

  it('is left out with renovate.enabled false', () => {
    expect(render({ renovate: { enabled: false } }).config).toBeUndefined();
  });

  it('refuses an automerge environment that does not exist', () => {
    expect(() => resolveAnswers({ renovate: { automerge: ['qa'] } })).toThrow(
      'renovate.automerge[0]: "qa" is not an environment (names of environments: stage, prod)',
    );
  });
});
