import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import type { IComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1SyncPolicy as ISyncPolicy } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/SyncPolicy';
import type { IComGithubArgoprojArgoCdV3PkgApisApplicationV1alpha1ApplicationSource as IApplicationSource } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSource';
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta as IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { Answers, Environment } from '../answers/schema.js';
import { ARGOCD_FINALIZER, IN_CLUSTER_API, labelKeys, objectNames, platform, SYNC_WAVE } from '../model/names.js';
import {
  argocdNames,
  argocdPaths,
  clusterKey,
  clusterSuffix,
  DEFAULT_PROJECT,
  distinctClusters,
  type OperatorId,
} from '../model/argocd-names.js';
import { charts, type HelmChart } from '../model/versions.js';
import { toYamlStream } from '../core/yaml.js';
import type { Model } from './types.js';
import { WAVE_RULES } from '../model/waves.js';
import { usesCloudNativePg } from '../answers/stores.js';

/**
 * The app-of-apps (argo-cd docs operator-manual/cluster-bootstrapping.md): argocd/root.yaml is
 * applied once by hand; it syncs argocd/apps/, which holds the AppProjects, the operator
 * Applications (optional) and one Application per environment. Waves inside the root app:
 * platform project, operators (with cert-manager), the Barman Cloud plugin (it needs
 * cert-manager's API and runs beside CloudNativePG), environments' project, environments. Argo CD
 * waits for each wave to be healthy, which for Applications needs the health customisation in
 * argocd/bootstrap/argocd-cm-health.yaml. The environments are the last wave, which a sync does
 * not wait on (see model/waves.ts).
 */

export const rootWaves = {
  platformProject: -4,
  operators: -3,
  backupPlugin: -2,
  project: -1,
  environments: 0,
} as const;

/**
 * No PruneLast=true on the root or the environments: when a sync prunes something (every change
 * of inngest.env prunes the old hash-named ConfigMap), it moves the prunes to a wave after every
 * other (argo-cd gitops-engine/pkg/sync/sync_context.go getSyncTasks, "for pruneLast tasks,
 * modify the wave to sync phase last wave of tasks + 1"). The last wave (Ingress, PodMonitors,
 * ScaledObject; for the root, the environments) would then be waited on: an Ingress without load
 * balancer status hangs the sync for ever, a ScaledObject in fallback fails it. Prunes run in
 * their own wave instead; running pods keep the values of a pruned ConfigMap.
 */
const SYNC_OPTIONS_OF_EVERY_APP = ['ServerSideApply=true'] as const;

interface ArgoFile {
  path: string;
  objects: Model[];
}

/** Every file under argocd/. Pure. */
function argocdFiles(answers: Answers): ArgoFile[] {
  const files: ArgoFile[] = [
    { path: argocdPaths.root, objects: [rootApplication(answers)] },
    { path: argocdPaths.project, objects: [environmentsProject(answers)] },
    ...answers.environments.map((env) => ({
      path: argocdPaths.environment(env.name),
      objects: [environmentApplication(answers, env)],
    })),
    { path: argocdPaths.health, objects: [healthCustomisations(answers)] },
  ];
  if (answers.platform.installOperators) {
    files.push({ path: argocdPaths.platformProject, objects: [platformProject(answers)] });
    files.push(
      ...platformApplications(answers).map((app) => ({
        path: argocdPaths.operator(app.metadata.name ?? ''),
        objects: [app],
      })),
    );
  }
  return files;
}

/** Validated YAML text of each file. */
export function renderArgocdFiles(answers: Answers): Map<string, string> {
  return new Map(
    argocdFiles(answers).map((file) => {
      for (const object of file.objects) object.validate();
      return [file.path, toYamlStream(file.objects.map((o) => o.toJSON()))];
    }),
  );
}

export const projectName = (answers: Answers): string => argocdNames.project(answers.name);
export const platformProjectName = (answers: Answers): string => argocdNames.platformProject(answers.name);
export const rootName = (answers: Answers): string => argocdNames.root(answers.name);
export const environmentAppName = (answers: Answers, env: Environment): string =>
  argocdNames.environment(answers.name, env.name);

function meta(answers: Answers, name: string, wave: number | undefined, finalizer: boolean): IObjectMeta {
  return {
    name,
    namespace: answers.argocd.namespace,
    labels: { [labelKeys.partOf]: answers.name, [labelKeys.managedBy]: 'create-inngest-gitops' },
    ...(wave === undefined ? {} : { annotations: { [SYNC_WAVE]: String(wave) } }),
    ...(finalizer ? { finalizers: [ARGOCD_FINALIZER] } : {}),
  };
}

