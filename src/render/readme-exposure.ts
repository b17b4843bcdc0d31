import type { Answers, Environment } from '../answers/schema.js';
import { objectNames, ports, secrets, serviceHost } from '../model/names.js';
import { CONNECT_PATH, proxyNamespace } from './exposure.js';

const code = (text: string) => `\`${text}\``;

function exposureText(env: Environment): string {
  if (env.gateway) {
    const g = env.gateway;
    return `HTTPRoute → Gateway ${code(`${g.namespace}/${g.name}`)}${g.sectionName ? `, listener ${code(g.sectionName)}` : ''}`;
  }
  if (env.ingress)
    return `Ingress, class ${env.ingress.className ? code(env.ingress.className) : "(cluster's default)"}`;
  return '(none)';
}

function admitted(answers: Answers, env: Environment): string {
  const proxies = proxyNamespace(env);
  return [
    `Inngest's own pods`,
    ...(proxies ? [`${env.gateway ? "the Gateway's proxies" : 'the ingress controller'} in ${code(proxies)}`] : []),
    ...(env.appNamespaces.length ? [`apps in ${env.appNamespaces.map(code).join(', ')}`] : []),
    ...(env.keda.enabled && env.keda.source === 'metrics-api'
      ? [`the KEDA operator in ${code(answers.platform.kedaNamespace)} (8288)`]
      : []),
    ...(answers.monitoring.enabled || (env.keda.enabled && env.keda.source === 'prometheus')
      ? [`Prometheus in ${code(answers.monitoring.prometheusNamespace)} (8288)`]
      : []),
  ].join(', ');
}

/**
 * The README section on the public hosts: both exposures, the routed paths, who the
 * NetworkPolicies admit, the Connect gateway's limits, and how to test a host from outside.
 */
