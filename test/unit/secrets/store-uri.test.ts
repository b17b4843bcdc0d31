import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { checkPostgresUri, checkRedisUri } from '../../../src/secrets/store-uri.js';

const PG = { host: 'db.example.com', port: 5432, egressCIDRs: ['10.20.0.0/16'] };
const REDIS = { host: 'cache.example.com', port: 6380, tls: true, egressCIDRs: ['10.30.0.0/24'] };
const PG_VAR = 'INNGEST_GITOPS_PROD_POSTGRES_URI';
const REDIS_VAR = 'INNGEST_GITOPS_PROD_REDIS_URI';
const PG_FIELD = 'environments[1].postgres.external';
const REDIS_FIELD = 'environments[1].valkey.external';
/** The password in every URI below: a test fails if a message ever shows it. */
const SECRET = 's3cr3tPa55';

function pgError(uri: string, retention = false): string {
  try {
    checkPostgresUri(PG_VAR, uri, PG, PG_FIELD, { retention });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error(`accepted: ${uri}`);
}

function redisError(uri: string, server = REDIS): string {
  try {
    checkRedisUri(REDIS_VAR, uri, server, REDIS_FIELD);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error(`accepted: ${uri}`);
}

describe('PostgreSQL connection strings against the answers', () => {
  it('accepts postgres:// and postgresql://, the default port, an encoded password, and verify-full', () => {
    for (const uri of [
      `postgres://inngest:${SECRET}@db.example.com:5432/inngest?sslmode=verify-full&sslrootcert=system`,
      `postgresql://inngest:${SECRET}%40%2F%23@DB.example.com/inngest?sslmode=verify-full&sslrootcert=system&application_name=inngest`,
    ]) {
      expect(checkPostgresUri(PG_VAR, uri, PG, PG_FIELD, { retention: true }).warnings).toEqual([]);
    }
  });

  it.each([
    [
      'another host',
      `postgres://u:${SECRET}@db2.example.com:5432/inngest`,
      /names the host db2\.example\.com, but environments\[1\]\.postgres\.external\.host is db\.example\.com/,
    ],
    [
      'another port',
      `postgres://u:${SECRET}@db.example.com:5433/inngest`,
      /names the port 5433, but environments\[1\]\.postgres\.external\.port is 5432/,
    ],
    [
      'another scheme',
      `mysql://u:${SECRET}@db.example.com/inngest`,
      /starts with mysql:\/\/ \(a connection string starting with postgres:\/\/, postgresql:\/\/\)/,
    ],
    [
      'an upper-case scheme, which Inngest refuses',
      `POSTGRES://u:${SECRET}@db.example.com/inngest`,
      /starts with POSTGRES:\/\//,
    ],
    [
      'a bad percent-encoding',
      `postgres://u:${SECRET}%zz@db.example.com/inngest`,
      /a % that does not start a percent-encoding/,
    ],
    ['a space in the password', `postgres://u:${SECRET} x@db.example.com/inngest`, /whitespace, a control character/],
    ['a newline at the end', `postgres://u:${SECRET}@db.example.com/inngest\n`, /whitespace, a control character/],
    ['an unencoded / in the password', `postgres://u:${SECRET}/x@db.example.com/inngest`, /has an @ after the host/],
    ['an unencoded ^ in the password', `postgres://u:${SECRET}^@db.example.com/inngest`, /must be percent-encoded/],
    [
      'a query parameter pgx would send to the server',
      `postgres://u:${SECRET}@db.example.com/inngest?sslmod=require`,
      /unknown query parameter "sslmod"/,
    ],
    [
      'the host in the query',
      `postgres://u:${SECRET}@db.example.com/inngest?host=other`,
      /unknown query parameter "host"/,
    ],
    ['an unknown sslmode', `postgres://u:${SECRET}@db.example.com/inngest?sslmode=on`, /has sslmode=on/],
    ['no host', `postgres://u:${SECRET}@/inngest`, /cannot be parsed|names no host/],
  ])('refuses %s, naming the variable and never the password', (_label, uri, message) => {
    const text = pgError(uri);
    expect(text.startsWith(`${PG_VAR}: `)).toBe(true);
    expect(text).toMatch(message);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('\n');
  });

  it('does not repeat host or port when a URI without user part may hold a password there', () => {
    const text = pgError('postgres://inngest:12345');
    expect(text).toContain('names another host');
    expect(text).not.toContain('12345');
  });

  it('warns about a missing or non-verifying sslmode, and refuses verify-full without sslrootcert when psql uses it', () => {
    const none = checkPostgresUri(PG_VAR, `postgres://u:${SECRET}@db.example.com/inngest`, PG, PG_FIELD, {
      retention: false,
    });
    expect(none.warnings).toEqual([
      expect.stringMatching(/^INNGEST_GITOPS_PROD_POSTGRES_URI has no sslmode.*sslmode=verify-full/),
    ]);
    const require = checkPostgresUri(PG_VAR, `postgres://u:${SECRET}@db.example.com/x?sslmode=require`, PG, PG_FIELD, {
      retention: false,
    });
    expect(require.warnings[0]).toMatch(/sslmode=require, which does not verify/);
    const uri = `postgres://u:${SECRET}@db.example.com/x?sslmode=verify-full`;
    expect(checkPostgresUri(PG_VAR, uri, PG, PG_FIELD, { retention: false }).warnings).toEqual([]);
    expect(pgError(uri, true)).toMatch(/without sslrootcert: the retention job's psql/);
  });
});

describe('Redis connection strings against the answers', () => {
  it('accepts rediss:// (and valkeys://) for TLS, redis:// without, a database number and known parameters', () => {
    expect(
      checkRedisUri(REDIS_VAR, `rediss://default:${SECRET}@cache.example.com:6380/0`, REDIS, REDIS_FIELD).warnings,
    ).toEqual([]);
    expect(
      checkRedisUri(REDIS_VAR, `valkeys://:${SECRET}@cache.example.com:6380?dial_timeout=5s`, REDIS, REDIS_FIELD)
        .warnings,
    ).toEqual([]);
    const plain = { ...REDIS, tls: false, port: 6379 };
    expect(checkRedisUri(REDIS_VAR, `redis://:${SECRET}@cache.example.com`, plain, REDIS_FIELD).warnings).toEqual([]);
  });

  it.each([
    [
      'rediss:// with tls false',
      `rediss://:${SECRET}@cache.example.com:6380`,
      { ...REDIS, tls: false },
      /uses rediss:\/\/ \(TLS\), but environments\[1\]\.valkey\.external\.tls is false/,
    ],
    [
      'redis:// with tls true',
      `redis://:${SECRET}@cache.example.com:6380`,
      REDIS,
      /uses redis:\/\/ \(no TLS\), but environments\[1\]\.valkey\.external\.tls is true/,
    ],
    ['another host', `rediss://:${SECRET}@other.example.com:6380`, REDIS, /names the host other\.example\.com/],
    [
      'the default port where the answers say 6380',
      `rediss://:${SECRET}@cache.example.com`,
      REDIS,
      /names the default port 6379, but environments\[1\]\.valkey\.external\.port is 6380/,
    ],
    [
      'a path rueidis refuses',
      `rediss://:${SECRET}@cache.example.com:6380/0/1`,
      REDIS,
      /path other than a database number/,
    ],
    [
      'extra seed addresses',
      `rediss://:${SECRET}@cache.example.com:6380?addr=other:6379`,
      REDIS,
      /has addr=, which makes Inngest connect to servers other than/,
    ],
    [
      'a Sentinel master set (its primary answers on an address the egress policy does not admit)',
      `rediss://:${SECRET}@cache.example.com:6380?master_set=mymaster`,
      REDIS,
      /has master_set=, which makes Inngest connect to servers other than/,
    ],
    ['an http URL', `https://:${SECRET}@cache.example.com:6380`, REDIS, /starts with https:\/\//],
  ])('refuses %s', (_label, uri, server, message) => {
    const text = redisError(uri, server);
    expect(text.startsWith(`${REDIS_VAR}: `)).toBe(true);
    expect(text).toMatch(message);
    expect(text).not.toContain(SECRET);
  });

  it('warns when certificate verification is skipped', () => {
    const { warnings } = checkRedisUri(
      REDIS_VAR,
      `rediss://:${SECRET}@cache.example.com:6380?skip_verify=true`,
      REDIS,
      REDIS_FIELD,
    );
    expect(warnings).toEqual([`${REDIS_VAR} has skip_verify: Inngest will not verify the server's TLS certificate`]);
  });
});
