/**
 * A throwaway PostgreSQL server for tests: initdb in a temporary folder, started with pg_ctl on a
 * Unix socket only (no TCP port to collide with), stopped and deleted afterwards. As root (CI
 * runs as root) the server runs as the `postgres` user the Debian package creates, because
 * PostgreSQL refuses to run as root.
 *
 * Where PostgreSQL is missing the tests that need it are skipped with a printed reason; with CI
 * set they fail instead (.ci/run installs it from the Debian packages).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

interface Binaries {
  /** Folder of initdb, pg_ctl and postgres. */
  bin: string;
  psql: string;
}

/** initdb and pg_ctl: on PATH, or in the newest /usr/lib/postgresql/<major>/bin (Debian keeps them there). */
function findBinaries(): Binaries | string {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const candidates: string[] = [];
  if (onPath.status === 0 && onPath.stdout.trim()) {
    const resolved = spawnSync('readlink', ['-f', onPath.stdout.trim()], { encoding: 'utf8' }).stdout.trim();
    candidates.push(join(resolved, '..'));
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((v) => join(debian, v, 'bin')));
  }
  const bin = candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b))));
  if (!bin) return 'initdb, pg_ctl and postgres were not found on PATH or under /usr/lib/postgresql/<major>/bin';
  const psql = existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql';
  if (spawnSync(psql, ['--version']).status !== 0) return 'psql was not found';
  return { bin, psql };
}

const isRoot = userInfo().uid === 0;

/** The user the server runs as: the current one, or `postgres` when that is root. */
function serverUser(): { uid: number; gid: number; name: string } | string {
  if (!isRoot) return { uid: userInfo().uid, gid: userInfo().gid, name: userInfo().username };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0)
    return 'running as root, and there is no postgres user to run the server as';
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres' };
}

/** Whether PostgreSQL can be started here; why not otherwise. Throws under CI, which must have it. */
export function postgresAvailable(): boolean {
  const binaries = findBinaries();
  const user = serverUser();
  const reason = typeof binaries === 'string' ? binaries : typeof user === 'string' ? user : undefined;
  if (reason === undefined) return true;
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI (.ci/run installs it): ${reason}`);
  console.warn(`skipping the PostgreSQL tests: ${reason}`);
  return false;
}

interface PsqlResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface PostgresServer {
  /** psql as `user` on `database` with these extra arguments; libpq settings point at the server. */
  psql(args: string[], options?: { user?: string; database?: string; input?: string }): PsqlResult;
  /** A statement's rows, unaligned, tab-separated, as the superuser unless `user` says otherwise. */
  query(sql: string, options?: { user?: string; database?: string }): string[][];
  stop(): void;
}

function run(command: string, args: string[], asServerUser: boolean): SpawnSyncReturns<string> {
  const [file, argv] =
    asServerUser && isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return spawnSync(file, argv, { encoding: 'utf8' });
}

function check(result: SpawnSyncReturns<string>, what: string): void {
  if (result.status !== 0)
    throw new Error(`${what} failed (${String(result.status)}): ${result.stderr}${result.stdout}`);
}

export function startPostgres(): PostgresServer {
  const binaries = findBinaries();
  const user = serverUser();
  if (typeof binaries === 'string' || typeof user === 'string') throw new Error('PostgreSQL is not available');
  const root = mkdtempSync(join(tmpdir(), 'cig-pg-'));
  const data = join(root, 'data');
  const socket = root;
  chmodSync(root, 0o700);
  if (isRoot) chownSync(root, user.uid, user.gid);
  check(
    run(join(binaries.bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], true),
    'initdb',
  );
  // Unix socket only; fsync off: the data is thrown away.
  const serverOptions = `-c listen_addresses='' -k ${socket} -p 5432 -c fsync=off -c full_page_writes=off`;
  check(
    run(join(binaries.bin, 'pg_ctl'), ['-D', data, '-o', serverOptions, '-l', join(root, 'log'), '-w', 'start'], true),
    'pg_ctl start',
  );
  const psql: PostgresServer['psql'] = (args, options = {}) => {
    const result = spawnSync(binaries.psql, args, {
      encoding: 'utf8',
      input: options.input ?? '',
      env: {
        ...process.env,
        PGHOST: socket,
        PGPORT: '5432',
        PGUSER: options.user ?? 'postgres',
        PGDATABASE: options.database ?? 'postgres',
        PGTZ: 'UTC',
      },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return {
    psql,
    query(sql, options = {}) {
      const result = psql(['-X', '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-F', '\t', '-c', sql], options);
      if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
      return result.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    },
    stop() {
      run(join(binaries.bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], true);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
