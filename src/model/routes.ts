/**
 * The paths of Inngest's port 8288 that are published on an environment's public host (the
 * Ingress, or a Gateway API HTTPRoute): exactly what the SDKs call, nothing else. Every route of
 * github.com/inngest/inngest was checked for its authentication (pkg/devserver/devserver.go
 * mounts, pkg/api/api.go, pkg/devserver/api.go, pkg/coreapi/coreapi.go, pkg/connect/rest/v0/v0.go,
 * pkg/api/v2/service.go):
 * - never published: the dashboard and its GraphQL API (/, /v0/gql), /mcp (it can send events and
 *   invoke functions), /invoke/, /dev/traces, /debug (pprof) and /metrics, none of which asks for
 *   a key; /v0/ as a whole, because the Connect worker routes also answer without the signing-key
 *   middleware directly under /v0 (/v0/start, /v0/flush: v0.go registers them on the CoreAPI
 *   router itself, which coreapi.go then mounts again under /connect with the middleware);
 * - /v1/ (checkpointing, realtime, the v1 REST API) is not published either: its realtime and
 *   run-output endpoints accept tokens signed with constants in Inngest's source
 *   (pkg/consts/devserver.go DevServerRealtimeJWTSecret, DevServerRunJWTSecret), which anyone
 *   can forge.
 */
export interface PublicRoute {
  path: string;
  /** prefix: the path and everything below it, element by element; exact: the path only. */
  match: 'prefix' | 'exact';
  /** Only for environments with a Connect host (workers outside the cluster). */
  connectOnly?: true;
  /** What uses it, for the README. */
  purpose: string;
}

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { path: '/e/', match: 'prefix', purpose: 'sending events (event key in the path)' },
  { path: '/fn/', match: 'prefix', purpose: 'app sync, POST /fn/register (signing key)' },
  { path: '/api/v2/', match: 'prefix', purpose: 'the REST API (signing key)' },
  { path: '/v2/', match: 'prefix', purpose: 'the REST API (signing key)' },
  // GET /v0/runs/{id}/actions and /batch: the SDKs fetch a run's state and batched events here
  // when the executor sends use_api (state over 4 MB, pkg/execution/driver/driver.go); DELETE
  // /v0/runs/{id} cancels a run. All three are behind the signing-key middleware, and nothing
  // else is registered under /v0/runs (pkg/coreapi/coreapi.go).
  {
    path: '/v0/runs/',
    match: 'prefix',
    purpose: 'large run state and batched events, GET /v0/runs/{id}/actions and /batch (signing key)',
  },
  // Connect workers ask for a gateway here, then open the WebSocket on the Connect host
  // (inngest-js components/connect/strategies/core/handshake.ts).
  {
    path: '/v0/connect/start',
    match: 'exact',
    connectOnly: true,
    purpose: 'starting a Connect session (signing key)',
  },
  // A worker whose WebSocket dropped while results were buffered sends them here
  // (inngest-js components/connect/buffer.ts).
  {
    path: '/v0/connect/flush',
    match: 'exact',
    connectOnly: true,
    purpose: 'Connect workers flushing buffered results (signing key)',
  },
];

/** The routes an environment's public host serves. */
export function publicRoutes(env: { connectHostname: string }): PublicRoute[] {
  return PUBLIC_ROUTES.filter((route) => !route.connectOnly || env.connectHostname !== '');
}
