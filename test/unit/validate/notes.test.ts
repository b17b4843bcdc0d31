import { describe, expect, it } from 'vitest';
import { exposureNotes } from '../../../src/validate/notes.js';

const route = (name: string, port: number) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name },
  spec: { rules: [{ backendRefs: [{ name: 'inngest', port }] }] },
});
const ingress = (name: string, port: Record<string, unknown>, annotations: Record<string, string> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, annotations },
  spec: {
    rules: [
      { host: 'x.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'inngest', port } } }] } },
    ],
  },
});

describe('validate notes: who can reach the Connect gateway', () => {
  it('names every route to the Connect port, and only those', () => {
    const notes = exposureNotes('prod', [
      route('inngest', 8288),
      route('inngest-connect', 8289),
      ingress('inngest', { name: 'http' }),
      ingress('inngest-connect', { name: 'connect' }, { 'haproxy.org/allow-list': '203.0.113.0/24' }),
      ingress('other-connect', { number: 8289 }),
    ]);
    expect(notes.map((n) => `${n.env} ${n.kind}/${n.name}`)).toEqual([
      'prod HTTPRoute/inngest-connect',
      'prod Ingress/inngest-connect',
      'prod Ingress/other-connect',
    ]);
    expect(notes[0]!.message).toContain('Gateway API has no client address filter');
    expect(notes[1]!.message).toContain('only ingress-nginx and HAProxy read its client ranges (203.0.113.0/24)');
    expect(notes[2]!.message).toContain('with no client address filter');
  });
});
