import { UserError } from '../core/errors.js';
import { redactUrl } from '../core/url.js';
import {
  argocdNames,
  clusterKey,
  clusterSuffix,
  DEFAULT_PROJECT,
  distinctClusters,
  OPERATOR_IDS,
} from '../model/argocd-names.js';
import type { Answers } from './schema.js';

/**
 * Names derived from several answers (Argo CD Applications, AppProjects and so the files under
 * argocd/, defaulted namespaces) must be valid and distinct across the whole answer set: a collision
 * silently replaces a file or an Application. Each refusal names the answer to change.
 */

/** Environment names that would name a file or Application the scaffolder writes itself. */
const RESERVED_ENVIRONMENT_NAMES = ['project', 'root', 'platform-project'];
const RESERVED_ENVIRONMENT_PREFIXES = OPERATOR_IDS.map((id) => `platform-${id}`);
const RESERVED_ALLOWED = `any name but ${RESERVED_ENVIRONMENT_NAMES.join(', ')} and ${RESERVED_ENVIRONMENT_PREFIXES.map((p) => `${p}[-…]`).join(', ')}: they name files and Applications under argocd/apps`;

/** Argo CD's label tracking (app.kubernetes.io/instance) truncates longer Application names. */
const MAX_APPLICATION_NAME = 63;
const MAX_NAMESPACE = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Derived {
  kind: 'Application' | 'AppProject';
  name: string;
  /** The answer to change, as a config path. */
  field: string;
  /** What else carries the name, for the message about a collision. */
  what: string;
  /** What to do instead. */
  allowed: string;
}

export function checkDerivedNames(answers: Answers): void {
  answers.environments.forEach((env, i) => checkEnvironmentName(env.name, `environments[${i}].name`));
  if (answers.name === DEFAULT_PROJECT) {
    throw new UserError(
      'name',
      `"${DEFAULT_PROJECT}" would name an AppProject "${DEFAULT_PROJECT}", the project Argo CD creates itself and the root Application lives in`,
      'another DNS label',
    );
  }
  checkNamespaces(answers);
  checkClusterSpellings(answers);
  const seen = new Map<string, Derived>();
  for (const derived of derivedNames(answers)) {
    if (
      derived.kind === 'Application' &&
      (derived.name.length > MAX_APPLICATION_NAME || !DNS_LABEL.test(derived.name))
    ) {
      throw new UserError(
        derived.field,
        `makes the Application name "${derived.name}" (${derived.what}), ${derived.name.length > MAX_APPLICATION_NAME ? `${derived.name.length} characters` : 'not a DNS label'}`,
        `a DNS label of at most ${MAX_APPLICATION_NAME} characters, which Argo CD's label tracking needs: ${derived.allowed}`,
      );
    }
    const key = `${derived.kind} ${derived.name}`;
    const earlier = seen.get(key);
    if (earlier && earlier.field !== derived.field) {
      throw new UserError(
        derived.field,
        `makes the ${derived.kind} ${derived.name} (${derived.what}), which is also ${earlier.what} (${earlier.field})`,
        derived.allowed,
      );
    }
    seen.set(key, derived);
  }
}

function checkEnvironmentName(name: string, field: string): void {
  if (
    RESERVED_ENVIRONMENT_NAMES.includes(name) ||
    RESERVED_ENVIRONMENT_PREFIXES.some((prefix) => name === prefix || name.startsWith(`${prefix}-`))
  ) {
    throw new UserError(field, `"${name}" is reserved`, RESERVED_ALLOWED);
  }
}

function checkNamespaces(answers: Answers): void {
  answers.environments.forEach((env, i) => {
    if (env.namespace.length > MAX_NAMESPACE) {
      throw new UserError(
        `environments[${i}].namespace`,
        `defaults to "${env.namespace}" (name-environment), ${env.namespace.length} characters`,
        `a namespace of at most ${MAX_NAMESPACE} characters: set environments[${i}].namespace, or shorten name or environments[${i}].name`,
      );
    }
  });
}

/**
 * Argo CD finds a destination cluster by its URL as text (trailing slashes trimmed: argo-cd
 * util/settings/cluster_informer.go GetClusterByURL), so one cluster spelled two ways is two
 * clusters to Argo CD and one of them is not registered.
 */
function checkClusterSpellings(answers: Answers): void {
  const spelled = new Map<string, { spelling: string; field: string }>();
  answers.environments.forEach((env, i) => {
    const field = `environments[${i}].cluster`;
    const spelling = env.cluster.replace(/\/+$/, '');
    const earlier = spelled.get(clusterKey(env.cluster));
    if (earlier && earlier.spelling !== spelling) {
      throw new UserError(
        field,
        `"${redactUrl(env.cluster)}" is the cluster of ${earlier.field} ("${redactUrl(earlier.spelling)}") spelled differently`,
        'the same spelling for every environment on a cluster, as it is registered in Argo CD: Argo CD compares cluster URLs as text',
      );
    }
    if (!earlier) spelled.set(clusterKey(env.cluster), { spelling, field });
  });
}

/**
 * Every derived name, the ones fixed by the scaffolder first. Files under argocd/apps need no
 * entries of their own: an operator's file is named after its Application, and an environment's
 * file cannot take a fixed or operator file's name while those names are reserved.
 */
function derivedNames(answers: Answers): Derived[] {
  const { name } = answers;
  const nameOnly = 'another name';
  const out: Derived[] = [
    {
      kind: 'AppProject',
      name: argocdNames.project(name),
      field: 'name',
      what: 'the environments AppProject',
      allowed: nameOnly,
    },
    {
      kind: 'Application',
      name: argocdNames.root(name),
      field: 'name',
      what: 'the root Application',
      allowed: nameOnly,
    },
  ];
  const clusters = answers.environments.map((env) => env.cluster);
  if (answers.platform.installOperators) {
    out.push({
      kind: 'AppProject',
      name: argocdNames.platformProject(name),
      field: 'name',
      what: 'the platform AppProject',
      allowed: nameOnly,
    });
    for (const cluster of distinctClusters(clusters)) {
      const index = answers.environments.findIndex((env) => clusterKey(env.cluster) === clusterKey(cluster));
      const field = `environments[${index}].cluster`;
      const allowed =
        'cluster URLs whose hosts differ within their first 30 characters, or platform.installOperators false where the clusters have the operators already';
      for (const id of OPERATOR_IDS) {
        const application = argocdNames.operator(id, clusterSuffix(clusters, cluster));
        const what = `the ${id} operator Application of cluster ${redactUrl(cluster)}`;
        out.push({ kind: 'Application', name: application, field, what, allowed });
      }
    }
  }
  answers.environments.forEach((env, i) => {
    out.push({
      kind: 'Application',
      name: argocdNames.environment(name, env.name),
      field: `environments[${i}].name`,
      what: `the Application of environment ${env.name}: name "${name}", "-" and the environment name`,
      allowed: 'another environment name, or another name',
    });
  });
  return out;
}
