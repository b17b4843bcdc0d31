/**
 * The SQL the retention CronJob runs (base/retention/retention.sql in the generated repository,
 * where users can read and change it). Written for this project after the model of
 * github.com/inngest/inngest docs/POSTGRES_RETENTION.md (status-gated, batched, children before
 * anchors, events guarded by unfinished runs, the three helper indexes); tested against
 * PostgreSQL 15 with tables shaped like Inngest's pkg/db/postgres/migrations/000001_baseline.sql.
 * Needs PostgreSQL 13+ (psql \warn; procedures that COMMIT need 11+).
 */
export const RETENTION_SQL = String.raw`-- Inngest history retention for PostgreSQL.
--
-- inngest start never deletes run history: trace_runs, traces, spans, event_batches,
-- function_finishes, function_runs, history and events grow for ever. This script follows the
-- model of github.com/inngest/inngest docs/POSTGRES_RETENTION.md:
--   * a run's rows go only once the run is finished (a terminal status in trace_runs, a row in
--     function_finishes) AND it finished more than :retention_days days ago; age alone would
--     delete runs still sleeping, debouncing or waiting for an event;
--   * children before the row that proves the run finished, or they could never be found again;
--   * events by their own age, unless an unfinished run still points at them;
--   * in batches of :batch_size rows, each committed on its own, so locks stay short and an
--     interrupted run keeps what it did (the next run continues).
--
-- Run: psql -X -v ON_ERROR_STOP=1 -v retention_days=30 [-v batch_size=5000] -f retention.sql
-- Dry run (counts the rows each table would lose, deletes and builds nothing): add -v dry_run=1.
-- Connection settings come from PGHOST, PGUSER, PGPASSWORD, PGSSLMODE, ... (libpq).

\if :{?retention_days}
\else
  \warn 'retention_days is not set: psql -v retention_days=30 -f retention.sql'
  SELECT 1/0 AS retention_days_missing;
\endif
\if :{?batch_size}
\else
  \set batch_size 5000
\endif
\if :{?dry_run}
\else
  \set dry_run 0
\endif

-- Inngest's TIMESTAMP columns hold UTC; compare in UTC.
SET TIME ZONE 'UTC';
-- Wait at most a minute for a row lock held by Inngest, then fail (the CronJob retries).
SET lock_timeout = '1min';

-- One cutoff for the whole run, so a child and its anchor are judged by the same clock.
SELECT set_config('inngest_retention.days', (:'retention_days')::int::text, false) AS days,
       set_config('inngest_retention.batch_size', (:'batch_size')::int::text, false) AS batch_size,
       set_config('inngest_retention.ended_before_ms',
                  ((extract(epoch FROM now()) - (:'retention_days')::int * 86400) * 1000)::bigint::text, false) AS ended_before_ms,
       set_config('inngest_retention.finished_before',
                  (localtimestamp - make_interval(days => (:'retention_days')::int))::text, false) AS finished_before;

DO $check$
BEGIN
  IF current_setting('inngest_retention.days')::int < 1 THEN
    RAISE EXCEPTION 'retention_days must be at least 1, got %', current_setting('inngest_retention.days');
  END IF;
  IF current_setting('inngest_retention.batch_size')::int < 1 THEN
    RAISE EXCEPTION 'batch_size must be at least 1, got %', current_setting('inngest_retention.batch_size');
  END IF;
END
$check$;

-- The gating predicates have no index in Inngest's schema; these make each batch an index scan.
-- CONCURRENTLY does not block Inngest's writes. A build that fails (lock_timeout above bounds its
-- waits too) leaves an INVALID index behind, which IF NOT EXISTS would then skip for ever
-- (PostgreSQL docs, CREATE INDEX, "Building Indexes Concurrently"): drop such leftovers first,
-- unless another session is still building them, so the builds below run again. \gexec runs each
-- DROP on its own, outside a transaction, as CONCURRENTLY requires.
\if :dry_run
\else
SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, c.relname)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.indisvalid
  AND n.nspname = current_schema()
  AND c.relname IN ('idx_trace_runs_status_ended_at', 'idx_function_finishes_created_at', 'idx_traces_run_id')
  AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = c.oid)
\gexec
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_trace_runs_status_ended_at ON trace_runs (status, ended_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_function_finishes_created_at ON function_finishes (created_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_traces_run_id ON traces (run_id);
\endif

-- Runs each DELETE again until it removes nothing, committing after every batch.
CREATE PROCEDURE pg_temp.purge(label text, batch_delete text)
LANGUAGE plpgsql AS $purge$
DECLARE
  deleted bigint;
  total bigint := 0;
BEGIN
  LOOP
    EXECUTE batch_delete;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    total := total + deleted;
    COMMIT;
    EXIT WHEN deleted = 0;
  END LOOP;
  RAISE NOTICE '%: % rows deleted', label, total;
END
$purge$;

-- What is expired, one view per table: the deletes below take their rows from these views and
-- the dry run counts them, so the two can never disagree.
-- trace_runs.status codes (pkg/cqrs/manager/cqrs.go run.Status.ToCode()): 50 overflowed,
-- 300 completed, 400 failed, 500 cancelled, 600 skipped are final; 100 scheduled and 200
-- running are not. ended_at is unix milliseconds and only means something once a run ended.
CREATE TEMPORARY VIEW expired_trace_runs AS
  SELECT ctid, run_id FROM trace_runs
  WHERE status IN (50, 300, 400, 500, 600)
    AND ended_at < current_setting('inngest_retention.ended_before_ms')::bigint;

-- function_finishes has a row only once a run finished; created_at is when.
CREATE TEMPORARY VIEW expired_function_finishes AS
  SELECT ctid, run_id FROM function_finishes
  WHERE created_at < current_setting('inngest_retention.finished_before')::timestamp;

-- A. Trace data, anchored on trace_runs (run_id is a 26-character ULID string everywhere here).
CREATE TEMPORARY VIEW expired_spans AS
  SELECT ctid FROM spans WHERE run_id IN (SELECT run_id FROM expired_trace_runs);
CREATE TEMPORARY VIEW expired_traces AS
  SELECT ctid FROM traces WHERE run_id IN (SELECT run_id FROM expired_trace_runs);
CREATE TEMPORARY VIEW expired_event_batches AS
  SELECT ctid FROM event_batches WHERE run_id IN (SELECT run_id FROM expired_trace_runs);

-- B. Run history, anchored on function_finishes (run_id is the binary ULID in all three).
--    A function_runs row without a function_finishes row is still running and stays.
CREATE TEMPORARY VIEW expired_history AS
  SELECT ctid FROM history WHERE run_id IN (SELECT run_id FROM expired_function_finishes);
CREATE TEMPORARY VIEW expired_function_runs AS
  SELECT ctid FROM function_runs WHERE run_id IN (SELECT run_id FROM expired_function_finishes);

-- C. Events: one event may start many runs or none, so they age on their own, but an event an
--    unfinished run was started by stays.
CREATE TEMPORARY VIEW expired_events AS
  SELECT e.ctid FROM events e
  WHERE e.received_at < current_setting('inngest_retention.finished_before')::timestamp
    AND NOT EXISTS (
      SELECT 1 FROM function_runs fr
      WHERE fr.event_id = e.internal_id
        AND NOT EXISTS (SELECT 1 FROM function_finishes ff WHERE ff.run_id = fr.run_id));

\if :dry_run
SELECT 'spans' AS expired, count(*) AS rows FROM expired_spans
UNION ALL SELECT 'traces', count(*) FROM expired_traces
UNION ALL SELECT 'event_batches', count(*) FROM expired_event_batches
UNION ALL SELECT 'trace_runs', count(*) FROM expired_trace_runs
UNION ALL SELECT 'history', count(*) FROM expired_history
UNION ALL SELECT 'function_runs', count(*) FROM expired_function_runs
UNION ALL SELECT 'function_finishes', count(*) FROM expired_function_finishes
UNION ALL SELECT 'events', count(*) FROM expired_events;
\quit
\endif

-- Children before the row that proves their run finished, or they could never be found again.
CALL pg_temp.purge('spans', $$
  DELETE FROM spans WHERE ctid IN (
    SELECT ctid FROM expired_spans LIMIT current_setting('inngest_retention.batch_size')::int)$$);
CALL pg_temp.purge('traces', $$
  DELETE FROM traces WHERE ctid IN (
    SELECT ctid FROM expired_traces LIMIT current_setting('inngest_retention.batch_size')::int)$$);
CALL pg_temp.purge('event_batches', $$
  DELETE FROM event_batches WHERE ctid IN (
    SELECT ctid FROM expired_event_batches LIMIT current_setting('inngest_retention.batch_size')::int)$$);
CALL pg_temp.purge('trace_runs', $$
  DELETE FROM trace_runs WHERE ctid IN (
    SELECT ctid FROM expired_trace_runs LIMIT current_setting('inngest_retention.batch_size')::int)$$);
CALL pg_temp.purge('history', $$
  DELETE FROM history WHERE ctid IN (
    SELECT ctid FROM expired_history LIMIT current_setting('inngest_retention.batch_size')::int)$$);
CALL pg_temp.purge('function_runs', $$
  DELETE FROM function_runs WHERE ctid IN (
    SELECT ctid FROM expired_function_runs LIMIT current_setting('inngest_retention.batch_size')::int)$$);
CALL pg_temp.purge('function_finishes', $$
  DELETE FROM function_finishes WHERE ctid IN (
    SELECT ctid FROM expired_function_finishes LIMIT current_setting('inngest_retention.batch_size')::int)$$);
-- After the history: a finished run's function_runs row is gone by now, and an unfinished one
-- still protects its event.
CALL pg_temp.purge('events', $$
  DELETE FROM events WHERE ctid IN (
    SELECT ctid FROM expired_events LIMIT current_setting('inngest_retention.batch_size')::int)$$);

-- Deleted rows are reclaimed by autovacuum; ANALYZE now so the planner sees the smaller tables.
ANALYZE trace_runs, traces, spans, event_batches, function_finishes, function_runs, history, events;
`;
