/**
 * The generated retention SQL against a real PostgreSQL: Inngest's tables (test/fixtures/inngest-baseline.sql),
 * finished and unfinished runs, an INVALID index left by an interrupted build, and the SQL run
 * exactly as the CronJob runs it (its psql arguments) as the non-superuser role that owns the
 * tables, as Inngest's own role does. Skipped without PostgreSQL; required under CI.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { repositoryTree } from '../../../src/commands/repository-tree.js';
import { postgresAvailable, startPostgres, type PostgresServer } from '../../helpers/postgres.js';
import { repoRoot, tempDir } from '../../helpers/cli.js';

const ROLE = 'inngest';
const DAYS = 30;
const HELPER_INDEXES = ['idx_function_finishes_created_at', 'idx_trace_runs_status_ended_at', 'idx_traces_run_id'];

/** The SQL file and the CronJob's psql arguments, as the generator writes them for prod. */
function generatedRetention(): { sqlFile: string; args: (extra: string[]) => string[] } {
  const answers = resolveAnswers({ environments: [{ name: 'prod', retention: { enabled: true, days: DAYS } }] });
  const tree = repositoryTree(answers, { generatorVersion: '0.0.0-test' });
  const sqlFile = join(tempDir('cig-retention-'), 'retention.sql');
  writeFileSync(sqlFile, tree.get('base/retention/retention.sql')!);
  const cronJob = parseAllDocuments(tree.get('base/retention/cronjob.yaml')!)
    .map((d) => d.toJS())
    .find((o) => o?.kind === 'CronJob');
  const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
  expect(container.command).toEqual(['psql']);
  const days = String(DAYS);
  return {
    sqlFile,
    args: (extra) =>
      (container.args as string[])
        .map((a) => a.replace('$(RETENTION_DAYS)', days).replace(/^\/.*\/retention\.sql$/, sqlFile))
        .concat(extra),
  };
}

const ms = (daysAgo: number) => `(extract(epoch FROM now() - interval '${daysAgo} days') * 1000)::bigint`;
const at = (daysAgo: number) => `(now() AT TIME ZONE 'UTC') - interval '${daysAgo} days'`;
/** A 26-character run id (trace tables) that reads back as its name once the padding is stripped. */
const ulid = (name: string) => `'${name.padEnd(26, '0')}'`;

/**
 * Trace side (trace_runs and what hangs off it): T-OLD finished 60 days ago, T-NEW finished a day
 * ago, T-RUNNING and T-QUEUED are not finished (an ended_at of 0 is "long ago", but their status
 * is not final). History side, where run ids are binary: R-OLD finished 60 days ago, R-NEW a day
 * ago, R-OPEN started 61 days ago and is still running. Events: E-OLD (started R-OLD), E-OPEN
 * (started R-OPEN), E-LONE (started nothing) and E-NEWRUN (started R-NEW) are 60 days old;
 * E-NEW is a day old.
 */
