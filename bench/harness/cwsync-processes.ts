// cwsync as a user runs it, each part in its own process: a database (a SQLite file, or a fresh PostgreSQL
// database on the server of TEST_DATABASE_URL), an instance on the sandbox with its lookups, records imported
// with `cwsync import`, then `cwsync serve` (SQLite: the embedded runner) or `serve --no-sync` and `cwsync worker`
// processes (PostgreSQL: graphile-worker). The benchmark process only reads the database to see when the work
// is done and whether it ended in step.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createRecordStore } from '../../src/bss/store/index.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import { createInstanceRepository, createLookupRepository, SecretBox } from '../../src/instances/index.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { runAdminStatement } from '../../test/support/database.js';
import { clientId, mapLookups } from '../suites/sync-runner.js';
import {
  freePort,
  runToEnd,
  sleep,
  startCli,
  stopProcess,
  tail,
  waitUntil,
  type BenchProcess,
} from './processes.js';
import { sandboxCredentials, type SandboxProcess } from './sandbox-process.js';

export type DatabaseKind = 'sqlite' | 'postgres';
export const instanceId = 'bench';

export interface CwsyncSetup {
  kind: DatabaseKind;
  databaseUrl: string;
  /** the benchmark's own connection, for looking (not for the work) */
  database: DatabaseHandle;
  env: NodeJS.ProcessEnv;
  /** a bearer token for the BSS API */
  token: string;
  directory: string;
  destroy(): Promise<void>;
}

