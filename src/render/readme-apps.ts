import { environmentSettings } from '../answers/sizing.js';
import type { Answers } from '../answers/schema.js';
import { objectNames, ports, secrets, serviceHost } from '../model/names.js';
import { CONNECT_INGRESS_ANNOTATIONS, CONNECT_PATH } from './exposure.js';
import { PUBLIC_ROUTES } from '../model/routes.js';

/** In-cluster URL of an environment's Inngest Service. */
const inngestUrl = (namespace: string): string => `http://${serviceHost(objectNames.inngest, namespace)}:${ports.http}`;

/**
 * The README section for application teams: how each SDK reaches this server, where the keys
 * are, how an app is registered, Connect workers. SDK variables: inngest.com/docs/sdk/environment-variables
 * (TypeScript), inngest.com/docs/reference/python/overview/env-vars (Python), inngest/inngest#3557
 * (TypeScript INNGEST_DEV=<url>), inngest/inngest#4669 (Go INNGEST_ENABLE_UNAUTHED_SYNC).
 */
export function appsReadme(answers: Answers): string {
  const envs = answers.environments;
  const first = envs[0]!;
  const url = inngestUrl(first.namespace);
  const keys = secrets.inngestKeys;
  const rows = envs
    .map((e) => {
      const sdkUrls = environmentSettings(answers, e).sdkUrls;
      return `| ${e.name} | \`${inngestUrl(e.namespace)}\` | \`${keys.name}\` in \`${e.namespace}\` | ${sdkUrls.length ? sdkUrls.map((u) => `\`${u}\``).join('<br>') : '(none)'} |`;
    })
    .join('\n');
  const connectEnvs = envs.filter((e) => e.connectHostname);
  const connect = connectEnvs.length
    ? `Workers outside the cluster connect through the Connect host (${connectEnvs.map((e) => `${e.name}: \`${e.connectHostname}\``).join(', ')}).
The gateway tells SDKs to open \`ws://<host of the request>:${ports.connect}${CONNECT_PATH}\`, which is wrong behind a TLS
proxy, so set the gateway URL on the worker: \`gatewayUrl\` in \`connect()\` (TypeScript; or \`INNGEST_CONNECT_GATEWAY_URL\`),
for example \`wss://${connectEnvs[0]!.connectHostname}${CONNECT_PATH}\`. The Connect route sends only \`${CONNECT_PATH}\` to port
${ports.connect}; a Connect Ingress sets hour-long idle timeouts for the WebSocket (${Object.keys(
        CONNECT_INGRESS_ANNOTATIONS,
      )
        .map((a) => `\`${a}\``)
        .join(', ')}; Traefik
