import { objectNames, ports } from './names.js';

/**
 * How clients reach the CloudNativePG cluster. CNPG creates the Service <cluster>-rw for the
 * primary and the Secret <cluster>-ca with its CA certificate (cloudnative-pg docs:
 * service_management.md, certificates.md). Server certificates name <cluster>-rw, so clients
 * verify the full chain with sslmode=verify-full.
 */
export function postgresConnection() {
  const cluster = objectNames.postgresCluster;
  const caMountPath = '/etc/inngest/postgres-ca';
  const host = `${cluster}-rw`;
  const database = objectNames.postgresDatabase;
  const user = objectNames.postgresRole;
  return {
    cluster,
    host,
    port: ports.postgres,
    database,
    user,
    caSecret: `${cluster}-ca`,
    caMountPath,
    podLabels: { 'cnpg.io/cluster': cluster },
    /** The password is a $(VAR) reference, never a value: it lives only in its Secret. */
    uri: (passwordRef: string) =>
      `postgres://${user}:${passwordRef}@${host}:${ports.postgres}/${database}?sslmode=verify-full&sslrootcert=${caMountPath}/ca.crt`,
  };
}
