import { describe, expect, it } from 'vitest';
import type { Answers, PartialAnswers } from '../../../src/answers/schema.js';
import type { FileTree } from '../../../src/model/file-tree.js';
import { SYNC_WAVE } from '../../../src/model/names.js';
import { charts } from '../../../src/model/versions.js';
import { rootWaves } from '../../../src/render/argocd.js';
import { BACKUPS, MIXED_KEDA } from '../../helpers/answers.js';
import { parseStream, type K8s as K8sObject } from '../../helpers/kubectl.js';
import { validateWithModel } from '../../helpers/models.js';
import { generated } from '../../helpers/scaffold.js';

interface Rendered {
  answers: Answers;
  tree: FileTree;
}

const render = (config: PartialAnswers): Rendered => generated(config);

/** The Argo CD objects of a tree, parsed once per tree (generated() shares trees); read-only. */
const parsed = new WeakMap<FileTree, readonly K8sObject[]>();
function argoObjects(tree: FileTree): readonly K8sObject[] {
  let objects = parsed.get(tree);
  if (!objects) {
    objects = [...tree.entries()]
      .filter(([path]) => path.startsWith('argocd/apps/') || path === 'argocd/root.yaml')
      .flatMap(([, text]) => parseStream(text));
    parsed.set(tree, objects);
  }
  return objects;
}

const find = (objects: readonly K8sObject[], kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

/** Argo CD destination patterns are globs. */
function globMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return regex.test(value);
}

describe.each([
  ['default answers', {} as PartialAnswers],
  ['mixed KEDA sources', MIXED_KEDA],
  ['backups', BACKUPS],
])('Argo CD applications of a generated repository (%s)', (_label, config) => {
  const r = render(config);

  it('points every Git-sourced Application at a path of this repository', () => {
    const apps = find(argoObjects(r.tree), 'Application');
    const gitApps = apps.filter((a) => !a.spec.source.chart);
    expect(gitApps.map((a) => a.spec.source.path).sort()).toEqual(
      ['argocd/apps', ...r.answers.environments.map((e) => `overlays/${e.name}`)].sort(),
    );
    for (const app of gitApps) {
      expect(app.spec.source.repoURL).toBe(r.answers.repoURL);
      expect([...r.tree.keys()].some((path) => path.startsWith(`${app.spec.source.path}/`))).toBe(true);
    }
  });

  it('allows every destination in the Application’s AppProject, and only this repository as source', () => {
    const objects = argoObjects(r.tree);
    const projects = new Map(find(objects, 'AppProject').map((p) => [p.metadata.name, p]));
    const children = find(objects, 'Application').filter((a) => a.spec.project !== 'default');
    expect(children.length).toBeGreaterThan(0);
    for (const app of children) {
      const project = projects.get(app.spec.project);
      expect(project, `project ${app.spec.project} of ${app.metadata.name}`).toBeDefined();
      const { server, namespace } = app.spec.destination;
      const allowed = (project!.spec.destinations as { server: string; namespace: string }[]).some(
        (d) => globMatch(d.server, server) && globMatch(d.namespace, namespace),
      );
      expect(allowed, `${app.metadata.name} → ${server} ${namespace}`).toBe(true);
      expect(project!.spec.sourceRepos).toContain(app.spec.source.repoURL);
      expect(project!.spec.sourceRepos).not.toContain('*');
    }
  });

  it('configures environment Applications for unattended, ordered sync', () => {
    const objects = argoObjects(r.tree);
    for (const env of r.answers.environments) {
      const app = find(objects, 'Application', `${r.answers.name}-${env.name}`)[0]!;
      expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.spec.syncPolicy.syncOptions).toEqual(
        expect.arrayContaining(['CreateNamespace=true', 'ServerSideApply=true']),
      );
      expect(app.spec.syncPolicy.retry.backoff).toBeDefined();
      const ignoresReplicas = app.spec.ignoreDifferences?.some(
        (d: any) => d.kind === 'Deployment' && d.jsonPointers.includes('/spec/replicas'),
      );
      expect(Boolean(ignoresReplicas)).toBe(env.keda.enabled);
      expect(app.spec.syncPolicy.syncOptions.includes('RespectIgnoreDifferences=true')).toBe(env.keda.enabled);
    }
    const project = find(objects, 'AppProject', r.answers.name)[0]!;
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    expect(project.spec.namespaceResourceWhitelist.some((k: any) => k.kind === '*' || k.group === '*')).toBe(false);
    expect(project.spec.namespaceResourceWhitelist.some((k: any) => k.group === '' && k.kind === 'Secret')).toBe(false);
  });

  it('installs the operators from pinned charts, server-side, before the environments', () => {
    const objects = argoObjects(r.tree);
    const wave = (o: K8sObject) => Number(o.metadata.annotations?.[SYNC_WAVE]);
    const operatorApps = find(objects, 'Application').filter((a) => a.spec.source.chart);
    const backups = r.answers.environments.some((e) => e.postgres.backup);
    expect(operatorApps.map((a) => `${a.spec.source.chart}@${a.spec.source.targetRevision}`).sort()).toEqual(
      [
        charts.cloudnativePg,
        charts.keda,
        charts.sealedSecrets,
        ...(backups ? [charts.certManager, charts.barmanCloud] : []),
      ]
        .map((c) => `${c.chart}@${c.version}`)
        .sort(),
    );
    const envApps = find(objects, 'Application').filter((a) => a.spec.source.path?.startsWith('overlays/'));
    for (const op of operatorApps) {
      expect(op.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      expect(op.metadata.finalizers).toBeUndefined();
      for (const env of envApps) expect(wave(op)).toBeLessThan(wave(env));
    }
    const sealed = operatorApps.find((a) => a.spec.source.chart === 'sealed-secrets')!;
    expect(sealed.spec.destination.namespace).toBe(r.answers.sealing.controllerNamespace);
    expect(sealed.spec.source.helm.valuesObject.fullnameOverride).toBe(r.answers.sealing.controllerName);
    expect(wave(find(objects, 'AppProject', r.answers.name)[0]!)).toBe(rootWaves.project);
  });

  it('validates every Argo CD object with its kubernetes-models class', () => {
    for (const object of argoObjects(r.tree)) validateWithModel(object);
    for (const object of parseStream(r.tree.get('argocd/bootstrap/argocd-cm-health.yaml')!)) validateWithModel(object);
  });
});

