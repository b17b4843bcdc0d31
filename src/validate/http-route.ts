/**
 * The HTTPRoute rules the precompiled validators of @kubernetes-models/gateway-api cannot check:
 * the CRD states them as CEL (kubernetes-sigs/gateway-api
 * config/crd/standard/gateway.networking.k8s.io_httproutes.yaml, x-kubernetes-validations), or
 * only in prose (hostnames: "IPs are not allowed", apis/v1/shared_types.go Hostname). Filter
 * combinations are not checked here; the API server still rejects them.
 */
import { asArray, isRecord, joinPath, str, type K8sObject, type ObjectProblem } from './objects.js';

const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;
const FORBIDDEN_IN_PATH = ['//', '/./', '/../', '%2f', '%2F', '#'];
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** "While 16 rules and 64 matches per rule are allowed, the total number of matches…" (CRD, spec.rules). */
const MAX_MATCHES = 128;

export function httpRouteProblems(object: K8sObject): ObjectProblem[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const out: ObjectProblem[] = [];
  const problem = (path: string, message: string) => out.push({ rule: 'schema', path, message });

  asArray(spec.hostnames).forEach((host, i) => {
    if (typeof host === 'string' && IPV4.test(host))
      problem(joinPath('spec', 'hostnames', i), 'must be a DNS name; Gateway API does not route IP addresses');
  });

  const parents = asArray(spec.parentRefs).filter(isRecord);
  const parentKey = (p: Record<string, unknown>) =>
    [p.group ?? 'gateway.networking.k8s.io', p.kind ?? 'Gateway', p.namespace ?? '', p.name].join('/');
  parents.forEach((p, i) => {
    const same = parents.filter((q) => parentKey(q) === parentKey(p));
    if (same.length > 1 && (!str(p.sectionName) || same.filter((q) => q.sectionName === p.sectionName).length > 1))
      problem(
        joinPath('spec', 'parentRefs', i, 'sectionName'),
        'must be set and unique when parentRefs name the same parent twice',
      );
  });

  const rules = asArray(spec.rules);
  const matches = rules.reduce<number>((n, rule) => n + (isRecord(rule) ? asArray(rule.matches).length : 0), 0);
  if (matches > MAX_MATCHES)
    problem('spec.rules', `has ${matches} matches in all; at most ${MAX_MATCHES} are allowed across all rules`);
  rules.forEach((rule, r) => {
    if (!isRecord(rule)) return;
    asArray(rule.matches).forEach((match, m) => {
      const path = isRecord(match) && isRecord(match.path) ? match.path : undefined;
      const type = str(path?.type) ?? 'PathPrefix';
      const value = str(path?.value);
      if (value === undefined || (type !== 'Exact' && type !== 'PathPrefix')) return;
      const at = joinPath('spec', 'rules', r, 'matches', m, 'path', 'value');
      const wrong = !value.startsWith('/')
        ? "must start with '/'"
        : FORBIDDEN_IN_PATH.find((s) => value.includes(s))
          ? `must not contain '${FORBIDDEN_IN_PATH.find((s) => value.includes(s))}'`
          : value.endsWith('/..') || value.endsWith('/.')
            ? "must not end with '/.' or '/..'"
            : PATH_CHARACTERS.test(value)
              ? undefined
              : 'has characters a path may not hold unencoded';
      if (wrong) problem(at, `${wrong} (${type} path)`);
    });
    asArray(rule.backendRefs).forEach((ref, b) => {
      if (!isRecord(ref)) return;
      const service = (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';
      if (service && ref.port === undefined)
        problem(joinPath('spec', 'rules', r, 'backendRefs', b, 'port'), 'is required for a Service backend');
    });
  });
  return out;
}