/** Retries with exponential backoff: 10 s doubling to 3 min, ten times (~20 min) while operators and CRDs arrive. */
function syncPolicy(syncOptions: string[]): ISyncPolicy {
  return {
    automated: { prune: true, selfHeal: true },
    ...(syncOptions.length > 0 ? { syncOptions } : {}),
    retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
  };
}

/**
 * The parent. In the default project (the projects it creates cannot hold it) and without the
 * cascading-delete finalizer: deleting the root must never take every environment with it.
 */
function rootApplication(answers: Answers): Application {
  return new Application({
    metadata: meta(answers, rootName(answers), undefined, false),
    spec: {
      project: DEFAULT_PROJECT,
      source: {
        repoURL: answers.repoURL,
        targetRevision: answers.argocd.revision,
        path: 'argocd/apps',
        directory: { recurse: false },
      },
      destination: { server: IN_CLUSTER_API, namespace: answers.argocd.namespace },
      syncPolicy: syncPolicy([]),
    },
  });
}

/**
 * What an environment Application may deploy: this repository only, into the environments'
 * namespaces on their clusters, the kinds of the sync-wave table only (so a plain Secret can
 * never be synced from Git), and no cluster-scoped kind but the Namespace CreateNamespace makes.
 */
function environmentsProject(answers: Answers): AppProject {
  const kinds = uniqueKinds(WAVE_RULES.map((r) => ({ group: r.group, kind: r.kind })));
  return new AppProject({
    metadata: meta(answers, projectName(answers), rootWaves.project, true),
    spec: {
      description: `Inngest environments of ${answers.name}`,
      sourceRepos: [answers.repoURL],
      destinations: answers.environments.map((env) => ({ server: env.cluster, namespace: env.namespace })),
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      namespaceResourceWhitelist: kinds,
    },
  });
}

