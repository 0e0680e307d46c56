// npm run bench -- retention: what the run log costs in database space. N records (CWSYNC_BENCH_RETENTION_RECORDS,
// default 10 000: a quarter accounts, the rest their contacts) are pushed to an in-process sandbox, then R full push
// runs (CWSYNC_BENCH_RETENTION_RUNS, default 20) each write a row per record to sync_run_records. Measured after R
// runs without pruning; then the same world prunes to the newest K full runs (CWSYNC_BENCH_RETENTION_KEEP, default 5)
// after every run, as the hourly `cwsync.prune-runs` schedule would, for R more runs, and is measured again. On
// SQLite, and on PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set; CWSYNC_BENCH_RETENTION_DATABASES
// (`sqlite`, `postgres` or both, comma-separated) picks one, to measure them in separate processes.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../src/db/dialect.js';
import type { Database } from '../../src/db/schema.js';
import { pruneSyncRuns } from '../../src/sync/index.js';
import {
  openPostgresTestDatabase,
  openSqliteTestDatabase,
  postgresTestUrl,
  type DatabaseTarget,
} from '../../test/support/database.js';
import type { BenchResult } from '../types.js';
import { drain, importWorkload, startRunnerWorld, type RunnerWorld } from './sync-runner.js';

const suite = 'retention';

export interface RetentionBenchOptions {
  targets: DatabaseTarget[];
  records: number;
  runs: number;
  keepRuns: number;
  stallMs?: number;
  /** progress lines (default: none) */
  log?: (line: string) => void;
}

export async function run(): Promise<BenchResult[]> {
  const url = postgresTestUrl();
  const wanted = (process.env.CWSYNC_BENCH_RETENTION_DATABASES ?? 'sqlite,postgres').split(',');
  const targets: DatabaseTarget[] = [];
  if (wanted.includes('sqlite')) targets.push({ name: 'sqlite', open: openSqliteTestDatabase });
  if (wanted.includes('postgres') && url !== undefined)
    targets.push({ name: 'postgres', open: () => openPostgresTestDatabase(url) });
  return runRetentionBench({
    targets,
    records: wholeNumber('CWSYNC_BENCH_RETENTION_RECORDS', 10_000),
    runs: wholeNumber('CWSYNC_BENCH_RETENTION_RUNS', 20),
    keepRuns: wholeNumber('CWSYNC_BENCH_RETENTION_KEEP', 5),
    log: (line) => console.log(`  … ${line}`),
  });
}

export async function runRetentionBench(options: RetentionBenchOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const accounts = Math.max(1, Math.round(options.records / 4));
  for (const target of options.targets) {
    const world = await startRunnerWorld(target);
    try {
      const workload = await importWorkload(world.store, accounts);
      await world.queue.start(world.service.handlers, { concurrency: 16 });
      await drain(world, options.stallMs ?? 120_000);
      const before = await sizeOf(world.database.db);
      const label = `${target.name}, ${workload.total} records`;
      const measure = async (mode: string, runs: number, prune: boolean) => {
        for (let n = 1; n <= runs; n += 1) {
          // a full run is a run per module that pushes (most of them empty here): keep K full runs' worth
          const modules = await fullRun(world, options.stallMs ?? 120_000);
          if (prune) await pruneSyncRuns(world.database.db, { days: 30, runs: options.keepRuns * modules });
          options.log?.(`${label}, ${mode}: run ${n} of ${runs}`);
        }
        const size = await sizeOf(world.database.db);
        results.push(
          {
            suite,
            name: `${mode} (${label}): database size after ${runs} full runs`,
            value: size.bytes / 2 ** 20,
            unit: 'MiB',
            note: `${size.note}; ${size.runRecords} sync_run_records rows in ${size.runs} runs; ${(before.bytes / 2 ** 20).toFixed(1)} MiB after the initial push, before any run`,
          },
          {
            suite,
            name: `${mode} (${label}): sync_run_records rows`,
            value: size.runRecords,
            unit: 'rows',
          },
        );
      };
      await measure('without pruning', options.runs, false);
      await measure(`pruned to the newest ${options.keepRuns} full runs after each run`, options.runs, true);
    } finally {
      await world.stop();
    }
  }
  return results;
}

/** A manual full push run over unchanged records, run to its end and settled; resolves to its module runs. */
async function fullRun(world: RunnerWorld, stallMs: number): Promise<number> {
  const runIds = await world.service.startRuns({ instanceId: world.instanceId, direction: 'push' });
  await drain(world, stallMs);
  await world.service.settleRuns();
  return runIds.length;
}

interface DatabaseSize {
  bytes: number;
  note: string;
  runs: number;
  runRecords: number;
}

async function sizeOf(db: Kysely<Database>): Promise<DatabaseSize> {
  const count = async (table: 'sync_runs' | 'sync_run_records') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string | number>().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  const [runs, runRecords] = [await count('sync_runs'), await count('sync_run_records')];
  if (dialectOf(db as Kysely<unknown>) === 'postgres') {
    // this schema's tables with their indexes and TOAST: the database may hold other schemas
    const { rows } = await sql<{ schema: string; runLog: string }>`
      select sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)))::text as schema,
             sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)))
               filter (where tablename in ('sync_run_records', 'sync_runs'))::text as "runLog"
        from pg_tables where schemaname = current_schema()
    `.execute(db);
    return {
      bytes: Number(rows[0]!.schema),
      note: `the schema's tables with their indexes; sync_run_records and sync_runs ${(Number(rows[0]!.runLog) / 2 ** 20).toFixed(1)} MiB of it (dead rows count until autovacuum frees them for reuse)`,
      runs,
      runRecords,
    };
  }
  const pragma = async (name: string) =>
    Number(Object.values((await sql.raw<Record<string, number>>(`pragma ${name}`).execute(db)).rows[0]!)[0]);
  const pageSize = await pragma('page_size');
  const pages = await pragma('page_count');
  const free = await pragma('freelist_count');
  return {
    bytes: (pages - free) * pageSize,
    note: `the SQLite pages in use; the file is ${((pages * pageSize) / 2 ** 20).toFixed(1)} MiB, the rest free pages that later writes reuse`,
    runs,
    runRecords,
  };
}

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, not "${raw}"`);
  return value;
}
