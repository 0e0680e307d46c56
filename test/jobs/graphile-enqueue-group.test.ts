// graphile-worker: the enqueues made in one turn of the event loop are written as one group — one statement, one
// commit, so one turn at PostgreSQL's NOTIFY lock (src/jobs/graphile-enqueue-function.ts). A group holds several
// keys' rows at once; it must never be part of a deadlock that PostgreSQL settles by aborting someone else
// (graphile's batched job ends are not retried when aborted: their jobs stay locked).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createGraphileQueue, type JobQueue } from '../../src/jobs/index.js';
import { jobKeyOf } from '../../src/jobs/job-queue.js';
import { postgresTestUrl, runAdminStatement } from '../support/database.js';

const url = postgresTestUrl();

describe.skipIf(url === undefined)('graphile: enqueues written in groups', () => {
  const schema = `cwsync_geg_${randomBytes(6).toString('hex')}`;
  const jobs = `"${schema}"._private_jobs`;
  const queues: JobQueue[] = [];
  const clients: pg.Client[] = [];
  const open = () => {
    const queue = createGraphileQueue({ connectionString: url ?? '', schema, pollIntervalMs: 50 });
    queues.push(queue);
    return queue;
  };
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };
  const spec = (recordId: string, n: number) => ({
    kind: 'push',
    instanceId: 'i',
    module: 'accounts',
    recordId,
    payload: { n },
  });
  const keyOf = (recordId: string) =>
    jobKeyOf({ kind: 'push', instanceId: 'i', module: 'accounts', recordId });
  /** the waiting job of each key: its payload's `n` */
  const waiting = async (client: pg.Client) => {
    const { rows } = await client.query<{ key: string; payload: { payload: { n: number } } }>(
      `select key, payload from ${jobs} where key is not null order by key`,
    );
    return Object.fromEntries(rows.map((row) => [row.key, row.payload.payload.n]));
  };
  /** the enqueue statements sent from now on, by the function they call */
  const countEnqueueStatements = () => {
    const query = vi.spyOn(pg.Client.prototype, 'query');
    return () => {
      const texts = query.mock.calls.map(([first]) =>
        typeof first === 'string' ? first : ((first as { text?: string }).text ?? ''),
      );
      return {
        groups: texts.filter((text) => text.includes('cwsync_enqueue_group_v1(')).length,
        alone: texts.filter((text) => text.includes('cwsync_enqueue_v1(')).length,
      };
    };
  };

  afterEach(async () => {
    vi.restoreAllMocks();
    for (const client of clients.splice(0)) await client.end().catch(() => undefined);
    for (const queue of queues.splice(0)) await queue.close();
    await runAdminStatement(url ?? '', `drop schema if exists "${schema}" cascade`);
  });
  afterAll(async () => {
    await runAdminStatement(url ?? '', `drop schema if exists "${schema}" cascade`);
  });

  it('writes the enqueues of one turn in one statement; a key enqueued twice keeps its later payload', async () => {
    const queue = open();
    await queue.enqueue(spec('warm-up', 0)); // the schema and its functions installed before counting
    const counted = countEnqueueStatements();
    const records = Array.from({ length: 12 }, (_, index) => `r${String(index).padStart(2, '0')}`);
    await Promise.all([
      queue.enqueue(spec('r07', 1)),
      ...records.map((recordId) => queue.enqueue(spec(recordId, recordId === 'r07' ? 2 : 1))),
    ]);
    expect(counted()).toEqual({ groups: 1, alone: 0 });
    const written = await waiting(await connect());
    expect(written[keyOf('r07')]).toBe(2);
    for (const recordId of records) expect(written[keyOf(recordId)]).toBe(recordId === 'r07' ? 2 : 1);
  });

  it('an enqueue made alone (nothing else in its turn) is one statement of its own', async () => {
    const queue = open();
    await queue.enqueue(spec('warm-up', 0));
    const counted = countEnqueueStatements();
    await queue.enqueue(spec('a', 1));
    await queue.enqueue(spec('b', 1));
    expect(counted()).toEqual({ groups: 0, alone: 2 });
  });

  it('a group that fails is written again one by one: only the enqueue at fault fails', async () => {
    const queue = open();
    await queue.enqueue(spec('warm-up', 0));
    const admin = await connect();
    await admin.query(`create function "${schema}".refuse_bad() returns trigger language plpgsql as $$
      begin
        if new.key = ${pg.escapeLiteral(keyOf('bad'))} then raise exception 'refused for the test'; end if;
        return new;
      end $$`);
    await admin.query(
      `create trigger refuse_bad before insert on ${jobs} for each row execute function "${schema}".refuse_bad()`,
    );
    const counted = countEnqueueStatements();
    const outcomes = await Promise.allSettled([
      queue.enqueue(spec('good-1', 1)),
      queue.enqueue(spec('bad', 1)),
      queue.enqueue(spec('good-2', 1)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('refused for the test');
    expect(counted()).toEqual({ groups: 1, alone: 3 });
    const written = await waiting(admin);
    expect([written[keyOf('good-1')], written[keyOf('bad')], written[keyOf('good-2')]]).toEqual([
      1,
      undefined,
      1,
    ]);
  });

  /**
   * What graphile's batched job ends do: take one key's row, then another's. Here that transaction ("ends") takes b,
   * the group (a, b, c, by key) takes a and waits for b, then ends asks for a. Ends' deadlock check runs first
   * (`endsDeadlockTimeout`, below the group's session's): without the group's lock wait ends would be aborted, as
   * graphile's ends were in this suite's races ("deadlock detected", the jobs left locked).
   */
  async function enqueueAgainstTheOtherOrder(queue: JobQueue, endsDeadlockTimeout: string): Promise<void> {
    await Promise.all([queue.enqueue(spec('a', 1)), queue.enqueue(spec('b', 1))]);
    const ends = await connect();
    await ends.query(`set deadlock_timeout = '${endsDeadlockTimeout}'`);
    await ends.query('begin');
    await ends.query(`select 1 from ${jobs} where key = $1 for update`, [keyOf('b')]);
    const counted = countEnqueueStatements();
    const group = Promise.all([
      queue.enqueue(spec('a', 2)),
      queue.enqueue(spec('b', 2)),
      queue.enqueue(spec('c', 2)),
    ]);
    const observer = await connect();
    // An enqueue waits for b: the group (it has taken a), or, once the group gave way, b made alone.
    await vi.waitFor(
      async () => {
        const { rows } = await observer.query<{ waiting: string }>(
          `select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%cwsync_enqueue%'`,
        );
        expect(Number(rows[0]!.waiting)).toBe(1);
      },
      { timeout: 5_000, interval: 5 },
    );
    await ends.query(`select 1 from ${jobs} where key = $1 for update`, [keyOf('a')]);
    await ends.query('commit');
    await group;
    expect(counted()).toEqual({ groups: 1, alone: 1 }); // b, left by the group, made alone once ends committed
    const written = await waiting(observer);
    expect([written[keyOf('a')], written[keyOf('b')], written[keyOf('c')]]).toEqual([2, 2, 2]);
  }

  it('gives way within its lock wait where another transaction holds its rows the other way round: no deadlock', async () => {
    await enqueueAgainstTheOtherOrder(open(), '200ms');
  });

  it('waits at most half the deadlock check of its own server setting, when that is below its 100 ms', async () => {
    // deadlock_timeout 60 ms on both sides: a group waiting its 100 ms would outlast ends' check.
    const shortChecks = new URL(url ?? '');
    shortChecks.searchParams.set('options', '-c deadlock_timeout=60ms');
    const queue = createGraphileQueue({
      connectionString: shortChecks.toString(),
      schema,
      pollIntervalMs: 50,
    });
    queues.push(queue);
    await enqueueAgainstTheOtherOrder(queue, '60ms');
  });
});
