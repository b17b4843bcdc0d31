/**
 * The connection strings of external stores (INNGEST_GITOPS_<ENV>_POSTGRES_URI / _REDIS_URI),
 * checked against the answers before they are sealed: a URI that names another server than the
 * NetworkPolicy admits, or that Inngest cannot parse, would only fail in the pod, after a sync.
 *
 * The value is a secret. Nothing of it but its scheme, host, port and query parameter names ever
 * reaches a message.
 *
 * Why the checks are on the raw text: WHATWG `new URL` is more lenient than the parsers that
 * matter. It strips surrounding whitespace and tabs or newlines anywhere, percent-encodes spaces
 * and non-ASCII silently, keeps a bad escape such as %zz, and lowercases the scheme. Inngest parses
 * with Go's net/url, which rejects control characters, invalid escapes and characters outside
 * its userinfo set (golang/go src/net/url/url.go `validUserinfo`, `unescape`), then:
 * - PostgreSQL: a case-sensitive "postgres://" or "postgresql://" prefix
 *   (inngest/inngest pkg/db/postgres/migrations.go), then pgx (jackc/pgx pgconn/config.go), which
 *   sends every query parameter it does not know to the server as a setting;
 * - Redis: rueidis.ParseURL (redis/rueidis url.go): schemes redis, rediss, valkey, valkeys (TLS
 *   for the last two of each pair), default port 6379, path "/<db>", unknown parameters ignored.
 */
import { UserError } from '../core/errors.js';
import type { ExternalPostgres, ExternalValkey } from '../answers/schema.js';

interface Checked {
  /** What to tell the user, never containing the value. */
  warnings: string[];
}

/** Characters Go's url.Parse accepts unescaped in userinfo (net/url validUserinfo), plus '%' escapes. */
const USERINFO = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/;

/**
 * Query parameters both pgx (Inngest) and libpq (psql in the retention job) understand. pgx sends
 * any other parameter to the server as a setting, which PostgreSQL refuses unless it exists;
 * libpq refuses unknown URI parameters outright. host, port, user and dbname belong in the URI
 * itself, where they are checked.
 */
const POSTGRES_PARAMETERS = new Set([
  'application_name',
  'channel_binding',
  'connect_timeout',
  'krbsrvname',
  'options',
  'password',
  'sslcert',
  'sslkey',
  'sslmode',
  'sslnegotiation',
  'sslpassword',
  'sslrootcert',
  'sslsni',
  'target_session_attrs',
]);
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * rueidis ParseURL's parameters, less the two that reach servers other than the answers' one:
 * `addr` (more seed addresses) and `master_set` (Sentinel: the primary it names is dialled at the
 * address the Sentinel returns, which Inngest's egress policy, one network list and one port,
 * does not admit).
 */
const REDIS_OTHER_SERVERS = new Set(['addr', 'master_set']);
const REDIS_PARAMETERS = new Set([
  'client_cache',
  'client_name',
  'db',
  'dial_timeout',
  'max_retries',
  'protocol',
  'skip_verify',
  'write_timeout',
]);

const ENCODE = 'encode the user name and password with encodeURIComponent';

interface Parsed {
  scheme: string;
  url: URL;
  /**
   * Whether the URI has a user part. Without one, a malformed "user:password" with no @ parses as
   * host:port, so host and port are then never repeated in a message.
   */
  hasUserinfo: boolean;
}

/** The checks every URI gets, on the raw text first. `schemes` are case-sensitive, as Inngest's. */
function parse(variable: string, value: string, schemes: readonly string[]): Parsed {
  const allowed = schemes.map((s) => `${s}://`).join(', ');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f]/.test(value) || /[^\u0000-\u007f]/.test(value)) {
    throw new UserError(variable, 'contains whitespace, a control character or a non-ASCII character', ENCODE);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value)?.[1];
  if (scheme === undefined)
    throw new UserError(variable, 'is not a URI', `a connection string starting with ${allowed}`);
  if (!schemes.includes(scheme))
    throw new UserError(variable, `starts with ${scheme}://`, `a connection string starting with ${allowed}`);
  const rest = value.slice(scheme.length + 3);
  const authority = rest.split(/[/?#]/)[0] ?? '';
  // Parsers end the authority at the first / ? or #: one of them unencoded in a password would
  // make the rest of the password the host, port or path, and messages would show it.
  if (rest.slice(authority.length).includes('@')) {
    throw new UserError(
      variable,
      'has an @ after the host: the user name or password holds an unencoded / ? or #',
      ENCODE,
    );
  }
  const at = authority.lastIndexOf('@');
  if (at >= 0 && !USERINFO.test(authority.slice(0, at))) {
    throw new UserError(
      variable,
      'the user name or password contains a character that must be percent-encoded',
      ENCODE,
    );
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) {
    throw new UserError(variable, 'has a % that does not start a percent-encoding (% and two hex digits)', ENCODE);
  }
  if (value.includes('#')) throw new UserError(variable, 'has a fragment (#)', 'percent-encode # as %23');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The parser's message repeats the input: say only that it failed.
    throw new UserError(variable, 'cannot be parsed as a URI', `${allowed}user:password@host:port/…`);
  }
  if (url.hostname === '') throw new UserError(variable, 'names no host', `${allowed}user:password@host:port/…`);
  return { scheme, url, hasUserinfo: at >= 0 };
}

