import type { Answers, Environment } from '../answers/schema.js';
import {
  CONNECTION_HEADROOM,
  environmentSettings,
  maxInngestReplicas,
  requiredConnections,
} from '../answers/sizing.js';
import { serverAddress, usesCloudNativePg, usesValkeyStatefulSet } from '../answers/stores.js';
import { cliCommand } from '../model/cli-command.js';
import { objectNames, ports, providedSecrets, providedVariable } from '../model/names.js';
import { BARMAN_CLOUD_PLUGIN, images } from '../model/versions.js';
import { CNPG_OPERATOR_POD_LABELS } from './postgres.js';

/** The README section about each environment's PostgreSQL and Valkey: in the namespace or an existing server. */
export function dataPlaneReadme(answers: Answers, generatorVersion: string): string {
  const envs = answers.environments;
  const rows = envs.map((e) => `| ${e.name} | ${postgresCell(e)} | ${valkeyCell(e)} |`).join('\n');
  const external = envs.some((e) => !usesCloudNativePg(e) || !usesValkeyStatefulSet(e));
  return `
## PostgreSQL and Valkey

| environment | PostgreSQL | Valkey (queue and run state) |
|---|---|---|
${rows}
${envs.some(usesCloudNativePg) ? cloudNativePgText(answers) : ''}${envs.some(usesValkeyStatefulSet) ? valkeyText() : ''}${external ? externalText(answers, generatorVersion) : ''}`;
}

function postgresCell(env: Environment): string {
  const pg = env.postgres;
  if (pg.mode === 'external' && pg.external)
    return `external \`${serverAddress(pg.external)}\`; backups are the provider's`;
  const b = pg.backup;
  const backup = b ? `backups to \`${b.destinationPath}\`, \`${b.schedule}\`, keep ${b.retentionPolicy}` : 'no backups';
  return `CloudNativePG: ${pg.instances} instance${pg.instances === 1 ? '' : 's'}, ${pg.storageSize}, max_connections ${pg.maxConnections}, ${backup}`;
}

function valkeyCell(env: Environment): string {
  const vk = env.valkey;
  if (vk.mode === 'external' && vk.external)
    return `external \`${serverAddress(vk.external)}\`, ${vk.external.tls ? 'TLS' : 'no TLS'}`;
  return `StatefulSet: maxmemory ${vk.maxMemory}, ${vk.storageSize}`;
}

function cloudNativePgText(answers: Answers): string {
  const cluster = objectNames.postgresCluster;
  const operatorLabel = Object.entries(CNPG_OPERATOR_POD_LABELS)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const anyBackup = answers.environments.some((e) => e.postgres.backup);
  return `
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
}`;
}

function valkeyText(): string {
  return `
**Valkey** is the StatefulSet \`${objectNames.valkey}\` (\`${images.valkey.repository}:${images.valkey.tag}\`, one replica) behind the
Service \`${objectNames.valkey}:${ports.valkey}\`. It keeps Inngest's queue, so it writes an append-only file
(fsync every second) and never evicts keys (\`noeviction\`): when \`maxmemory\` is reached, writes fail
instead of losing runs. Raise \`maxmemory\` with the memory limit. A StatefulSet's volume claim
template cannot change after creation: to grow the volume, expand the PVC \`data-${objectNames.valkey}-0\`
directly (if its StorageClass allows expansion), then change the size here and let Argo CD recreate
the StatefulSet (\`kubectl delete statefulset ${objectNames.valkey} --cascade=orphan\`).
`;
}

/** What an existing server must allow, environment by environment, and how its connection string is handled. */
function externalText(answers: Answers, generatorVersion: string): string {
  const envs = answers.environments;
  const externalPg = envs.filter((e) => !usesCloudNativePg(e));
  const externalVk = envs.filter((e) => !usesValkeyStatefulSet(e));
  const serverRows = [
    ...externalPg.map((e) => {
      const s = e.postgres.external!;
      return serverRow(e, 'PostgreSQL', serverAddress(s), s, providedSecrets.postgresUri);
    }),
    ...externalVk.map((e) => {
      const s = e.valkey.external!;
      return serverRow(e, s.tls ? 'Redis (TLS)' : 'Redis', serverAddress(s), s, providedSecrets.redisUri);
    }),
  ].join('\n');
  const connections = externalPg
    .map(
      (e) =>
        `at least **${requiredConnections(answers, e)}** in ${e.name} (${maxInngestReplicas(e)} replicas × ${environmentSettings(answers, e).postgresMaxOpenConns} + ${CONNECTION_HEADROOM})`,
    )
    .join('; ');
  const first = externalPg[0] ?? externalVk[0]!;
  const variable = providedVariable(first.name, first === externalPg[0] ? 'POSTGRES_URI' : 'REDIS_URI');
  const secret = first === externalPg[0] ? providedSecrets.postgresUri.name : providedSecrets.redisUri.name;
  return `
### External servers

| environment | store | server | Inngest may reach | connection string (SealedSecret, from) |
|---|---|---|---|---|
${serverRows}

Nothing of the in-cluster store is rendered there. Inngest reads \`INNGEST_POSTGRES_URI\` / \`INNGEST_REDIS_URI\` from
these SealedSecrets; the NetworkPolicy \`${objectNames.inngestExternalStores}\` lets it out to exactly those networks and
port. **Backups, upgrades and monitoring of an external server are the provider's.**
${
  externalPg.length > 0
    ? `
An external **PostgreSQL** must allow:

- **connections**: ${connections};
- **the role** of the connection string owns its database: Inngest migrates it at every start (no extension
  needed; PostgreSQL 16 or 17). The retention job, where on, uses the same string;
- **TLS**: add \`sslmode=verify-full&sslrootcert=system\` to verify the server against the system CA bundle (Inngest
  and \`psql\`); a CA outside it (Amazon RDS) must be mounted into the pods, until then \`sslmode=require\` only encrypts.
`
    : ''
}${
  externalVk.length > 0
    ? `
An external **Redis** must be 6.2 or newer (or Valkey), one primary reached at its own address (not Sentinel,
whose primary answers on an address the egress policy does not admit; not cluster mode), allow \`EVAL\`, \`EVALSHA\`
and \`MEMORY USAGE\`, and keep \`maxmemory-policy noeviction\` with persistence: the queue lives there. TLS (\`rediss://\` exactly when \`tls\` is true) is verified against the system CA bundle.
`
    : ''
}
**Network**: the server's firewall must admit the cluster's egress addresses on its port, and its addresses
must stay inside \`egressCIDRs\`. Before sealing, each connection string is checked against the answers
(scheme, TLS, host, port, percent-encoding: encode the password with \`encodeURIComponent\`).

**Rotating a connection string**: seal it again, commit, and after the sync restart Inngest, which reads it
only at start (keep the old password valid until then):

\`\`\`sh
read -rs ${variable} && export ${variable}
${cliCommand(generatorVersion)} secrets . --env ${first.name} --secret ${secret} --rotate --cert <controller certificate>
kubectl -n ${first.namespace} rollout restart deployment/${objectNames.inngest}
\`\`\`
`;
}

function serverRow(
  env: Environment,
  store: string,
  server: string,
  answers: { port: number; egressCIDRs: string[] },
  secret: { name: string; keys: { uri: string } },
): string {
  const networks = answers.egressCIDRs.map((cidr) => `\`${cidr}\``).join(', ');
  return `| ${env.name} | ${store} | \`${server}\` | ${networks} on TCP ${answers.port} | \`${secret.name}\`, \`${providedVariable(env.name, secret.keys.uri)}\` |`;
}
