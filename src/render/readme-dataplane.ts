import type { Answers } from '../answers/schema.js';
import { objectNames, ports, providedSecrets } from '../model/names.js';
import { BARMAN_CLOUD_PLUGIN, images } from '../model/versions.js';
import { CNPG_OPERATOR_POD_LABELS } from './postgres.js';

/** The README section about PostgreSQL (CloudNativePG) and Valkey. */
export function dataPlaneReadme(answers: Answers): string {
  const cluster = objectNames.postgresCluster;
  const operatorLabel = Object.entries(CNPG_OPERATOR_POD_LABELS)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const rows = answers.environments
    .map((e) => {
      const b = e.postgres.backup;
      const backup = b ? `\`${b.destinationPath}\`, \`${b.schedule}\`, keep ${b.retentionPolicy}` : 'none';
      return `| ${e.name} | ${e.postgres.instances} | ${e.postgres.storageSize} | ${e.postgres.maxConnections} | ${backup} | ${e.valkey.maxMemory} | ${e.valkey.storageSize} |`;
    })
    .join('\n');
  const anyBackup = answers.environments.some((e) => e.postgres.backup);
  return `
## PostgreSQL and Valkey

| environment | Postgres instances | Postgres storage | max_connections | backups | Valkey maxmemory | Valkey storage |
|---|---|---|---|---|---|---|
${rows}

**PostgreSQL** is a [CloudNativePG](https://cloudnative-pg.io) \`Cluster\` named \`${cluster}\`
(\`${images.postgres.repository}:${images.postgres.tag}\`) with the database \`${objectNames.postgresDatabase}\`
owned by the role \`${objectNames.postgresRole}\`. Inngest connects to the \`${cluster}-rw\` Service with
\`sslmode=verify-full\` against the operator's \`${cluster}-ca\` Secret. Install the CloudNativePG
operator first, with server-side apply: its CRDs are too large for client-side apply.

The \`${cluster}\` NetworkPolicy admits Inngest on ${ports.postgres}, the other instances, and the operator on
${ports.postgres} and ${ports.postgresStatus}. It assumes the operator's pods carry \`${operatorLabel}\`
(as the official Helm chart and manifests set), in any namespace; adjust it if yours differ.
${answers.monitoring.enabled ? `Metrics (${ports.postgresMetrics}) are open to the Prometheus namespace only (see Monitoring).` : `Metrics (${ports.postgresMetrics}) are not opened: set \`monitoring.enabled\` to scrape the instances.`}
${
  anyBackup
    ? `
Backups use the [Barman Cloud plugin](https://github.com/cloudnative-pg/plugin-barman-cloud)
(\`${BARMAN_CLOUD_PLUGIN}\`), which must run in the operator's namespace and needs cert-manager
(${
        !answers.platform.installOperators
          ? 'install both before the environments sync, see Bootstrap'
          : answers.platform.installCertManager
            ? 'both installed by the root Application, see Bootstrap'
            : 'the plugin is installed by the root Application, cert-manager must already run, see Bootstrap'
      }). Until the operator has loaded it, a Cluster
that names it stays in the phase "Cluster cannot proceed to reconciliation due to an unknown plugin being required". Each environment
with backups needs the SealedSecret \`${providedSecrets.backupCredentials.name}\` with the keys
\`${providedSecrets.backupCredentials.keys.accessKeyId}\` and \`${providedSecrets.backupCredentials.keys.secretAccessKey}\`.
`
    : ''
}
**Valkey** is the StatefulSet \`${objectNames.valkey}\` (\`${images.valkey.repository}:${images.valkey.tag}\`, one replica) behind the
Service \`${objectNames.valkey}:${ports.valkey}\`. It keeps Inngest's queue, so it writes an append-only file
(fsync every second) and never evicts keys (\`noeviction\`): when \`maxmemory\` is reached, writes fail
instead of losing runs. Raise \`maxmemory\` with the memory limit. A StatefulSet's volume claim
template cannot change after creation: to grow the volume, expand the PVC \`data-${objectNames.valkey}-0\`
directly (if its StorageClass allows expansion), then change the size here and let Argo CD recreate
the StatefulSet (\`kubectl delete statefulset ${objectNames.valkey} --cascade=orphan\`).
`;
}