const DATA = `
INSERT INTO trace_runs (run_id, account_id, workspace_id, app_id, function_id, trace_id, queued_at, started_at, ended_at, status, source_id, trigger_ids, is_debounce)
SELECT id, 'a', 'w', 'app', 'fn', '\\x01', 0, 0, ended_at, status, 's', '\\x01', false
FROM (VALUES (${ulid('T-OLD')}, ${ms(60)}, 300), (${ulid('T-NEW')}, ${ms(1)}, 400),
             (${ulid('T-RUNNING')}, 0, 200), (${ulid('T-QUEUED')}, 0, 100)) AS r(id, ended_at, status);
INSERT INTO spans (span_id, trace_id, name, start_time, end_time, account_id, app_id, function_id, run_id, env_id)
SELECT 'span-' || n, 'trace-' || run_id, 'step', now(), now(), 'a', 'app', 'fn', run_id, 'env'
FROM trace_runs, generate_series(1, 3) AS n;
INSERT INTO traces (timestamp, timestamp_unix_ms, trace_id, span_id, span_name, span_kind, service_name, resource_attributes, scope_name, scope_version, span_attributes, duration, status_code, events, links, run_id)
SELECT now(), 0, 'trace-' || run_id, 'span-' || n, 'step', 'internal', 'inngest', '\\x', 's', 'v', '\\x', 1, 'ok', '\\x', '\\x', run_id
FROM trace_runs, generate_series(1, 2) AS n;
INSERT INTO event_batches (id, run_id, started_at, event_ids)
SELECT 'B' || substr(run_id, 2), run_id, now(), '\\x01' FROM trace_runs;

INSERT INTO events (internal_id, received_at, event_id, event_name, event_ts)
SELECT convert_to(name, 'UTF8'), received, name, 'app/test', received
FROM (VALUES ('E-OLD', ${at(60)}), ('E-OPEN', ${at(60)}), ('E-LONE', ${at(60)}), ('E-NEWRUN', ${at(60)}), ('E-NEW', ${at(1)}))
  AS e(name, received);
INSERT INTO function_runs (run_id, run_started_at, function_version, event_id)
SELECT convert_to(run, 'UTF8'), ${at(61)}, 1, convert_to(event, 'UTF8')
FROM (VALUES ('R-OLD', 'E-OLD'), ('R-NEW', 'E-NEWRUN'), ('R-OPEN', 'E-OPEN')) AS r(run, event);
INSERT INTO function_finishes (run_id, status, created_at)
VALUES (convert_to('R-OLD', 'UTF8'), 'completed', ${at(60)}), (convert_to('R-NEW', 'UTF8'), 'failed', ${at(1)});
INSERT INTO history (run_id, event_id, function_version, idempotency_key, type, attempt, created_at)
SELECT run_id, event_id, 1, 'k', 'StepCompleted', 0, ${at(60)} FROM function_runs, generate_series(1, 4);
`;

/** What the run must delete, per table, and the ids of what stays. */
const EXPECTED_DELETED: Record<string, number> = {
  spans: 3,
  traces: 2,
  event_batches: 1,
  trace_runs: 1,
  history: 4,
  function_runs: 1,
  function_finishes: 1,
  // E-OLD, E-LONE and E-NEWRUN; E-OPEN stays because R-OPEN has not finished.
  events: 3,
};