needs none). Only the client ranges in \`connectSourceRanges\` may connect: see "Connect gateway: who may connect". Workers
inside the cluster need nothing: they get \`ws://${objectNames.inngest}.<namespace>.svc…:${ports.connect}${CONNECT_PATH}\`.`
    : `Workers inside the cluster need nothing: the gateway hands them \`ws://${objectNames.inngest}.<namespace>.svc…:${ports.connect}${CONNECT_PATH}\`.
For workers outside the cluster, set \`environments[].connectHostname\` and \`connectSourceRanges\`: a second route then sends only
\`${CONNECT_PATH}\` to port ${ports.connect}, and workers set the SDK \`gatewayUrl\` to \`wss://<that host>${CONNECT_PATH}\`.`;
  return `## For application teams: how apps reach Inngest

| environment | Inngest inside the cluster | keys (same as the server's) | apps synced at start (\`INNGEST_SDK_URL\`) |
|---|---|---|---|
${rows}

Give every app the environment's event key and signing key (keys \`${keys.keys.eventKey}\` and \`${keys.keys.signingKey}\` of
the Secret \`${keys.name}\` in its namespace; \`envFrom: [{secretRef: {name: ${keys.name}}}]\` in the same namespace) and point
its SDK at the Service. In ${first.name}:

**TypeScript** (\`inngest\`): \`INNGEST_DEV\` set to the server URL, not \`0\`: with \`INNGEST_DEV=0\` the SDK registers
with Inngest Cloud (inngest/inngest#3557). Dev mode does not verify request signatures on the app's serve endpoint, so
let only Inngest reach that endpoint (a NetworkPolicy on the app admitting the Inngest pods); the same holds for Go.

\`\`\`sh
INNGEST_BASE_URL=${url}
INNGEST_DEV=${url}
INNGEST_EVENT_KEY=<from ${keys.name}>
INNGEST_SIGNING_KEY=<from ${keys.name}>
\`\`\`

**Python** (\`inngest\` on PyPI): the API and event API origins (the SDK has no \`INNGEST_BASE_URL\`); \`INNGEST_DEV=${url}\`
works too (SDK 0.4.6 and later) but turns production mode, and with it request signing, off.

\`\`\`sh
INNGEST_API_BASE_URL=${url}
INNGEST_EVENT_API_BASE_URL=${url}
INNGEST_EVENT_KEY=<from ${keys.name}>
INNGEST_SIGNING_KEY=<from ${keys.name}>
\`\`\`

**Go** (\`inngestgo\`): as TypeScript, plus unauthenticated sync, which self-hosted Inngest needs from SDK 0.16 on
(inngest/inngest#4669).

\`\`\`sh
INNGEST_BASE_URL=${url}
INNGEST_DEV=${url}
INNGEST_ENABLE_UNAUTHED_SYNC=true
INNGEST_EVENT_KEY=<from ${keys.name}>
INNGEST_SIGNING_KEY=<from ${keys.name}>
\`\`\`

**Register the app** (again after every deploy that changes its functions), in one of three ways:

1. List its serve URL in \`inngest.sdkUrls\` (or per environment in \`environments[].inngest.sdkUrls\`) in
   \`inngest-gitops.json\` and re-run the generator: Inngest syncs those apps at start (\`INNGEST_SDK_URL\`).
2. In the dashboard: \`kubectl -n ${first.namespace} port-forward svc/${objectNames.inngest} ${ports.http}:${ports.http}\`, open
   http://localhost:${ports.http}, *Apps → Sync new app*, and enter the serve URL as Inngest reaches it inside the cluster.
3. Ask the app to register itself, from a pod in the cluster: \`curl -X PUT <app serve URL>\` (for example
   \`curl -X PUT http://my-app.${first.namespace}.svc.cluster.local:3000/api/inngest\`); the SDK then registers with its base URL.

Inngest calls the apps on their serve URLs: its NetworkPolicy allows egress on TCP ${answers.inngest.appEgressPorts.join(', ')}
(\`inngest.appEgressPorts\`).

The dashboard and its GraphQL API have no authentication, so no public host routes them: use the port-forward above.
A public host (Ingress or HTTPRoute, see "Public hosts and network") routes only what the SDKs call from outside the cluster:

| path | match | for |
|---|---|---|
${PUBLIC_ROUTES.map((r) => `| \`${r.path}\` | ${r.match} | ${r.purpose}${r.connectOnly ? '; only with a Connect host' : ''} |`).join('\n')}

Everything else on port ${ports.http} is not published: \`/v0/gql\`, \`/mcp\`, \`/invoke/\`, \`/debug\` and \`/metrics\`
answer without a key, so inside the cluster only the pods listed under "Who may call Inngest" reach them, and \`/v0/\` is never routed as a whole because the Connect worker routes also answer without the
signing-key check directly under it (\`/v0/start\`, \`/v0/flush\`). \`/v1/\` (checkpointing and Durable Endpoints, realtime,
signals, the v1 REST API) is not routed either: its realtime and run-output endpoints accept tokens signed with constants
published in Inngest's source (\`pkg/consts/devserver.go\`), which anyone can forge. Apps in the namespaces of
\`environments[].appNamespaces\` reach all of it through the Service; to publish one \`/v1\` feature anyway, add its path to
the route in an overlay patch, knowing that. The event key travels in the path of \`/e/\`, so keep it out of your
proxies' access logs.

${connect}
`;
}