/** Host and port as the server will be dialled, against the answers. */
function checkServer(
  variable: string,
  { url, hasUserinfo }: Parsed,
  defaultPort: number,
  server: { host: string; port: number },
  field: string,
): void {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const expected = server.host.toLowerCase();
  if (host !== expected && normalisedIPv6(host) !== normalisedIPv6(expected)) {
    throw new UserError(
      variable,
      `names ${hasUserinfo ? `the host ${host}` : 'another host'}, but ${field}.host is ${server.host}`,
      'the same server in both: the NetworkPolicy admits only the answers',
    );
  }
  const port = url.port === '' ? defaultPort : Number(url.port);
  if (port !== server.port) {
    const named = url.port === '' ? `the default port ${port}` : hasUserinfo ? `the port ${port}` : 'another port';
    throw new UserError(
      variable,
      `names ${named}, but ${field}.port is ${server.port}`,
      'the same port in both: the NetworkPolicy admits only the answers',
    );
  }
}

/** The WHATWG form of an IPv6 literal (compressed, lowercase), for comparing; other hosts unchanged. */
function normalisedIPv6(host: string): string {
  if (!host.includes(':')) return host;
  try {
    return new URL(`http://[${host}]/`).hostname;
  } catch {
    return host;
  }
}

function queryKeys(url: URL): string[] {
  return [...new Set(url.searchParams.keys())];
}

/**
 * INNGEST_POSTGRES_URI of an environment with postgres.mode external. `retention`: the retention
 * job's psql (libpq) uses the same URI, and libpq verifies a server certificate only against
 * sslrootcert (it has no implicit system store), unlike pgx.
 */
export function checkPostgresUri(
  variable: string,
  value: string,
  server: ExternalPostgres,
  field: string,
  options: { retention: boolean },
): Checked {
  const parsed = parse(variable, value, ['postgres', 'postgresql']);
  const { url } = parsed;
  checkServer(variable, parsed, 5432, server, field);
  if (!/^(\/[^/]*)?$/.test(url.pathname))
    throw new UserError(
      variable,
      'has a path with more than the database name',
      'postgres://user:password@host:port/database',
    );
  for (const key of queryKeys(url)) {
    if (!POSTGRES_PARAMETERS.has(key)) {
      throw new UserError(
        variable,
        `has the unknown query parameter ${JSON.stringify(key)}`,
        `one of ${[...POSTGRES_PARAMETERS].join(', ')}; host, port, user and database before the ?`,
      );
    }
  }
  const sslmode = url.searchParams.get('sslmode');
  const sslrootcert = url.searchParams.get('sslrootcert');
  if (sslmode !== null && !SSL_MODES.includes(sslmode))
    throw new UserError(variable, `has sslmode=${sslmode}`, `sslmode one of ${SSL_MODES.join(', ')}`);
  const warnings: string[] = [];
  const verifying = sslmode === 'verify-full' || sslmode === 'verify-ca';
  if (options.retention && verifying && sslrootcert === null) {
    throw new UserError(
      variable,
      `has sslmode=${sslmode} without sslrootcert: the retention job's psql (libpq) then finds no CA to verify against`,
      'add sslrootcert=system to verify against the system CA bundle, as Inngest does',
    );
  }
  if (sslmode === null) {
    warnings.push(
      `${variable} has no sslmode, so Inngest tries TLS without verifying the server and falls back to plaintext (sslmode=prefer): add sslmode=verify-full&sslrootcert=system`,
    );
  } else if (!verifying) {
    warnings.push(
      `${variable} has sslmode=${sslmode}, which does not verify the server's certificate: sslmode=verify-full&sslrootcert=system is recommended`,
    );
  }
  return { warnings };
}

/** INNGEST_REDIS_URI of an environment with valkey.mode external. */
export function checkRedisUri(variable: string, value: string, server: ExternalValkey, field: string): Checked {
  const parsed = parse(variable, value, ['redis', 'rediss', 'valkey', 'valkeys']);
  const { scheme, url } = parsed;
  const tls = scheme === 'rediss' || scheme === 'valkeys';
  if (tls !== server.tls) {
    throw new UserError(
      variable,
      `uses ${scheme}://${tls ? ' (TLS)' : ' (no TLS)'}, but ${field}.tls is ${String(server.tls)}`,
      server.tls ? 'rediss:// for a TLS server' : `redis://, or set ${field}.tls to true`,
    );
  }
  checkServer(variable, parsed, 6379, server, field);
  if (!/^(\/[0-9]*)?$/.test(url.pathname))
    throw new UserError(variable, 'has a path other than a database number', 'redis://user:password@host:port/0');
  for (const key of queryKeys(url)) {
    if (REDIS_OTHER_SERVERS.has(key)) {
      throw new UserError(
        variable,
        `has ${key}=, which makes Inngest connect to servers other than ${field}`,
        "the primary itself: one server, reached at the answers' host and port (no Sentinel, no cluster seeds)",
      );
    }
    if (!REDIS_PARAMETERS.has(key)) {
      throw new UserError(
        variable,
        `has the unknown query parameter ${JSON.stringify(key)}`,
        `one of ${[...REDIS_PARAMETERS].join(', ')}`,
      );
    }
  }
  const db = url.searchParams.get('db');
  if (db !== null && !/^[0-9]+$/.test(db))
    throw new UserError(variable, 'has a db parameter that is not a number', 'db=0, or the path /0');
  const warnings: string[] = [];
  const skipVerify = url.searchParams.get('skip_verify');
  if (tls && skipVerify !== null && skipVerify !== 'false' && skipVerify !== '0') {
    warnings.push(`${variable} has skip_verify: Inngest will not verify the server's TLS certificate`);
  }
  return { warnings };
}