describe('optional parts', () => {
  it('generates no operator Applications with platform.installOperators false', () => {
    const r = render({ platform: { installOperators: false } });
    expect([...r.tree.keys()].filter((p) => p.startsWith('argocd/'))).toEqual([
      'argocd/apps/prod.yaml',
      'argocd/apps/project.yaml',
      'argocd/apps/stage.yaml',
      'argocd/bootstrap/argocd-cm-health.yaml',
      'argocd/root.yaml',
    ]);
    expect(r.tree.get('README.md')).toContain('Operators are not installed by this repository');
  });

  it('installs operators on every cluster an environment runs on, and allows only those destinations', () => {
    const r = render({
      environments: [{ name: 'stage' }, { name: 'prod', cluster: 'https://prod.k8s.example.com:6443' }],
    });
    const objects = argoObjects(r.tree);
    const operatorApps = find(objects, 'Application').filter((a) => a.spec.source.chart);
    expect(operatorApps).toHaveLength(6);
    expect(new Set(operatorApps.map((a) => a.spec.destination.server))).toEqual(
      new Set(['https://kubernetes.default.svc', 'https://prod.k8s.example.com:6443']),
    );
    expect(new Set(operatorApps.map((a) => a.metadata.name)).size).toBe(6);
    const project = find(objects, 'AppProject', 'inngest')[0]!;
    expect(project.spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'inngest-stage' },
      { server: 'https://prod.k8s.example.com:6443', namespace: 'inngest-prod' },
    ]);
  });

  it('installs cert-manager, then the Barman Cloud plugin in the CloudNativePG namespace, before an environment with backups', () => {
    const r = render(BACKUPS);
    const objects = argoObjects(r.tree);
    const app = (id: string) => find(objects, 'Application', `platform-${id}`)[0]!;
    const wave = (o: K8sObject) => Number(o.metadata.annotations?.[SYNC_WAVE]);
    const certManager = app('cert-manager');
    const plugin = app('plugin-barman-cloud');
    const cnpg = app('cloudnative-pg');
    expect(certManager.spec.source).toEqual({
      repoURL: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      targetRevision: charts.certManager.version,
      helm: { releaseName: 'cert-manager', valuesObject: { crds: { enabled: true } } },
    });
    expect(certManager.spec.destination.namespace).toBe('cert-manager');
    expect(plugin.spec.source).toEqual({
      repoURL: 'https://cloudnative-pg.github.io/charts',
      chart: 'plugin-barman-cloud',
      targetRevision: charts.barmanCloud.version,
      helm: { releaseName: 'plugin-barman-cloud' },
    });
    // CloudNativePG only loads plugins whose Service is in its own namespace
    expect(plugin.spec.destination.namespace).toBe(cnpg.spec.destination.namespace);
    expect(wave(plugin)).toBeGreaterThan(wave(certManager));
    expect(wave(plugin)).toBeGreaterThan(wave(cnpg));
    for (const env of find(objects, 'Application').filter((a) => a.spec.source.path?.startsWith('overlays/')))
      expect(wave(env)).toBeGreaterThan(wave(plugin));
    const project = find(objects, 'AppProject', 'inngest-platform')[0]!;
    expect(project.spec.namespaceResourceWhitelist).toEqual(
      expect.arrayContaining([
        { group: 'cert-manager.io', kind: 'Certificate' },
        { group: 'cert-manager.io', kind: 'Issuer' },
        { group: 'batch', kind: 'Job' },
      ]),
    );
    expect(project.spec.sourceRepos).toContain('https://charts.jetstack.io');
    expect(project.spec.destinations).toContainEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'cert-manager',
    });
    expect(wave(project)).toBeLessThan(wave(certManager));
    expect(r.tree.get('README.md')).toContain('never leaves the phase "unknown plugin"');
  });

  it('installs neither without backups; only the plugin where the cluster already runs cert-manager', () => {
    const none = find(argoObjects(render({}).tree), 'Application').map((a) => a.metadata.name);
    expect(none.filter((n) => /cert-manager|barman/.test(n))).toEqual([]);
    const project = find(argoObjects(render({}).tree), 'AppProject', 'inngest-platform')[0]!;
    expect(project.spec.namespaceResourceWhitelist.some((k: any) => k.group === 'cert-manager.io')).toBe(false);
    const own = render({ ...BACKUPS, platform: { installCertManager: false } });
    const names = find(argoObjects(own.tree), 'Application').map((a) => a.metadata.name);
    expect(names).toContain('platform-plugin-barman-cloud');
    expect(names).not.toContain('platform-cert-manager');
    expect(own.tree.get('README.md')).toContain('the cluster must\nalready run it');
  });

  it('runs KEDA in platform.kedaNamespace and admits its operator from there', () => {
    const r = render({
      platform: { kedaNamespace: 'autoscaling' },
      environments: [{ name: 'prod', keda: { source: 'sidecar' } }],
    });
    const keda = parseStream(r.tree.get('argocd/apps/platform-keda.yaml')!)[0]!;
    expect(keda.spec.destination.namespace).toBe('autoscaling');
    const sidecarPolicy = parseStream(r.tree.get('overlays/prod/keda-prometheus-sidecar.yaml')!).find(
      (o) => o.kind === 'NetworkPolicy',
    )!;
    expect(sidecarPolicy.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'autoscaling',
    });
    expect(r.tree.get('README.md')).toContain('namespace `autoscaling`');
  });

  it('takes the root Application’s namespace and revision from the answers', () => {
    const r = render({
      argocd: { namespace: 'gitops', revision: 'release-1' },
      sealing: { controllerName: 'sealed-secrets', controllerNamespace: 'sealed-secrets' },
    });
    const root = parseStream(r.tree.get('argocd/root.yaml')!)[0]!;
    expect(root.metadata.namespace).toBe('gitops');
    expect(root.spec.source).toMatchObject({ targetRevision: 'release-1', path: 'argocd/apps' });
    expect(root.metadata).not.toHaveProperty('finalizers');
    const health = parseStream(r.tree.get('argocd/bootstrap/argocd-cm-health.yaml')!)[0]!;
    expect(health.metadata).toMatchObject({ name: 'argocd-cm', namespace: 'gitops' });
    expect(Object.keys(health.data as object).sort()).toEqual([
      'resource.customizations.health.argoproj.io_Application',
      'resource.customizations.health.postgresql.cnpg.io_Database',
    ]);
    const sealed = parseStream(r.tree.get('argocd/apps/platform-sealed-secrets.yaml')!)[0]!;
    expect(sealed.spec.destination.namespace).toBe('sealed-secrets');
    expect(sealed.spec.source.helm.valuesObject).toEqual({ fullnameOverride: 'sealed-secrets' });
    expect(r.tree.get('README.md')).toContain('kubectl apply -n gitops -f argocd/root.yaml');
  });
});
