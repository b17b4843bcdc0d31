import { describe, expect, it } from 'vitest';
import { cidrProblem } from '../../../src/answers/cidr.js';
import { applyFlags, parseGatewayReference } from '../../../src/answers/flags.js';
import { defaultAnswers, resolveAnswers } from '../../../src/answers/resolve.js';
import { userErrorOf } from '../../helpers/answers.js';

describe('default answers', () => {
  const answers = defaultAnswers();

  it('has stage and prod, sized by profile', () => {
    expect(answers.environments.map((e) => [e.name, e.profile, e.namespace, e.replicas])).toEqual([
      ['stage', 'small', 'inngest-stage', 1],
      ['prod', 'production', 'inngest-prod', 2],
    ]);
  });

  it('pins the Inngest image to a release, never latest', () => {
    expect(answers.image).toEqual({ repository: 'inngest/inngest', tag: 'v1.45.1' });
  });

  it('gives prod room for every replica in Postgres', () => {
    const prod = answers.environments[1]!;
    expect(prod.postgres.maxConnections).toBeGreaterThanOrEqual(prod.replicas * answers.inngest.postgresMaxOpenConns);
  });

  it('has no Ingress unless a hostname is given (the dashboard is unauthenticated)', () => {
    expect(answers.environments.every((e) => e.hostname === '')).toBe(true);
  });
});

describe('config merged over defaults', () => {
  it('accepts dev, stage and prod with hostnames; prod is production-sized by name', () => {
    const answers = resolveAnswers({
      environments: [
        { name: 'dev' },
        { name: 'stage', hostname: 'inngest.stage.example.com' },
        { name: 'prod', hostname: 'inngest.example.com', replicas: 3 },
      ],
    });
    expect(answers.environments.map((e) => [e.name, e.profile, e.hostname, e.replicas])).toEqual([
      ['dev', 'small', '', 1],
      ['stage', 'small', 'inngest.stage.example.com', 1],
      ['prod', 'production', 'inngest.example.com', 3],
    ]);
  });

  it('lets flags override the config file', () => {
    const merged = applyFlags(
      { name: 'from-file', environments: [{ name: 'qa' }] },
      { name: 'from-flag', environments: 'qa,prod', host: ['prod=inngest.example.com'] },
    );
    const answers = resolveAnswers(merged);
    expect(answers.name).toBe('from-flag');
    expect(answers.environments.map((e) => [e.name, e.hostname])).toEqual([
      ['qa', ''],
      ['prod', 'inngest.example.com'],
    ]);
  });
});

describe('bad input is one line naming the field', () => {
  const cases: [string, unknown, string][] = [
    [
      'invalid DNS name',
      { environments: [{ name: 'Prod_1' }] },
      'environments[0].name: "Prod_1" is not allowed (a DNS label',
    ],
    [
      'invalid hostname',
      { environments: [{ name: 'prod', hostname: 'not a host' }] },
      'environments[0].hostname: "not a host" is not allowed (a fully qualified',
    ],
    ['latest tag', { image: { tag: 'latest' } }, 'image.tag: "latest" is not allowed (a pinned release tag'],
    ['malformed tag', { image: { tag: '1.45' } }, 'image.tag: "1.45" is not allowed'],
    [
      'tag older than Connect HA',
      { image: { tag: 'v1.41.3' } },
      'image.tag: v1.41.3 is older than v1.42.0, the first release with Connect across replicas',
    ],
    ['unknown key', { replicaz: 3 }, 'replicaz: unknown key (known keys: name, repoURL'],
    ['unknown nested key', { environments: [{ name: 'prod', replicaz: 3 }] }, 'environments[0].replicaz: unknown key'],
    [
      'wrong type',
      { environments: [{ name: 'prod', replicas: '3' }] },
      'environments[0].replicas: must be integer, got "3"',
    ],
    [
      'duplicate environment',
      { environments: [{ name: 'prod' }, { name: 'prod' }] },
      'environments[1].name: "prod" is used twice',
    ],
    [
      'request above limit',
      {
        environments: [
          { name: 'prod', resources: { requests: { cpu: '4', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } },
        ],
      },
      'environments[0].resources.requests.cpu: 4 is above the limit 2',
    ],
  ];
  for (const [label, input, message] of cases) {
    it(label, () => {
      const error = userErrorOf(input);
      expect(error.message).toContain(message);
      expect(error.message).not.toContain('\n');
      expect(error.exitCode).toBe(2);
    });
  }
});

describe('Connect ingress', () => {
  it('needs the API hostname too, since workers start Connect sessions there', () => {
    const error = userErrorOf({ environments: [{ name: 'prod', connectHostname: 'connect.example.com' }] });
    expect(error.message).toBe(
      'environments[0].connectHostname: needs a public hostname for the API too: workers start Connect sessions there (set environments[0].hostname, or leave connectHostname empty)',
    );
  });
});

describe('Gateway references and CIDRs', () => {
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

  it.each([
    ['203.0.113.0/24', undefined],
    ['0.0.0.0/0', undefined],
    ['::/0', undefined],
    ['2001:db8::/32', undefined],
    ['fe80::1:0:0:0/80', undefined],
    ['10.0.0.1/32', undefined],
    ['10.0.0.1/8', 'has host bits set after the prefix: write the network address'],
    ['10.0.0.0/33', 'has a prefix longer than 32 bits'],
    ['10.0.0/8', 'has no valid IPv4 address'],
    ['010.0.0.0/8', 'has no valid IPv4 address'],
    ['1:2:3:4:5:6:7:8:9/64', 'has no valid IPv6 address'],
    ['1::2::3/64', 'has no valid IPv6 address'],
    ['10.0.0.0/8/8', 'is not ADDRESS/PREFIX'],
  ])('%s', (cidr, problem) => {
    expect(cidrProblem(cidr)).toBe(problem);
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

describe('derived values are checked where they are derived', () => {
  it('a pool size whose derived max_connections passes PostgreSQL’s limit names the pool size, not the derived value', () => {
    const error = userErrorOf({ inngest: { postgresMaxOpenConns: 1000 } });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'inngest.postgresMaxOpenConns: 1000 connections per Inngest pod × 10 pods of prod + 20 headroom need max_connections 10020, above the 10000 PostgreSQL is given here (at most 998 with 10 pods, or fewer pods (environments[1].keda.maxReplicas))',
    );
  });

  it('names the environment’s own override when that is what the user set', () => {
    const error = userErrorOf({
      environments: [{ name: 'prod', replicas: 40, keda: { enabled: false }, inngest: { postgresMaxOpenConns: 300 } }],
    });
    expect(error.field).toBe('environments[0].inngest.postgresMaxOpenConns');
    expect(error.message).toContain('(at most 249 with 40 pods, or fewer pods (environments[0].replicas))');
  });

  it('the answers a repository records always pass the schema', async () => {
    const fc = await import('fast-check');
    const { validateAnswers } = await import('../src/answers/validator.js');
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 1000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        (open, replicas, keda) => {
          let resolved;
          try {
            resolved = resolveAnswers({
              inngest: { postgresMaxOpenConns: open, postgresMaxIdleConns: 0 },
              environments: [{ name: 'prod', replicas, keda: { enabled: keda, maxReplicas: replicas } }],
            });
          } catch (error) {
            expect((error as Error).name).toBe('UserError');
            return;
          }
          expect(validateAnswers(structuredClone(resolved))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
