import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { IHTTPIngressPath } from 'kubernetes-models/networking.k8s.io/v1/HTTPIngressPath';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import type { Answers, Environment, GatewayExposure, IngressExposure } from '../answers/schema.js';
import { objectMeta, selectorLabels } from '../model/labels.js';
import { objectNames, platform, ports } from '../model/names.js';
import { publicRoutes, type PublicRoute } from '../model/routes.js';
import { waves } from '../model/waves.js';
import { tcpPort } from './pod-security.js';
import type { ManifestFile } from './types.js';

/**
 * How an environment's public hosts reach Inngest: Ingresses or HTTPRoutes (Gateway API), and the
 * NetworkPolicy that admits the proxies, the app namespaces and the metric readers to its ports.
 */
const app = { name: 'inngest', component: 'server' };
const NAME = objectNames.inngest;
const CONNECT_NAME = `${NAME}-connect`;

/** The Connect gateway's WebSocket path on 8289 (github.com/inngest/inngest pkg/connect). */
export const CONNECT_PATH = '/v0/connect';

/**
 * The API host's paths (model/routes.ts: which and why). Prefix matches whole path elements and
 * ignores a trailing slash in Ingress (Prefix) and HTTPRoute (PathPrefix) alike ("semantically
 * equivalent", gateway-api apis/v1/httproute_types.go PathMatchPathPrefix), so one list serves both.
 */
const ingressPathType = (route: PublicRoute) => (route.match === 'exact' ? 'Exact' : 'Prefix');
const routePathType = (route: PublicRoute) => (route.match === 'exact' ? 'Exact' : 'PathPrefix');

/** overlays/<env>/ files of the public hosts: Ingresses, HTTPRoutes, or none without a hostname. */
export function exposureFiles(answers: Answers, env: Environment): ManifestFile[] {
  if (env.gateway) {
    const gateway = env.gateway;
    return [
      { file: 'httproute.yaml', objects: [apiRoute(answers, env, gateway)] },
      ...(env.connectHostname
        ? [{ file: 'httproute-connect.yaml', objects: [connectRoute(answers, env, gateway)] }]
        : []),
    ];
  }
  if (env.ingress) {
    const ingress = env.ingress;
    return [
      { file: 'ingress.yaml', objects: [apiIngress(answers, env, ingress)] },
      ...(env.connectHostname
        ? [{ file: 'ingress-connect.yaml', objects: [connectIngress(answers, env, ingress)] }]
        : []),
    ];
  }
  return [];
}

/** The namespace whose pods forward the public hosts' traffic: the ingress controller's or the Gateway's proxies'. */
export function proxyNamespace(env: Environment): string | undefined {
  if (env.gateway) return env.gateway.proxyNamespace ?? env.gateway.namespace;
  return env.ingress?.controllerNamespace;
}

function parentRef(gateway: GatewayExposure) {
  return {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    namespace: gateway.namespace,
    name: gateway.name,
    ...(gateway.sectionName ? { sectionName: gateway.sectionName } : {}),
  };
}

/**
 * HTTPRoutes carry no TLS: the Gateway's listener terminates it, and cert-manager, where used,
 * annotates the Gateway (cert-manager/website content/docs/usage/gateway.md). They sync in the
 * last wave: Argo CD reports an HTTPRoute Progressing until a Gateway accepts it
 * (argo-cd resource_customizations/gateway.networking.k8s.io/HTTPRoute/health.lua).
 */
function apiRoute(answers: Answers, env: Environment, gateway: GatewayExposure): HTTPRoute {
  return new HTTPRoute({
    metadata: objectMeta(answers, NAME, app, waves.external),
    spec: {
      parentRefs: [parentRef(gateway)],
      hostnames: [env.hostname],
      rules: [
        {
          matches: publicRoutes(env).map((route) => ({ path: { type: routePathType(route), value: route.path } })),
          backendRefs: [{ name: NAME, port: ports.http }],
        },
      ],
    },
  });
}

/**
 * The Connect host: only the WebSocket path, to port 8289. HTTPRoute has no WebSocket field:
 * implementations upgrade by default or when the Service port says appProtocol kubernetes.io/ws
 * (gateway-api geps/gep-1911; conformance feature HTTPRouteBackendProtocolWebSocket).
 */
function connectRoute(answers: Answers, env: Environment, gateway: GatewayExposure): HTTPRoute {
  return new HTTPRoute({
    metadata: objectMeta(answers, CONNECT_NAME, app, waves.external),
    spec: {
      parentRefs: [parentRef(gateway)],
      hostnames: [env.connectHostname],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: CONNECT_PATH } }],
          backendRefs: [{ name: NAME, port: ports.connect }],
        },
      ],
    },
  });
}

/** The TLS Secret an Ingress serves: issued by cert-manager, or created by the user (unmanagedTlsSecrets). */
const tlsSecret = (ingressName: string): string => `${ingressName}-tls`;

/**
 * The TLS Secrets an environment's Ingresses serve that nothing in this repository creates: those
 * of an Ingress without a cert-manager issuer. Host → Secret name.
 */
export function unmanagedTlsSecrets(env: Environment): { host: string; secret: string }[] {
  if (!env.ingress || env.ingress.certManager || !env.hostname) return [];
  return [
    { host: env.hostname, secret: tlsSecret(NAME) },
    ...(env.connectHostname ? [{ host: env.connectHostname, secret: tlsSecret(CONNECT_NAME) }] : []),
  ];
}