describe.runIf(postgresAvailable())('retention.sql on PostgreSQL', () => {
  let pg: PostgresServer;
  let retention: ReturnType<typeof generatedRetention>;
  beforeAll(() => {
    pg = startPostgres();
    retention = generatedRetention();
    pg.query(`CREATE ROLE ${ROLE} LOGIN`);
    pg.query(`CREATE DATABASE inngest OWNER ${ROLE}`);
    const schema = pg.psql(
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', join(repoRoot, 'test/fixtures/inngest-baseline.sql')],
      {
        user: ROLE,
        database: 'inngest',
      },
    );
    expect(schema.stderr).toBe('');
    const load = pg.psql(['-X', '-q', '-v', 'ON_ERROR_STOP=1'], { user: ROLE, database: 'inngest', input: DATA });
    expect(load.status, load.stderr).toBe(0);
    // An interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index behind (PostgreSQL docs,
    // "Building Indexes Concurrently"); a uniqueness violation interrupts one deterministically.
    pg.query(
      `INSERT INTO trace_runs SELECT ${ulid('T-DUP')}, account_id, workspace_id, app_id, function_id, trace_id,
      queued_at, started_at, ended_at, status, source_id, trigger_ids, output, is_debounce FROM trace_runs WHERE run_id = ${ulid('T-NEW')}`,
      {
        user: ROLE,
        database: 'inngest',
      },
    );
    const failed = pg.psql(
      ['-X', '-c', 'CREATE UNIQUE INDEX CONCURRENTLY idx_trace_runs_status_ended_at ON trace_runs (status, ended_at)'],
      { user: ROLE, database: 'inngest' },
    );
    expect(failed.stderr).toContain('could not create unique index');
  });
  afterAll(() => pg?.stop());

  const asRole = { user: ROLE, database: 'inngest' };
  const count = (table: string) => Number(pg.query(`SELECT count(*) FROM ${table}`, asRole)[0]![0]);
  const invalidIndexes = () =>
    pg.query(`SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid`, asRole);
  const runRetention = (extra: string[] = []) => pg.psql(retention.args(extra), asRole);

  it('runs as a role that is not a superuser', () => {
    expect(pg.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`, asRole)).toEqual([['f']]);
    expect(invalidIndexes()).toEqual([['idx_trace_runs_status_ended_at']]);
  });

  it('dry run counts exactly what the real run deletes, and deletes and builds nothing', () => {
    const before = Object.fromEntries(Object.keys(EXPECTED_DELETED).map((t) => [t, count(t)]));
    const dry = runRetention(['-v', 'dry_run=1', '-A', '-t', '-F', '\t']);
    expect(dry.status, dry.stderr).toBe(0);
    const counted = Object.fromEntries(
      dry.stdout
        .split('\n')
        .map((line) => line.split('\t'))
        .filter((cells) => cells.length === 2 && cells[0]! in EXPECTED_DELETED)
        .map(([table, rows]) => [table, Number(rows)]),
    );
    expect(counted).toEqual(EXPECTED_DELETED);
    for (const table of Object.keys(EXPECTED_DELETED)) expect(count(table), table).toBe(before[table]);
    expect(invalidIndexes()).toEqual([['idx_trace_runs_status_ended_at']]);

    const real = runRetention();
    expect(real.status, real.stderr).toBe(0);
    const reported = Object.fromEntries(
      [...real.stderr.matchAll(/NOTICE: {2}(\w+): (\d+) rows deleted/g)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect(reported).toEqual(EXPECTED_DELETED);
    for (const table of Object.keys(EXPECTED_DELETED))
      expect(before[table]! - count(table), table).toBe(EXPECTED_DELETED[table]);
  });

  it('keeps unfinished runs, recent runs and the events unfinished runs started', () => {
    const ids = (sql: string) => pg.query(sql, asRole).map((row) => row[0]!.replace(/0+$/, ''));
    expect(ids('SELECT run_id FROM trace_runs ORDER BY run_id')).toEqual(['T-DUP', 'T-NEW', 'T-QUEUED', 'T-RUNNING']);
    expect(ids('SELECT DISTINCT run_id FROM spans ORDER BY run_id')).toEqual(['T-NEW', 'T-QUEUED', 'T-RUNNING']);
    expect(ids('SELECT DISTINCT run_id FROM traces ORDER BY run_id')).toEqual(['T-NEW', 'T-QUEUED', 'T-RUNNING']);
    expect(ids(`SELECT convert_from(run_id, 'UTF8') FROM function_runs ORDER BY 1`)).toEqual(['R-NEW', 'R-OPEN']);
    expect(ids(`SELECT DISTINCT convert_from(run_id, 'UTF8') FROM history ORDER BY 1`)).toEqual(['R-NEW', 'R-OPEN']);
    expect(ids(`SELECT convert_from(run_id, 'UTF8') FROM function_finishes ORDER BY 1`)).toEqual(['R-NEW']);
    expect(ids(`SELECT event_id FROM events ORDER BY 1`)).toEqual(['E-NEW', 'E-OPEN']);
  });

  it('rebuilds the INVALID index: every index is valid afterwards, the helper indexes as written', () => {
    expect(invalidIndexes()).toEqual([]);
    const helpers = pg.query(
      `SELECT c.relname, i.indisunique FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relname = ANY ('{${HELPER_INDEXES.join(',')}}') ORDER BY 1`,
      asRole,
    );
    expect(helpers).toEqual(HELPER_INDEXES.map((name) => [name, 'f']));
  });

  it('a second run deletes nothing and changes no index', () => {
    const indexes = () => pg.query(`SELECT indexrelid::regclass FROM pg_index ORDER BY 1`, asRole);
    const before = indexes();
    const again = runRetention();
    expect(again.status, again.stderr).toBe(0);
    expect([...again.stderr.matchAll(/NOTICE: {2}\w+: (\d+) rows deleted/g)].map((m) => Number(m[1]))).toEqual(
      Object.keys(EXPECTED_DELETED).map(() => 0),
    );
    expect(indexes()).toEqual(before);
  });
});
