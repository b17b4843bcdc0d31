/**
 * What `validate` says without failing: facts about an environment that this repository cannot
 * settle and someone must act on outside it. Today: who can reach the Connect gateway, whose
 * worker tokens are signed with a key published in Inngest's source
 * (github.com/inngest/inngest pkg/consts/devserver.go DevServerConnectJwtSecret).
 */
import { ports } from '../model/names.js';
import { asArray, isRecord, kindOf, nameOf, str, type K8sObject } from './objects.js';

export interface Note {
  env: string;
  kind: string;
  name: string;
  message: string;
}

const SEE = 'README "Connect gateway: who may connect"';
/** The Connect Ingress's allow-list annotations (src/render/exposure.ts sourceRangeAnnotations). */
const RANGE_ANNOTATIONS = ['nginx.ingress.kubernetes.io/whitelist-source-range', 'haproxy.org/allow-list'];

export function exposureNotes(env: string, objects: readonly K8sObject[]): Note[] {
  return objects.flatMap((object) => {
    const message = connectNote(object);
    return message ? [{ env, kind: kindOf(object), name: nameOf(object), message }] : [];
  });
}

function connectNote(object: K8sObject): string | undefined {
  const spec = isRecord(object.spec) ? object.spec : {};
  if (kindOf(object) === 'HTTPRoute') {
    const toConnect = asArray(spec.rules).some(
      (rule) => isRecord(rule) && asArray(rule.backendRefs).some((ref) => isRecord(ref) && ref.port === ports.connect),
    );
    return toConnect
      ? `routes the Connect gateway, and Gateway API has no client address filter: anyone who reaches the Gateway can open worker connections unless its implementation restricts them (${SEE})`
      : undefined;
  }
  if (kindOf(object) !== 'Ingress') return undefined;
  const toConnect = asArray(spec.rules).some(
    (rule) =>
      isRecord(rule) &&
      isRecord(rule.http) &&
      asArray(rule.http.paths).some((path) => {
        const port = isRecord(path) && isRecord(path.backend) ? (path.backend.service as K8sObject)?.port : undefined;
        return isRecord(port) && (port.name === 'connect' || port.number === ports.connect);
      }),
  );
  if (!toConnect) return undefined;
  const annotations =
    isRecord(object.metadata) && isRecord(object.metadata.annotations) ? object.metadata.annotations : {};
  const ranges = RANGE_ANNOTATIONS.map((key) => str(annotations[key])).find(Boolean);
  return ranges
    ? `routes the Connect gateway; only ingress-nginx and HAProxy read its client ranges (${ranges}) from annotations: with another controller, anyone who reaches it can open worker connections unless you restrict them there (${SEE})`
    : `routes the Connect gateway with no client address filter: anyone who reaches the ingress controller can open worker connections (${SEE})`;
}