export function exposureReadme(answers: Answers): string {
  const envs = answers.environments;
  const rows = envs
    .map(
      (e) =>
        `| ${e.name} | ${e.hostname ? code(e.hostname) : '(none)'} | ${exposureText(e)} | ${e.connectHostname ? `${code(e.connectHostname)} from ${e.connectSourceRanges.map(code).join(', ')}` : '(none)'} |`,
    )
    .join('\n');
  const example = envs.find((e) => e.hostname) ?? envs[0]!;
  const host = example.hostname || 'inngest.example.com';
  const gatewayEnvs = envs.filter((e) => e.gateway);
  const routed = gatewayEnvs[0] ?? example;
  const selector = gatewayEnvs.length ? [...new Set(gatewayEnvs.map((e) => e.namespace))] : [example.namespace];
  const connectEnvs = envs.filter((e) => e.connectHostname);
  const ranges = connectEnvs[0]?.connectSourceRanges ?? ['203.0.113.0/24'];
  const connectNs = connectEnvs[0]?.namespace ?? example.namespace;
  return `## Public hosts and network

| environment | public host | exposure | Connect host, from |
|---|---|---|---|
${rows}

A public host routes only the paths SDKs and apps call ("For application teams"); the dashboard, its GraphQL API
(${code('/v0/gql')}), ${code('/mcp')}, ${code('/debug')} and ${code('/metrics')} have no authentication and are never routed. Open the dashboard with
${code(`kubectl -n ${example.namespace} port-forward svc/${objectNames.inngest} ${ports.http}:${ports.http}`)} and http://localhost:${ports.http}.
The exposure is an answer per environment (${code('environments[].gateway')} or ${code('environments[].ingress')}; flags
${code('--gateway NAMESPACE/NAME[/SECTION]')} and ${code('--ingress-class NAME')}); switching re-renders the route files.

**Gateway API** (${code('overlays/<env>/httproute*.yaml')}): HTTPRoutes attach to a Gateway your platform team runs. A
listener admits routes from its own namespace only (${code('allowedRoutes')} defaults to ${code('from: Same')}), so a Gateway in another
namespace must admit the environment's, for example:

\`\`\`yaml
listeners:
  - name: https
    protocol: HTTPS
    port: 443
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchExpressions:
            - { key: kubernetes.io/metadata.name, operator: In, values: [${selector.join(', ')}] }
\`\`\`

The routes name the Gateway's namespace in ${code('parentRefs')}; no ReferenceGrant is needed, as they and the Service share a
namespace. TLS is the listener's (its ${code('certificateRefs')}; cert-manager annotates the Gateway, not the routes): no TLS
Secret is needed in the environment's namespace. The routes sync last: Argo CD shows an HTTPRoute Progressing until a Gateway accepts
it (${code(`kubectl -n ${routed.namespace} get httproute ${objectNames.inngest} -o jsonpath='{.status.parents}'`)}: ${code('Accepted')} and
${code('ResolvedRefs')} True), and nothing waits for them. The Connect route carries WebSockets: most implementations upgrade
them by default; others need ${code('appProtocol: kubernetes.io/ws')} on the Service port ${code('connect')}. Idle timeouts of
long-lived streams are the implementation's policy, not the route's.

**Ingress** (${code('overlays/<env>/ingress*.yaml')}): without ${code('ingress.className')}, the cluster's default IngressClass takes
them. The Ingresses expect the TLS Secrets ${code(`${objectNames.inngest}-tls`)} (and ${code(`${objectNames.inngest}-connect-tls`)}) in the namespace:
set ${code('ingress.certManager')} (${code('clusterIssuer')} or ${code('issuer')}) and cert-manager issues them, or create them
(${code(`kubectl -n ${example.namespace} create secret tls ${objectNames.inngest}-tls --cert=… --key=…`)}).
Argo CD shows an Ingress Progressing until the controller publishes its address (${code('status.loadBalancer.ingress')}).

**Who may call Inngest.** NetworkPolicies admit Inngest's API (${ports.http}) and Connect gateway (${ports.connect}) only from:

${envs.map((e) => `- ${e.name}: ${admitted(answers, e)}`).join('\n')}

The proxies' namespace is ${code('ingress.controllerNamespace')} (default ${code('ingress-nginx')}) or
${code('gateway.proxyNamespace')} (default: the Gateway's namespace; Envoy Gateway runs its proxies in ${code('envoy-gateway-system')}).
Controllers on the host network, and cloud load balancers that send traffic straight to pods, come from node or load
balancer addresses: admit those with a NetworkPolicy of your own (${code('ipBlock')}). Apps inside the cluster call
${code(`http://${serviceHost(objectNames.inngest, '<namespace>')}:${ports.http}`)} only from the namespaces in
${code('environments[].appNamespaces')}; the others go through the public host. Every admitted pod can also reach the dashboard and
${code('/v0/gql')}, so admit only namespaces you trust.

**Test a host from outside** with the event key (${code(`kubectl -n ${example.namespace} get secret ${secrets.inngestKeys.name} -o jsonpath='{.data.${secrets.inngestKeys.keys.eventKey}}' | base64 -d`)}):

\`\`\`sh
curl -sS -X POST https://${host}/e/<event key> -H 'Content-Type: application/json' -d '{"name": "test/hello", "data": {}}'
# {"ids":["…"],"status":200}; the event shows in the dashboard under Events
curl -s -o /dev/null -w '%{http_code}\\n' https://${host}/v0/gql   # 404: not routed
\`\`\`

### Connect gateway: who may connect

Inngest signs Connect worker tokens with a key published in its source (${code('pkg/consts/devserver.go')}), so anyone who
reaches a Connect host can open worker connections. A Connect host therefore needs ${code('connectSourceRanges')};
${code('["0.0.0.0/0", "::/0"]')} opens it to everyone and must be written out. Neither Ingress nor Gateway API has a portable
client address filter, and a NetworkPolicy cannot help (Inngest sees the proxy's address, not the client's):

- Ingress: the Connect Ingress carries the ranges for ingress-nginx (${code('nginx.ingress.kubernetes.io/whitelist-source-range')}) and
  HAProxy (${code('haproxy.org/allow-list')}). Traefik needs a Middleware (${code(`ipAllowList: {sourceRange: [${ranges.join(', ')}]}`)},
  referenced by the annotation ${code(`traefik.ingress.kubernetes.io/router.middlewares: ${connectNs}-<middleware>@kubernetescrd`)});
  other controllers have their own setting.
- Gateway API: configure the implementation, for example an Envoy Gateway ${code('SecurityPolicy')} targeting the HTTPRoute
  ${code(`${objectNames.inngest}-connect`)} with ${code('authorization: {defaultAction: Deny, rules: [{action: Allow, principal: {clientCIDRs: [...]}}]}')},
  an Istio ${code('AuthorizationPolicy')} with ${code('remoteIpBlocks')}, or ${code('loadBalancerSourceRanges')} on the Service of a Gateway that serves only
  ${code(CONNECT_PATH)}.

Controllers see the client's address only when they trust the load balancer in front (X-Forwarded-For hops or PROXY
protocol). ${code('create-inngest-gitops validate')} prints a note for every Connect route, as this repository cannot check it.
`;
}