/** cert-manager's ingress-shim issues each tls[] Secret from this annotation (cert-manager pkg/controller/certificate-shim). */
function issuerAnnotation(ingress: IngressExposure): Record<string, string> {
  const issuer = ingress.certManager;
  if (!issuer) return {};
  return 'clusterIssuer' in issuer
    ? { 'cert-manager.io/cluster-issuer': issuer.clusterIssuer }
    : { 'cert-manager.io/issuer': issuer.issuer };
}

function apiIngress(answers: Answers, env: Environment, ingress: IngressExposure): Ingress {
  const path = (route: PublicRoute): IHTTPIngressPath => ({
    path: route.path,
    pathType: ingressPathType(route),
    backend: { service: { name: NAME, port: { name: 'http' } } },
  });
  return new Ingress({
    metadata: objectMeta(answers, NAME, app, waves.external, { annotations: issuerAnnotation(ingress) }),
    spec: {
      ...(ingress.className ? { ingressClassName: ingress.className } : {}),
      tls: [{ hosts: [env.hostname], secretName: tlsSecret(NAME) }],
      rules: [{ host: env.hostname, http: { paths: publicRoutes(env).map(path) } }],
    },
  });
}

/**
 * The WebSocket stays open for the life of a worker, so proxies must not cut idle streams after
 * their HTTP default (60 s on ingress-nginx): ingress-nginx proxy-read/send-timeout
 * (kubernetes.github.io/ingress-nginx annotations) and HAProxy's timeout-tunnel
 * (haproxytech/kubernetes-ingress annotations) are set to an hour; Traefik passes WebSockets
 * without settings. Controllers ignore the others' annotations.
 */
export const CONNECT_INGRESS_ANNOTATIONS = {
  'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
  'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
  'haproxy.org/timeout-tunnel': '3600s',
} as const;

/**
 * The client ranges of the Connect host, in the annotations of the controllers that read one:
 * ingress-nginx (whitelist-source-range, which every release reads; allowlist-source-range is its
 * newer alias, kubernetes/ingress-nginx internal/ingress/annotations/ipallowlist/main.go) and
 * HAProxy (haproxytech/kubernetes-ingress documentation/annotations.md, allow-list). Ingress has
 * no portable field: other controllers ignore both, which the README and `validate` say.
 */
function sourceRangeAnnotations(ranges: readonly string[]): Record<string, string> {
  return {
    'nginx.ingress.kubernetes.io/whitelist-source-range': ranges.join(','),
    'haproxy.org/allow-list': ranges.join(', '),
  };
}

function connectIngress(answers: Answers, env: Environment, ingress: IngressExposure): Ingress {
  return new Ingress({
    metadata: objectMeta(answers, CONNECT_NAME, app, waves.external, {
      annotations: {
        ...CONNECT_INGRESS_ANNOTATIONS,
        ...sourceRangeAnnotations(env.connectSourceRanges),
        ...issuerAnnotation(ingress),
      },
    }),
    spec: {
      ...(ingress.className ? { ingressClassName: ingress.className } : {}),
      tls: [{ hosts: [env.connectHostname], secretName: tlsSecret(CONNECT_NAME) }],
      rules: [
        {
          host: env.connectHostname,
          http: {
            paths: [
              {
                path: CONNECT_PATH,
                pathType: 'Prefix',
                backend: { service: { name: NAME, port: { name: 'connect' } } },
              },
            ],
          },
        },
      ],
    },
  });
}

const namespaceNamed = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

/**
 * Who may call Inngest's API (8288) and Connect gateway (8289) in this environment, besides its
 * own replicas (base/inngest/networkpolicy.yaml). 8288 also serves the dashboard, its GraphQL API
 * (/v0/gql: create and delete apps, invoke, cancel and rerun functions, read every event), /mcp
 * and /debug without authentication (github.com/inngest/inngest pkg/devserver/devserver.go), so
 * nothing else is admitted: the proxies of the public hosts, the app namespaces, and whoever
 * reads /metrics (the KEDA operator for metrics-api, Prometheus). Namespaces are matched by
 * kubernetes.io/metadata.name, which Kubernetes sets on every namespace.
 */
export function clientsNetworkPolicy(answers: Answers, env: Environment): ManifestFile | undefined {
  const rules: INetworkPolicyIngressRule[] = [];
  const proxies = proxyNamespace(env);
  if (proxies) {
    rules.push({
      from: [{ namespaceSelector: namespaceNamed(proxies) }],
      ports: [tcpPort(ports.http), ...(env.connectHostname ? [tcpPort(ports.connect)] : [])],
    });
  }
  if (env.appNamespaces.length > 0) {
    rules.push({
      from: [
        {
          namespaceSelector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...env.appNamespaces] }],
          },
        },
      ],
      ports: [tcpPort(ports.http), tcpPort(ports.connect)],
    });
  }
  if (env.keda.enabled && env.keda.source === 'metrics-api') {
    rules.push({
      from: [
        {
          namespaceSelector: namespaceNamed(answers.platform.kedaNamespace),
          podSelector: { matchLabels: { ...platform.keda.operatorPodLabels } },
        },
      ],
      ports: [tcpPort(ports.http)],
    });
  }
  if (answers.monitoring.enabled || (env.keda.enabled && env.keda.source === 'prometheus')) {
    rules.push({
      from: [{ namespaceSelector: namespaceNamed(answers.monitoring.prometheusNamespace) }],
      ports: [tcpPort(ports.http)],
    });
  }
  if (rules.length === 0) return undefined;
  return {
    file: 'networkpolicy-clients.yaml',
    objects: [
      new NetworkPolicy({
        metadata: objectMeta(answers, `${NAME}-clients`, app, waves.infrastructure),
        spec: {
          podSelector: { matchLabels: selectorLabels(answers, NAME) },
          policyTypes: ['Ingress'],
          ingress: rules,
        },
      }),
    ],
  };
}
