/**
 * The cluster-specific parts of the NetworkPolicies are answers (network.*): where DNS answers
 * (kube-dns, NodeLocal DNSCache, OpenShift) and on which ports pods reach the Kubernetes API.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { userErrorOf } from '../../helpers/answers.js';
import { generated } from '../../helpers/scaffold.js';

const POLICY_FILES = [
  'base/inngest/networkpolicy.yaml',
  'base/postgres/networkpolicy.yaml',
  'base/valkey/networkpolicy.yaml',
  'base/retention/networkpolicy.yaml',
];

/**
 * The egress rules of every component's default-deny policy (the one that lists Ingress and
 * Egress; the egress-only policies beside it lead to a store).
 */
function egressRules(config: PartialAnswers): Map<string, any[]> {
  const { tree } = generated(config);
  return new Map(
    POLICY_FILES.map((file) => {
      const policies = parseAllDocuments(tree.get(file)!).map((d) => d.toJS());
      const withEgress = policies.filter(
        (p) => p?.spec?.policyTypes?.includes('Egress') && p?.spec?.policyTypes?.includes('Ingress'),
      );
      expect(withEgress, file).toHaveLength(1);
      return [file, withEgress[0].spec.egress as any[]];
    }),
  );
}

const dns = (rules: any[]) =>
  rules.filter((r) => r.ports?.some((p: any) => p.protocol === 'UDP')).map((r) => ({ to: r.to, ports: r.ports }));

const KUBE_DNS = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

const retentionOn: PartialAnswers = { environments: [{ name: 'prod' }] };

describe('DNS egress (network.dns)', () => {
  it('defaults to the kube-dns pods in kube-system on port 53, in every policy', () => {
    for (const [file, rules] of egressRules(retentionOn)) expect(dns(rules), file).toEqual([KUBE_DNS]);
  });

  it('node-local-dns adds the NodeLocal DNSCache addresses, which no pod selector can match (hostNetwork)', () => {
    const config = { ...retentionOn, network: { dns: 'node-local-dns' as const } };
    for (const [file, rules] of egressRules(config))
      expect(dns(rules), file).toEqual([
        KUBE_DNS,
        { to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: KUBE_DNS.ports },
      ]);
    const iptables = {
      ...config,
      network: { ...config.network, nodeLocalDnsAddresses: ['169.254.20.10/32', '10.96.0.10/32'] },
    };
    const inngest = egressRules(iptables).get('base/inngest/networkpolicy.yaml')!;
    expect(dns(inngest)[1]!.to).toEqual([
      { ipBlock: { cidr: '169.254.20.10/32' } },
      { ipBlock: { cidr: '10.96.0.10/32' } },
    ]);
  });

  it('openshift allows the dns-default pods in openshift-dns on 5353, the port behind their Service', () => {
    for (const [file, rules] of egressRules({ ...retentionOn, network: { dns: 'openshift' } }))
      expect(dns(rules), file).toEqual([
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } },
              podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 5353 },
            { protocol: 'TCP', port: 5353 },
          ],
        },
      ]);
  });

  it.each([
    [{ dns: 'coredns' }, 'network.dns: "coredns" is not allowed (kube-dns'],
    [
      { nodeLocalDnsAddresses: ['10.0.0.0/8'] },
      'network.nodeLocalDnsAddresses[0]: "10.0.0.0/8" is not allowed (one address as a CIDR',
    ],
    [{ nodeLocalDnsAddresses: ['300.1.1.1/32'] }, 'network.nodeLocalDnsAddresses[0]: "300.1.1.1/32" is not allowed'],
    [{ kubernetesApiPorts: [] }, 'network.kubernetesApiPorts: has 0 items, fewer than 1 (the TCP ports'],
  ])('rejects %j with a one-line error', (network, message) => {
    const error = userErrorOf({ network });
    expect(error.message.startsWith(message), error.message).toBe(true);
  });
});

describe('Kubernetes API egress (network.kubernetesApiPorts)', () => {
  const apiPorts = (rules: any[]) =>
    rules.filter((r) => r.to === undefined).map((r) => r.ports.map((p: any) => p.port));

  it('opens 443 and 6443 for the Postgres instances by default, the answer where it differs (minikube: 8443)', () => {
    expect(apiPorts(egressRules({}).get('base/postgres/networkpolicy.yaml')!)).toEqual([[443, 6443]]);
    const minikube = egressRules({ network: { kubernetesApiPorts: [8443] } });
    expect(apiPorts(minikube.get('base/postgres/networkpolicy.yaml')!)).toEqual([[8443]]);
  });
});
