import { UserError } from '../core/errors.js';
import { KEEP_ON_DELETE, objectNames } from '../model/names.js';

/** An environment a run removes (--remove-env), as the repository and its recorded answers describe it. */
export interface RemovedEnvironment {
  name: string;
  namespace: string;
  cluster: string;
  /** Its Argo CD Application. */
  application: string;
  /** The Cluster in the repository carries Delete=false,Prune=false: what Argo CD acts on when this is pushed. */
  protectedInRepository: boolean;
  /** The recorded answers switched that protection off on purpose (postgres.deletionProtection: false). */
  protectionOff: boolean;
  /** Its PostgreSQL is an external server (postgres.mode external): no Cluster to keep or lose. */
  externalPostgres: boolean;
  externalValkey: boolean;
}

const valkeyClaim = `data-${objectNames.valkey}-0`;
const keepOnDelete = Object.values(KEEP_ON_DELETE)[0];

/**
 * What Argo CD will do in the cluster once a removal is pushed, for the plan. The root
 * Application prunes the environment's Application, whose cascading finalizer deletes what it
 * deployed, except what Argo CD is told to keep. A Cluster without that annotation goes too, and
 * its PVCs with it (the Cluster owns them): unless the answers chose that, the run stops.
 */
export function removalPlan(env: RemovedEnvironment): string[] {
  if (env.externalPostgres) {
    const valkey = env.externalValkey ? '' : `, the PVC ${valkeyClaim}`;
    return [
      `remove environment ${env.name}: once this is pushed, Argo CD deletes the Application ${env.application} and, through its finalizer, what it deployed into namespace ${env.namespace} on ${env.cluster}.`,
      `  kept: the data on its external server${env.externalValkey ? 's' : ''}${valkey}, the namespace ${env.namespace}.`,
    ];
  }
  if (!env.protectedInRepository && !env.protectionOff) {
    throw new UserError(
      '--remove-env',
      `the CloudNativePG Cluster of ${env.name} has no argocd.argoproj.io/sync-options: ${keepOnDelete} in this repository yet, so Argo CD would delete its database with the environment`,
      `first re-run without --remove-env, push and let Argo CD sync ${env.application}, then remove it; or set environments[].postgres.deletionProtection: false for ${env.name} to delete the data too`,
    );
  }
  const where = `namespace ${env.namespace} on ${env.cluster}`;
  const lines = [
    `remove environment ${env.name}: once this is pushed, Argo CD deletes the Application ${env.application} and, through its finalizer, what it deployed into ${where}: Inngest, the Valkey StatefulSet, Services, ConfigMaps, NetworkPolicies, the SealedSecrets and the Secrets made from them.`,
  ];
  if (env.protectedInRepository)
    lines.push(
      `  kept in the cluster: the CloudNativePG Cluster ${objectNames.postgresCluster} and its PVCs (${keepOnDelete}), the PVC ${valkeyClaim}, the namespace ${env.namespace}. README.md "Removing an environment" shows how to delete them.`,
    );
  else
    lines.push(
      `  deleted too: the CloudNativePG Cluster ${objectNames.postgresCluster} and its PVCs, the database of ${env.name} (postgres.deletionProtection is false). Kept: the PVC ${valkeyClaim}, the namespace ${env.namespace}.`,
    );
  return lines;
}

/** An environment whose namespace changes (same name, other namespace), as the repository describes it. */
export interface MovedEnvironment {
  name: string;
  from: string;
  to: string;
  protectedInRepository: boolean;
  protectionOff: boolean;
  externalPostgres: boolean;
}

/**
 * An environment whose namespace changes starts afresh in the new one, and Argo CD prunes what it
 * ran in the old one: the same rule as a removal for the database left behind.
 */
export function namespaceMovePlan(env: MovedEnvironment): string {
  if (env.externalPostgres)
    return `move environment ${env.name} from namespace ${env.from} to ${env.to}: Argo CD creates it anew there, on the same external PostgreSQL, and prunes what it ran in ${env.from}.`;
  if (!env.protectedInRepository && !env.protectionOff) {
    throw new UserError(
      `environments.${env.name}.namespace`,
      `moving ${env.name} from ${env.from} to ${env.to} makes Argo CD prune the CloudNativePG Cluster in ${env.from}, which has no argocd.argoproj.io/sync-options: ${keepOnDelete} in this repository yet, and its database with it`,
      `first re-run without the namespace change, push and let Argo CD sync, then move it; or set postgres.deletionProtection: false for ${env.name} to let the old data go`,
    );
  }
  return `move environment ${env.name} from namespace ${env.from} to ${env.to}: Argo CD creates it anew there, with an empty database, and prunes what it ran in ${env.from}${
    env.protectedInRepository
      ? `, except the CloudNativePG Cluster ${objectNames.postgresCluster} and its PVCs (${keepOnDelete}), which stay there`
      : ', the CloudNativePG Cluster and its data included (postgres.deletionProtection is false)'
  }.`;
}

/** A project renamed: every environment's Application gets a new name (<project>-<environment>). */
export interface RenamedProject {
  from: string;
  to: string;
  environments: { name: string; protectedInRepository: boolean; protectionOff: boolean; externalPostgres: boolean }[];
}

/**
 * Renaming the project renames the Applications: the root prunes the old ones, whose finalizers
 * delete what they deployed, and the new ones deploy it again. The rule for the databases is the
 * one of a removal.
 */
export function renamePlan(rename: RenamedProject): string {
  const unprotected = rename.environments.filter(
    (e) => !e.protectedInRepository && !e.protectionOff && !e.externalPostgres,
  );
  if (unprotected.length > 0) {
    throw new UserError(
      'name',
      `renaming ${rename.from} to ${rename.to} makes Argo CD delete the Applications ${unprotected.map((e) => `${rename.from}-${e.name}`).join(', ')} and what they deployed, and their CloudNativePG Clusters have no argocd.argoproj.io/sync-options: ${keepOnDelete} in this repository yet`,
      'first re-run without the rename, push and let Argo CD sync, then rename',
    );
  }
  return `rename ${rename.from} to ${rename.to}: once this is pushed, Argo CD deletes the Applications ${rename.environments.map((e) => `${rename.from}-${e.name}`).join(', ')} and what they deployed (a short outage), and the new ones deploy it again into the same namespaces${
    rename.environments.some((e) => !e.externalPostgres)
      ? `; the CloudNativePG Clusters${rename.environments.some((e) => !e.protectedInRepository && !e.externalPostgres) ? ' with deletion protection' : ''} and their PVCs stay (${keepOnDelete})`
      : ''
  }.`;
}