function uniqueKinds(kinds: { group: string; kind: string }[]): { group: string; kind: string }[] {
  const seen = new Set<string>();
  return kinds.filter((k) => {
    const key = `${k.group}/${k.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Namespace metadata for CreateNamespace: Pod Security "restricted" enforced, as every pod we
 * generate complies (kubernetes.io/docs/concepts/security/pod-security-admission).
 */
const namespaceLabels = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
} as const;

function environmentApplication(answers: Answers, env: Environment): Application {
  const keda = env.keda.enabled;
  // KEDA's HPA owns spec.replicas; the manifest carries none, and Argo CD must not reset it either
  // (kedacore/keda#5572; argo-cd docs user-guide/sync-options.md "Respect ignore differences").
  const syncOptions = [
    'CreateNamespace=true',
    ...SYNC_OPTIONS_OF_EVERY_APP,
    ...(keda ? ['RespectIgnoreDifferences=true'] : []),
  ];
  return new Application({
    metadata: meta(answers, environmentAppName(answers, env), rootWaves.environments, true),
    spec: {
      project: projectName(answers),
      source: { repoURL: answers.repoURL, targetRevision: env.targetRevision, path: `overlays/${env.name}` },
      destination: { server: env.cluster, namespace: env.namespace },
      syncPolicy: { ...syncPolicy(syncOptions), managedNamespaceMetadata: { labels: { ...namespaceLabels } } },
      ...(keda
        ? {
            ignoreDifferences: [
              { group: 'apps', kind: 'Deployment', name: objectNames.inngest, jsonPointers: ['/spec/replicas'] },
            ],
          }
        : {}),
    },
  });
}

/** The distinct clusters the environments run on (compared normalised), each needing its own operators. */
function clusters(answers: Answers): string[] {
  return distinctClusters(answers.environments.map((env) => env.cluster));
}

interface Operator {
  id: OperatorId;
  chart: HelmChart;
  namespace: (answers: Answers) => string;
  releaseName: string;
  values: (answers: Answers) => Record<string, unknown>;
  /** The root Application's wave. */
  wave: number;
  /** Whether a cluster needs it. */
  neededOn: (answers: Answers, cluster: string) => boolean;
  /** Namespaced kinds its chart renders beyond the common set of platformProject. */
  extraKinds?: readonly { group: string; kind: string }[];
}

const always = () => true;

/** Whether an environment on this cluster needs it: no CloudNativePG where every database is external. */
function usedOn(answers: Answers, cluster: string, use: (env: Environment) => boolean): boolean {
  return answers.environments.some((env) => env.cluster === cluster && use(env));
}

/** Whether an environment on this cluster backs up through the Barman Cloud plugin. */
function backsUpOn(answers: Answers, cluster: string): boolean {
  return answers.environments.some(
    (env) => clusterKey(env.cluster) === clusterKey(cluster) && env.postgres.backup !== undefined,
  );
}

/**
 * The operators the environments rely on, from their official charts at pinned versions.
 * Sealed Secrets is installed as kubeseal expects it (sealing.controllerName in
 * sealing.controllerNamespace): the chart otherwise names it after the release
 * (bitnami-labs/sealed-secrets README "Helm Chart" note on the controller name).
 *
 * Where an environment has backups, its Cluster names the Barman Cloud plugin; until CloudNativePG
 * has loaded it the Cluster stays in phase "Cluster cannot proceed to reconciliation due to an
 * unknown plugin being required" (cloudnative-pg api/v1/cluster_types.go PhaseUnknownPlugin), which
 * Argo CD reports as Suspended (argo-cd resource_customizations/postgresql.cnpg.io/Cluster/health.lua),
 * so the environment's sync would wait for ever. The plugin needs cert-manager for its TLS
 * certificates ("cert-manager installed and ready": plugin-barman-cloud web/docs/installation.mdx)
 * and CloudNativePG's namespace (see names.ts platform.barmanCloud), so it comes a wave after both.
 */
const operators: readonly Operator[] = [
  {
    id: 'cloudnative-pg',
    chart: charts.cloudnativePg,
    namespace: () => platform.cnpg.namespace,
    releaseName: platform.cnpg.releaseName,
    values: () => ({}),
    wave: rootWaves.operators,
    neededOn: (a, cluster) => usedOn(a, cluster, usesCloudNativePg),
  },
  {
    id: 'keda',
    chart: charts.keda,
    namespace: (a) => a.platform.kedaNamespace,
    releaseName: platform.keda.releaseName,
    values: () => ({}),
    wave: rootWaves.operators,
    neededOn: (a, cluster) => usedOn(a, cluster, (env) => env.keda.enabled),
  },
  {
    id: 'sealed-secrets',
    chart: charts.sealedSecrets,
    namespace: (a) => a.sealing.controllerNamespace,
    releaseName: platform.sealedSecrets.releaseName,
    values: (a) => ({ fullnameOverride: a.sealing.controllerName }),
    wave: rootWaves.operators,
    neededOn: always,
  },
  {
    id: 'cert-manager',
    chart: charts.certManager,
    namespace: () => platform.certManager.namespace,
    releaseName: platform.certManager.releaseName,
    // The CRDs come with the release ("Use the crds.enabled value", cert-manager/website
    // content/docs/installation/continuous-deployment-and-gitops.md; installCRDs is deprecated,
    // deploy/charts/cert-manager/values.yaml); crds.keep (default true) keeps them when the
    // release goes.
    values: () => ({ crds: { enabled: true } }),
    wave: rootWaves.operators,
    neededOn: (a, cluster) => a.platform.installCertManager && backsUpOn(a, cluster),
    // startupapicheck is a post-install hook Job (deploy/charts/cert-manager/templates/startupapicheck-job.yaml).
    extraKinds: [{ group: 'batch', kind: 'Job' }],
  },
  {
    id: 'plugin-barman-cloud',
    chart: charts.barmanCloud,
    namespace: () => platform.cnpg.namespace,
    releaseName: platform.barmanCloud.releaseName,
    values: () => ({}),
    wave: rootWaves.backupPlugin,
    neededOn: backsUpOn,
    // Its self-signed Issuer and the client and server Certificates (cloudnative-pg/charts
    // charts/plugin-barman-cloud/templates/certificate-issuer.yaml, *-certificate.yaml).
    extraKinds: [
      { group: 'cert-manager.io', kind: 'Certificate' },
      { group: 'cert-manager.io', kind: 'Issuer' },
    ],
  },
];

/** The operators one cluster gets. */
function operatorsOn(answers: Answers, cluster: string): Operator[] {
  return operators.filter((o) => o.neededOn(answers, cluster));
}

/** Every operator some cluster gets: what the README lists and the platform project admits. */
export function installedOperators(answers: Answers): Operator[] {
  return operators.filter((o) => clusters(answers).some((cluster) => o.neededOn(answers, cluster)));
}

function helmSource(answers: Answers, operator: Operator): IApplicationSource {
  const values = operator.values(answers);
  return {
    repoURL: operator.chart.repoURL,
    chart: operator.chart.chart,
    targetRevision: operator.chart.version,
    helm: {
      releaseName: operator.releaseName,
      ...(Object.keys(values).length ? { valuesObject: values } : {}),
    },
  };
}

/**
 * One Application per operator and cluster. Server-Side Apply: the CloudNativePG CRDs exceed the
 * 262144-byte last-applied annotation of client-side apply (cloudnative-pg/cloudnative-pg#4377).
 * No cascading-delete finalizer: deleting the Application must not delete the CRDs, and with
 * them every database.
 */
function platformApplications(answers: Answers): Application[] {
  return clusters(answers).flatMap((cluster) =>
    operatorsOn(answers, cluster).map(
      (operator) =>
        new Application({
          metadata: meta(
            answers,
            argocdNames.operator(
              operator.id,
              clusterSuffix(
                answers.environments.map((env) => env.cluster),
                cluster,
              ),
            ),
            operator.wave,
            false,
          ),
          spec: {
            project: platformProjectName(answers),
            source: helmSource(answers, operator),
            destination: { server: cluster, namespace: operator.namespace(answers) },
            syncPolicy: syncPolicy(['CreateNamespace=true', ...SYNC_OPTIONS_OF_EVERY_APP]),
          },
        }),
    ),
  );
}

/**
 * What the operator charts may install: only their chart repositories, only the operators'
 * namespaces (kube-system too: KEDA binds extension-apiserver-authentication-reader there, and
 * cert-manager keeps its leader-election Role there, values.yaml global.leaderElection.namespace),
 * and the cluster-scoped kinds operators need (CRDs, RBAC, webhooks, KEDA's metrics APIService).
 */
function platformProject(answers: Answers): AppProject {
  const installed = installedOperators(answers);
  const destinations = clusters(answers).flatMap((server) =>
    [...new Set([...operatorsOn(answers, server).map((o) => o.namespace(answers)), 'kube-system'])].map(
      (namespace) => ({ server, namespace }),
    ),
  );
  return new AppProject({
    metadata: meta(answers, platformProjectName(answers), rootWaves.platformProject, true),
    spec: {
      description: `Operators the Inngest environments of ${answers.name} rely on`,
      sourceRepos: [...new Set(installed.map((o) => o.chart.repoURL))],
      destinations,
      clusterResourceWhitelist: [
        { group: '', kind: 'Namespace' },
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
        { group: 'apiregistration.k8s.io', kind: 'APIService' },
      ],
      namespaceResourceWhitelist: uniqueKinds([
        { group: '', kind: 'ConfigMap' },
        { group: '', kind: 'Secret' },
        { group: '', kind: 'Service' },
        { group: '', kind: 'ServiceAccount' },
        { group: 'apps', kind: 'Deployment' },
        { group: 'policy', kind: 'PodDisruptionBudget' },
        { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
        { group: 'rbac.authorization.k8s.io', kind: 'Role' },
        { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
        ...installed.flatMap((o) => o.extraKinds ?? []),
      ]),
    },
  });
}

/**
 * Health of a child Application (not built into Argo CD since v1.8, argo-cd docs
 * operator-manual/health.md "Argocd App"): the child's own health, so the root waits for it.
 */
const APPLICATION_HEALTH_LUA = `local hs = { status = "Progressing", message = "" }
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

/**
 * Health of a CloudNativePG Database (none built in): applied and reconciled for the current
 * generation is Healthy; applied false is Degraded with the operator's message.
 */
const DATABASE_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for the operator to reconcile the database" }
if obj.status == nil then
  return hs
end
if obj.status.applied == true and obj.status.observedGeneration == obj.metadata.generation then
  hs.status = "Healthy"
  hs.message = "Database reconciled"
elseif obj.status.applied == false then
  hs.status = "Degraded"
  hs.message = obj.status.message or "The operator could not apply the database"
end
return hs
`;

/** A partial argocd-cm, applied server-side so only these keys are added to Argo CD's own config. */
function healthCustomisations(answers: Answers): ConfigMap {
  return new ConfigMap({
    metadata: { name: 'argocd-cm', namespace: answers.argocd.namespace, labels: { [labelKeys.partOf]: 'argocd' } },
    data: {
      'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
      'resource.customizations.health.postgresql.cnpg.io_Database': DATABASE_HEALTH_LUA,
    },
  });
}