/** Settings, history retention and monitoring: what runs where, and how to change it. */
export function operationsReadme(answers: Answers): string {
  const envs = answers.environments;
  const overrides = envs.filter((e) => Object.keys(e.inngest).length > 0);
  const retentionRows = envs
    .map(
      (e) =>
        `| ${e.name} | ${e.retention.enabled ? `keep ${e.retention.days} days, \`${e.retention.schedule}\` (UTC)` : 'off'} |`,
    )
    .join('\n');
  const monitoring = answers.monitoring.enabled
    ? `\`base/monitoring/\` holds Prometheus Operator PodMonitors (\`monitoring.coreos.com/v1\`) for Inngest (\`/metrics\` on
port ${ports.http}: \`inngest_queue_depth\`${answers.inngest.experimentalPromMetrics ? ' and the per-function counters' : ''}), the CloudNativePG instances (port \`metrics\`,
${ports.postgresMetrics}) and Valkey, through a \`redis_exporter\` sidecar on port ${ports.valkeyMetrics} that each overlay adds to the StatefulSet. NetworkPolicies
admit the namespace \`${answers.monitoring.prometheusNamespace}\` on exactly the PostgreSQL and Valkey metrics ports; Inngest's own policy decides
who reaches its port ${ports.http}. The PodMonitors are in the last sync wave: without the Prometheus Operator's CRDs only they fail to apply. Prometheus must select these PodMonitors: the
kube-prometheus-stack chart only picks up its own release's unless \`prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues: false\`.
\`inngest_queue_depth\` is global: aggregate it with \`max()\`, never \`sum()\`.`
    : `Off (\`monitoring.enabled: false\`). Turn it on to get Prometheus Operator PodMonitors for Inngest, PostgreSQL and
Valkey (with a \`redis_exporter\` sidecar) and the NetworkPolicies that admit your Prometheus (\`monitoring.prometheusNamespace\`).`;
  return `
## Inngest settings

\`base/inngest/inngest.env\` holds every setting of \`inngest start\` (the \`inngest-config\` ConfigMap; the log level is
\`LOG_LEVEL\`, Inngest ignores \`INNGEST_LOG_LEVEL\`). Change them as answers (\`inngest.*\` for every environment,
\`environments[].inngest.*\` for one) and re-run the generator, so the checks run too: for example \`replicas ×
postgresMaxOpenConns\` must fit under the environment's Postgres \`max_connections\`. An environment's own values are in
\`overlays/<env>/inngest.env\`, merged over the base (\`configMapGenerator\` with \`behavior: merge\`)${overrides.length ? `: ${overrides.map((e) => e.name).join(', ')}` : '; no environment has any yet'}.
A changed setting changes the ConfigMap's name, which rolls the Inngest pods.

## History retention

Inngest never deletes run history from PostgreSQL. Where retention is on, the CronJob \`${objectNames.retention}\` runs
\`base/retention/retention.sql\` with \`psql\` as the role \`${objectNames.postgresRole}\`${answers.environments.some((e) => e.retention.enabled && e.postgres.mode === 'external') ? " (on an external server: with Inngest's connection string, as its user)" : ''}: it deletes the rows of runs that finished more than
the given number of days ago (never those of runs still running, sleeping or waiting, nor the events such runs
started), in committed batches, and creates the three indexes that keep it fast (after github.com/inngest/inngest
docs/POSTGRES_RETENTION.md). An index build that was interrupted (it waits at most a minute for locks) leaves an
INVALID index behind; the next run drops it and builds it again.

| environment | retention |
|---|---|
${retentionRows}

\`base/retention/\` is a Kustomize Component: only the overlays of the environments that use it list it under
\`components:\`. Edit \`retention.sql\` there (the ConfigMap name follows its content). To see what a run would delete,
run a copy of the Job with \`-v dry_run=1\` added to the psql arguments: it counts the rows each table would lose,
from the same definitions the deletes use, and changes nothing. To run it now:
\`kubectl -n <namespace> create job --from=cronjob/${objectNames.retention} retention-now\`.

## Monitoring

${monitoring}
`;
}