/** A fresh database with the instance `bench` on `sandbox`, its AccountType and Currency lookups, and a token. */
export async function prepareCwsync(
  kind: DatabaseKind,
  sandbox: SandboxProcess,
  options: { instance?: Record<string, unknown> } = {},
): Promise<CwsyncSetup> {
  const directory = mkdtempSync(join(tmpdir(), 'cwsync-bench-db-'));
  let databaseUrl = join(directory, 'cwsync.db');
  let dropDatabase = async () => undefined as void;
  if (kind === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('the PostgreSQL variants need TEST_DATABASE_URL');
    const name = `cwsync_bench_${randomBytes(4).toString('hex')}`;
    await runAdminStatement(adminUrl, `create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => runAdminStatement(adminUrl, `drop database if exists ${name} with (force)`);
  }
  const secretKey = randomBytes(32).toString('hex');
  const database = createDatabase(databaseUrl);
  try {
    await database.migrate();
    const connector = await loadConnectWiseDefinition();
    const instances = createInstanceRepository(
      database.db,
      SecretBox.fromKey(Buffer.from(secretKey, 'hex')),
      connector.definition,
    );
    await instances.create({
      id: instanceId,
      name: 'Bench',
      siteUrl: sandbox.url,
      clientId,
      ...sandboxCredentials,
      ...options.instance,
    });
    await mapLookups(
      { url: sandbox.url, credentials: sandboxCredentials },
      createRecordStore(database.db),
      createLookupRepository(database.db, connector.definition),
      instanceId,
    );
    const { token } = await createApiToken(database.db, 'bench');
    return {
      kind,
      databaseUrl,
      database,
      token,
      directory,
      env: {
        DATABASE_URL: databaseUrl,
        CWSYNC_SECRET_KEY: secretKey,
        CWSYNC_DATA_DIR: directory,
        CWSYNC_SANDBOX: 'off',
      },
      async destroy() {
        await database.destroy();
        await dropDatabase();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.destroy();
    await dropDatabase();
    throw error;
  }
}

/** `cwsync import <file>` for each file, in order. */
export async function importFiles(setup: CwsyncSetup, files: string[]): Promise<void> {
  for (const file of files) await runToEnd(startCli('import', ['import', file], setup.env));
}

export interface RunningCwsync {
  serve: BenchProcess;
  workers: BenchProcess[];
  apiUrl: string;
  /** when the serve process was started (performance.now()) */
  startedAt: number;
  /** when it first answered /health (performance.now()) */
  readyAt: number;
  stop(): Promise<void>;
}

/** `CWSYNC_BENCH_WORKER_ARGS`: more options for each `cwsync worker`, split at spaces (to compare its settings). */
function extraWorkerArgs(): string[] {
  return (process.env.CWSYNC_BENCH_WORKER_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/**
 * SQLite: `serve --concurrency C` runs the sync itself. PostgreSQL: `serve --no-sync` and `workers` ×
 * `cwsync worker --concurrency C` on graphile-worker.
 */
export async function startCwsync(
  setup: CwsyncSetup,
  options: {
    concurrency: number;
    workers?: number;
    extraServeArgs?: string[];
    /** serve registers the instance's ConnectWise callbacks to its own URL (CWSYNC_PUBLIC_URL) */
    callbacks?: boolean;
    /** NODE_OPTIONS of the serve process alone (a heap bound: docs/operations.md#memory) */
    serveNodeOptions?: string;
  },
): Promise<RunningCwsync> {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const serveEnv = {
    ...setup.env,
    ...(options.callbacks ? { CWSYNC_PUBLIC_URL: apiUrl } : {}),
    ...(options.serveNodeOptions ? { NODE_OPTIONS: options.serveNodeOptions } : {}),
  };
  const startedAt = performance.now();
  const serveArgs = ['serve', '--no-sandbox', '--no-demo', '--port', String(port)];
  const workers: BenchProcess[] = [];
  if (setup.kind === 'sqlite') serveArgs.push('--concurrency', String(options.concurrency));
  else serveArgs.push('--no-sync');
  const serve = startCli('serve', [...serveArgs, ...(options.extraServeArgs ?? [])], serveEnv);
  if (setup.kind === 'postgres') {
    for (let index = 0; index < (options.workers ?? 1); index += 1) {
      workers.push(
        startCli(
          'worker',
          ['worker', '--concurrency', String(options.concurrency), ...extraWorkerArgs()],
          setup.env,
        ),
      );
    }
  }
  await waitUntil('cwsync serve answering', async () => (await fetch(`${apiUrl}/health`)).ok, 120_000, 20);
  return {
    serve,
    workers,
    apiUrl,
    startedAt,
    readyAt: performance.now(),
    async stop() {
      await Promise.all([...workers, serve].map((child) => stopProcess(child)));
    },
  };
}

/**
 * Resolves when every worker has printed that it runs (`cwsync worker <pid> running`), at that moment: workers start
 * beside serve and, on two cores, some seconds after it answers; a run measured from serve's start alone counts
 * the later workers' start as their throughput.
 */
export async function workersRunning(cwsync: RunningCwsync): Promise<number> {
  for (const worker of cwsync.workers) {
    const running = waitUntil(
      `${worker.name} ${worker.pid} running`,
      async () => / running \(/.test(readFileSync(worker.log, 'utf8')),
      120_000,
      10,
    );
    const ended = worker.exited.then(() => {
      throw new Error(`${worker.name} ${worker.pid} ended before it ran:\n${tail(worker.log)}`);
    });
    ended.catch(() => undefined); // once it runs, its end later is not this wait's
    await Promise.race([running, ended]);
  }
  return performance.now();
}

/** Records the instance has linked, by module. */
export async function linksByModule(setup: CwsyncSetup): Promise<Map<string, number>> {
  const rows = await setup.database.db
    .selectFrom('record_links')
    .select(['entity', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('instance_id', '=', instanceId)
    .groupBy('entity')
    .execute();
  return new Map(rows.map((row) => [row.entity, Number(row.count)]));
}

/** Whether any sync job (not a schedule's) is waiting or running. */
export async function syncWorkLeft(setup: CwsyncSetup): Promise<boolean> {
  if (setup.kind === 'sqlite') {
    const row = await setup.database.db
      .selectFrom('sync_jobs')
      .select('id')
      .where('state', 'in', ['waiting', 'running'])
      .where('kind', '!=', 'cwsync.schedule')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
  const { rows } = await sql<{ count: string }>`
    select count(*)::text as count from graphile_worker.jobs
     where (key is null or key not like '["cwsync.schedule"%') and attempts < max_attempts`.execute(
    setup.database.db,
  );
  return Number(rows[0]!.count) > 0;
}

/**
 * PostgreSQL: the process ids of the server's backends connected to the run's database (the server runs on this
 * machine in the benchmarks, so their CPU time is in /proc); none on SQLite.
 */
export async function databaseBackends(setup: CwsyncSetup): Promise<number[]> {
  if (setup.kind !== 'postgres') return [];
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(setup.database.db);
  return rows.map((row) => row.pid);
}

/** Jobs the queue gave up on. */
export async function failedJobs(setup: CwsyncSetup): Promise<number> {
  if (setup.kind === 'sqlite') {
    const row = await setup.database.db
      .selectFrom('sync_jobs')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('state', '=', 'failed')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
  const { rows } = await sql<{ count: string }>`
    select count(*)::text as count from graphile_worker._private_jobs
     where attempts >= max_attempts and last_error is not null`.execute(setup.database.db);
  return Number(rows[0]!.count);
}

/** Records in the connector report (a failure, a wait, an ambiguous match …), a few of them described. */
export async function reportEntries(setup: CwsyncSetup): Promise<{ count: number; sample: string[] }> {
  const rows = await setup.database.db
    .selectFrom('sync_report')
    .select(['module', 'record_id', 'outcome', 'message'])
    .where('instance_id', '=', instanceId)
    .execute();
  return {
    count: rows.length,
    sample: rows.slice(0, 3).map((row) => `${row.module} ${row.record_id} ${row.outcome}: ${row.message}`),
  };
}

/**
 * Waits until `expected` records are linked and no sync job is waiting or running; returns the time it did
 * (performance.now()). Throws when the links stop growing for `stallMs`.
 */
export async function waitUntilLinked(
  setup: CwsyncSetup,
  expected: number,
  stallMs = 120_000,
  everyMs = 100,
): Promise<number> {
  let last = -1;
  let lastProgress = Date.now();
  for (;;) {
    const linked = [...(await linksByModule(setup)).values()].reduce((sum, count) => sum + count, 0);
    if (linked >= expected && !(await syncWorkLeft(setup))) return performance.now();
    if (linked !== last) {
      last = linked;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      const report = await reportEntries(setup);
      throw new Error(
        `${linked} of ${expected} records linked, none more for ${stallMs / 1000} s; report: ${report.count} ${report.sample.join(' | ')}`,
      );
    }
    await sleep(everyMs);
  }
}
