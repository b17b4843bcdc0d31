import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import type { NetworkSettings } from '../answers/schema.js';

/**
 * Pod Security Standard "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards):
 * non-root, RuntimeDefault seccomp, no privilege escalation, all capabilities dropped; we also
 * make the root filesystem read-only.
 */
export function restrictedPodSecurity(uid: number): IPodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurity(): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

const dnsPorts = (port: number): INetworkPolicyPort[] => [
  { protocol: 'UDP', port },
  { protocol: 'TCP', port },
];

const KUBE_DNS: INetworkPolicyEgressRule = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: dnsPorts(53),
};

/**
 * DNS egress to the cluster's resolver (network.dns):
 * - kube-dns: CoreDNS or kube-dns pods, labelled k8s-app=kube-dns in kube-system, port 53.
 * - node-local-dns: those, plus NodeLocal DNSCache. It runs with hostNetwork
 *   (kubernetes/kubernetes cluster/addons/dns/nodelocaldns/nodelocaldns.yaml), so no pod selector
 *   matches it: it is allowed by address, its link-local listen address and, with kube-proxy in
 *   iptables mode, the kube-dns Service IP it also binds (kubernetes/website
 *   docs/tasks/administer-cluster/nodelocaldns.md).
 * - openshift: the dns-default pods in openshift-dns, which listen on 5353 behind the Service's
 *   port 53; policies see the pod port (openshift/cluster-dns-operator
 *   pkg/manifests/assets/dns/daemonset.yaml and networkpolicy-allow.yaml; pod label
 *   dns.operator.openshift.io/daemonset-dns=default, pkg/operator/controller/names.go).
 */
export function dnsEgress(network: NetworkSettings): INetworkPolicyEgressRule[] {
  switch (network.dns) {
    case 'kube-dns':
      return [structuredClone(KUBE_DNS)];
    case 'node-local-dns':
      return [
        structuredClone(KUBE_DNS),
        { to: network.nodeLocalDnsAddresses.map((cidr) => ({ ipBlock: { cidr } })), ports: dnsPorts(53) },
      ];
    case 'openshift':
      return [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } },
              podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } },
            },
          ],
          ports: dnsPorts(5353),
        },
      ];
  }
}

export function tcpPort(port: number): INetworkPolicyPort {
  return { protocol: 'TCP', port };
}
