import { describe, expect, it } from 'vitest';
import { applyFlags, parseGatewayReference } from '../../../src/answers/flags.js';

describe('Gateway references', () => {
  it('NAMESPACE/NAME[/SECTION] with DNS names', () => {
    expect(parseGatewayReference('gateway-system/shared')).toEqual({ namespace: 'gateway-system', name: 'shared' });
    expect(parseGatewayReference('gw/shared.example/https-1')).toEqual({
      namespace: 'gw',
      name: 'shared.example',
      sectionName: 'https-1',
    });
    expect(() => parseGatewayReference(`${'a'.repeat(64)}/shared`)).toThrow(/is not NAMESPACE\/NAME/);
    expect(() => parseGatewayReference('gw/-shared')).toThrow(/^--gateway: /);
  });

  it('--gateway replaces an Ingress exposure but keeps a proxy namespace the Gateway had', () => {
    const flagged = applyFlags(
      {
        environments: [
          { name: 'stage', hostname: 'a.example.com', ingress: { className: 'traefik' } },
          {
            name: 'prod',
            hostname: 'b.example.com',
            gateway: { namespace: 'old', name: 'x', proxyNamespace: 'envoy' },
          },
          { name: 'dev' },
        ],
      },
      { gateway: 'gw/shared' },
    );
    expect(flagged.environments).toEqual([
      { name: 'stage', hostname: 'a.example.com', gateway: { namespace: 'gw', name: 'shared' } },
      {
        name: 'prod',
        hostname: 'b.example.com',
        gateway: { namespace: 'gw', name: 'shared', proxyNamespace: 'envoy' },
      },
      { name: 'dev' },
    ]);
  });
});
