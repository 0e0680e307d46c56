// npm run bench -- change-latency: how long a BSS write takes to reach ConnectWise (issue 14, P5), as a user runs
// cwsync: the sandbox in its own process at the given latency, `cwsync serve` (SQLite; on PostgreSQL with
// TEST_DATABASE_URL: `serve --no-sync` and one `cwsync worker`), one account made through the BSS API and linked,
// then CWSYNC_BENCH_CHANGES (default 30) PATCHes of its phone through the API, 100–600 ms apart (so the writes
// fall anywhere in the feed's 2 s poll). Each change is timed from the PATCH request to the moment the instance's
// link holds ConnectWise's answer to the company PATCH (read from the database every 5 ms, so the look adds no
// ConnectWise call). Prints p50, p95 and the slowest; CWSYNC_BENCH_LATENCIES (default 0,50).
import { sql } from 'kysely';
import { readJsonColumn } from '../../src/db/json-column.js';
import { benchAccount } from '../bench-records.js';
import {
  instanceId,
  prepareCwsync,
  startCwsync,
  type CwsyncSetup,
  type DatabaseKind,
} from '../harness/cwsync-processes.js';
import { sleep } from '../harness/processes.js';
import { startSandboxProcess } from '../harness/sandbox-process.js';
import { databaseKinds, numberList, wholeNumber } from '../harness/settings.js';
import type { BenchResult } from '../types.js';

const suite = 'change-latency';
const accountId = 'LAT-1';

export async function run(): Promise<BenchResult[]> {
  const changes = wholeNumber('CWSYNC_BENCH_CHANGES', 30);
  const results: BenchResult[] = [];
  for (const latencyMs of numberList('CWSYNC_BENCH_LATENCIES', [0, 50])) {
    for (const kind of databaseKinds()) {
      const seconds = await measure(kind, latencyMs, changes);
      const sorted = [...seconds].sort((a, b) => a - b);
      const at = (share: number) =>
        sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
      const label = `${kind}, ${latencyMs} ms`;
      const note = `${changes} account changes through the API, 100–600 ms apart; slowest ${(at(1) * 1000).toFixed(0)} ms`;
      results.push(
        { suite, name: `BSS write → ConnectWise (${label}): p50`, value: at(0.5) * 1000, unit: 'ms', note },
        { suite, name: `BSS write → ConnectWise (${label}): p95`, value: at(0.95) * 1000, unit: 'ms', note },
      );
    }
  }
  return results;
}

async function measure(kind: DatabaseKind, latencyMs: number, changes: number): Promise<number[]> {
  const sandbox = await startSandboxProcess();
  let setup: CwsyncSetup | undefined;
  try {
    await sandbox.setLatency(latencyMs);
    setup = await prepareCwsync(kind, sandbox);
    const cwsync = await startCwsync(setup, { concurrency: 16 });
    try {
      const api = async (method: string, body: unknown) => {
        const response = await fetch(`${cwsync.apiUrl}/api/v1/accounts/${accountId}`, {
          method,
          headers: { authorization: `Bearer ${setup!.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${method} account: ${response.status} ${await response.text()}`);
      };
      await api('PUT', benchAccount(accountId, 1));
      await waitForPhone(setup, undefined, 60_000);
      const seconds: number[] = [];
      for (let change = 1; change <= changes; change += 1) {
        await sleep(100 + Math.floor(Math.random() * 500));
        const phone = `+1 813 555 ${String(1000 + change)}`;
        const started = performance.now();
        await api('PATCH', { phone });
        await waitForPhone(setup, phone, 30_000);
        seconds.push((performance.now() - started) / 1000);
      }
      return seconds;
    } finally {
      await cwsync.stop();
    }
  } finally {
    await setup?.destroy();
    await sandbox.stop();
  }
}

/** Until the account's link holds `phone` as ConnectWise answered it (any phone, when undefined: linked). */
async function waitForPhone(setup: CwsyncSetup, phone: string | undefined, limitMs: number): Promise<void> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const row = await setup.database.db
      .selectFrom('record_links')
      .select(sql<unknown>`pushed_body`.as('pushed_body'))
      .where('instance_id', '=', instanceId)
      .where('entity', '=', 'accounts')
      .where('record_id', '=', accountId)
      .executeTakeFirst();
    if (row) {
      const held = (readJsonColumn(row.pushed_body) as { phoneNumber?: string } | null)?.phoneNumber;
      // compared by digits: ConnectWise may hold a phone number formatted its own way
      const digits = (text: string | undefined) => (text ?? '').replace(/\D/g, '');
      if (phone === undefined || (held !== undefined && digits(held).endsWith(digits(phone).slice(-7))))
        return;
    }
    if (performance.now() > deadline)
      throw new Error(`the change to ${phone ?? 'link'} did not arrive in ${limitMs} ms`);
    await sleep(5);
  }
}
