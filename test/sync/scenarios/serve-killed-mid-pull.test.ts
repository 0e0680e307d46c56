// Scenario: `cwsync serve` on SQLite SIGKILLed in the middle of a first pull, then started again. Its poll takes
// records in groups of 100, each group's records, links, run outcomes and checkpoint in one transaction, so at the
// kill every pulled record is linked (a group commits whole or not at all), and the new serve resumes after the
// last committed group: each record is pulled once and counted once, as created.
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/db/index.js';
import { startRun } from '../../../src/sync/index.js';
import { spawnCliProcess } from '../../support/cli-process.js';
import { seedCompaniesToPull } from '../../support/create-companies.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { waitFor } from '../../jobs/support/queue-targets.js';

const companies = 1500;

describe('cwsync serve on SQLite killed in the middle of a pull', () => {
  const secretKey = randomBytes(32);
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-serve-killed-'));
  const databaseFile = join(folder, 'cwsync.db');
  let world: SyncWorld;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    world = await startSyncWorld(
      {
        name: 'sqlite',
        async open() {
          const database = createDatabase(databaseFile);
          await database.migrate();
          return database;
        },
      },
      { secretKey },
    );
  });
  afterEach(async () => {
    for (const child of running.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    }
  });
  afterAll(async () => {
    await world?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function startServe(): Promise<{ process: ChildProcess; output: string }> {
    const serve = {
      process: spawnCliProcess(
        [
          'serve',
          '--database-url',
          databaseFile,
          '--no-sandbox',
          '--no-demo',
          '--host',
          '127.0.0.1',
          '--port',
          '0',
          '--concurrency',
          '4',
        ],
        { CWSYNC_SECRET_KEY: secretKey.toString('base64'), LOG_LEVEL: 'debug' },
      ),
      output: '',
    };
    serve.process.stdout?.on('data', (chunk: Buffer) => (serve.output += chunk.toString()));
    serve.process.stderr?.on('data', (chunk: Buffer) => (serve.output += chunk.toString()));
    running.push(serve.process);
    return serve;
  }

  const count = async (table: 'bss_records' | 'record_links', entity: 'accounts' | 'contacts') => {
    const column = table === 'bss_records' ? 'id' : 'record_id';
    const row = await world.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('entity', '=', entity)
      .where(column, 'like', entity === 'accounts' ? 'SK-%' : '%')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  const pulledAccounts = () => count('bss_records', 'accounts');

  it('every record pulled before the kill is linked; the new serve resumes, each record created once', async () => {
    const contactsBefore = await count('bss_records', 'contacts');
    const linkedContactsBefore = await count('record_links', 'contacts');
    await seedCompaniesToPull(world, {
      prefix: 'SK',
      name: 'Serve Killed',
      contactLastName: 'ServeKilled',
      count: companies,
    });

    const doomed = await startServe();
    const runDeps = {
      db: world.database.db,
      store: world.store,
      connector: world.connector,
      reports: world.sync.reports,
      state: world.sync.state,
      queue: world.queue,
    };
    const runIds: string[] = [];
    for (const module of ['accounts', 'contacts']) {
      runIds.push(
        await startRun(runDeps, {
          instanceId: world.instanceId,
          module,
          direction: 'pull',
          trigger: 'manual',
        }),
      );
    }
    await waitFor(async () => (await pulledAccounts()) >= 300, 'the poll to be under way', 60_000);
    const exited = new Promise((done) => doomed.process.once('exit', done));
    doomed.process.kill('SIGKILL');
    await exited;

    // whatever the kill interrupted, what is in the BSS is whole: every pulled account linked, no more
    const atKill = await pulledAccounts();
    expect(atKill).toBeLessThan(companies);
    expect(await count('record_links', 'accounts')).toBe(atKill);
    expect((await count('bss_records', 'contacts')) - contactsBefore).toBe(
      (await count('record_links', 'contacts')) - linkedContactsBefore,
    );

    // the dead serve's poll job is taken again once its lease (a minute) has run out
    const replacement = await startServe();
    await waitFor(
      async () =>
        (await pulledAccounts()) === companies &&
        (await count('bss_records', 'contacts')) - contactsBefore === companies &&
        (await count('record_links', 'contacts')) - linkedContactsBefore === companies,
      'the pull to finish',
      150_000,
    );
    await waitFor(
      async () => {
        const runs = await Promise.all(runIds.map((runId) => world.sync.runProgress(runId)));
        return runs.every((run) => run?.status === 'succeeded');
      },
      'the runs to finish',
      30_000,
    );
    for (const runId of runIds) {
      const run = await world.sync.runProgress(runId);
      // every record of the run counted once, as created: a group the kill cut short was undone whole and taken
      // again; none was written before the kill and found again afterwards
      expect(run!.counts).toMatchObject({ created: companies, failed: 0, waiting: 0, ambiguous: 0 });
      expect(run!.expected).toBe(companies);
    }
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    expect(replacement.output).toMatch(/poll finished/);
  }, 240_000);
});
