// npm run bench -- runner-vs-script: cwsync's initial push against the naive connectwise-rest script (issue 14,
// P1 and P2), each against a fresh sandbox in its own process at the same latency, alternated, on the same data.
// cwsync: `serve --concurrency C` on SQLite; on PostgreSQL (TEST_DATABASE_URL) `serve --no-sync` and one
// `cwsync worker --concurrency C` on graphile-worker. Prints records/s, the ratio cwsync ÷ script, the bound
// (C ÷ latency ÷ calls per record) and the share of it reached; the write counts are asserted (initial-push.ts).
// Sizes: CWSYNC_BENCH_ACCOUNTS (0 ms, default 3 000), CWSYNC_BENCH_SLOW_ACCOUNTS (50 ms, default 1 000),
// CWSYNC_BENCH_SERIAL_ACCOUNTS (the script 1 at a time at 50 ms, default 200), CWSYNC_BENCH_ROUNDS (default 2),
// CWSYNC_BENCH_LATENCIES (default 0,50), CWSYNC_BENCH_CONCURRENCY (default 16), CWSYNC_BENCH_DATABASES,
// CWSYNC_BENCH_BILL_TO (self, the default, or none: a tenant that leaves new companies without a bill-to, rule C9).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logDirectory } from '../harness/processes.js';
import { describeCounts } from '../harness/sandbox-process.js';
import { databaseKinds, median, numberList, oneOf, range, wholeNumber } from '../harness/settings.js';
import { writeWorkload } from '../harness/workload.js';
import { callsPerRecord, pushWithCwsync, pushWithScript, type PushRun } from '../scenarios/initial-push.js';
import type { BenchResult } from '../types.js';

const suite = 'runner-vs-script';

export async function run(): Promise<BenchResult[]> {
  const concurrency = wholeNumber('CWSYNC_BENCH_CONCURRENCY', 16);
  const rounds = wholeNumber('CWSYNC_BENCH_ROUNDS', 2);
  const newCompanyBillTo = oneOf('CWSYNC_BENCH_BILL_TO', ['self', 'none']);
  const directory = mkdtempSync(join(tmpdir(), 'cwsync-bench-work-'));
  console.log(`  logs of every process: ${logDirectory}`);
  const results: BenchResult[] = [];
  for (const latencyMs of numberList('CWSYNC_BENCH_LATENCIES', [0, 50])) {
    const accounts =
      latencyMs === 0
        ? wholeNumber('CWSYNC_BENCH_ACCOUNTS', 3_000)
        : wholeNumber('CWSYNC_BENCH_SLOW_ACCOUNTS', 1_000);
    const workload = writeWorkload(mkdtempSync(join(directory, `${latencyMs}ms-`)), accounts);
    const serialAccounts = latencyMs === 0 ? accounts : wholeNumber('CWSYNC_BENCH_SERIAL_ACCOUNTS', 200);
    const serialWorkload =
      serialAccounts === accounts
        ? workload
        : writeWorkload(mkdtempSync(join(directory, `${latencyMs}ms-serial-`)), serialAccounts);
    const tenant = newCompanyBillTo === 'none' ? ', new companies without a bill-to' : '';
    const scenario = `${latencyMs} ms, ${workload.accountCount} accounts + ${workload.contactCount} contacts${tenant}`;
    const runs: PushRun[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      for (const kind of databaseKinds()) {
        runs.push(await pushWithCwsync({ kind, workload, latencyMs, concurrency, newCompanyBillTo }));
        printRun(runs.at(-1)!);
      }
      runs.push(await pushWithScript({ workload, latencyMs, concurrency, newCompanyBillTo }));
      printRun(runs.at(-1)!);
    }
    const serial = await pushWithScript({
      workload: serialWorkload,
      latencyMs,
      concurrency: 1,
      newCompanyBillTo,
    });
    printRun(serial);
    results.push(...compare(scenario, runs, serial, latencyMs, concurrency));
  }
  return results;
}

function printRun(run: PushRun): void {
  const extra = [
    run.peakRssMiB === undefined ? '' : `peak RSS ${run.peakRssMiB.toFixed(0)} MiB`,
    run.cpuSeconds === undefined ? '' : `CPU ${run.cpuSeconds.toFixed(1)} s`,
    run.sandboxCpuSeconds === undefined ? '' : `the sandbox's CPU ${run.sandboxCpuSeconds.toFixed(1)} s`,
    run.databaseCpuSeconds === undefined ? '' : `PostgreSQL's CPU ${run.databaseCpuSeconds.toFixed(1)} s`,
    `started in ${run.startupSeconds.toFixed(1)} s (not timed)`,
  ]
    .filter(Boolean)
    .join(', ');
  console.log(
    `    ${run.who}: ${run.records} records in ${run.seconds.toFixed(1)} s = ${(run.records / run.seconds).toFixed(0)} rec/s; ${callsPerRecord(run).toFixed(3)} calls/record (${describeCounts(run.calls)})${extra ? `; ${extra}` : ''}`,
  );
}

function compare(
  scenario: string,
  runs: PushRun[],
  serial: PushRun,
  latencyMs: number,
  concurrency: number,
): BenchResult[] {
  const results: BenchResult[] = [];
  const rate = (run: PushRun) => run.records / run.seconds;
  const byWho = new Map<string, PushRun[]>();
  for (const run of runs) byWho.set(run.who, [...(byWho.get(run.who) ?? []), run]);
  const scriptRates = (byWho.get(`script, ${concurrency} at a time`) ?? []).map(rate);
  for (const [who, list] of [...byWho, [serial.who, [serial]] as const]) {
    const rates = list.map(rate);
    const perRecord = median(list.map(callsPerRecord));
    const notes = [
      `${range(rates)} rec/s over ${list.length} run(s)`,
      `${perRecord.toFixed(3)} calls/record (${describeCounts(list[0]!.calls)})`,
      who.startsWith('cwsync')
        ? `ratio to the script at ${concurrency}: ${(median(rates) / median(scriptRates)).toFixed(2)}`
        : '',
    ];
    if (latencyMs > 0) {
      const inFlight = who.endsWith('1 at a time') ? 1 : concurrency;
      const bound = inFlight / (latencyMs / 1000) / perRecord;
      notes.push(`bound ${bound.toFixed(0)} rec/s, reached ${((100 * median(rates)) / bound).toFixed(0)} %`);
    }
    if (list[0]!.cpuSeconds !== undefined) {
      const cpuMs = median(list.map((run) => (1000 * run.cpuSeconds!) / run.records));
      notes.push(`${who.startsWith('cwsync') ? 'cwsync' : 'its'} CPU ${cpuMs.toFixed(2)} ms/record`);
    }
    if (list[0]!.sandboxCpuSeconds !== undefined) {
      const cpuMs = median(list.map((run) => (1000 * run.sandboxCpuSeconds!) / run.records));
      notes.push(`the sandbox's CPU ${cpuMs.toFixed(2)} ms/record`);
    }
    if (list[0]!.databaseCpuSeconds !== undefined) {
      const cpuMs = median(list.map((run) => (1000 * run.databaseCpuSeconds!) / run.records));
      notes.push(`PostgreSQL CPU ${cpuMs.toFixed(2)} ms/record`);
    }
    if (list[0]!.peakRssMiB !== undefined)
      notes.push(`peak RSS ${range(list.map((run) => run.peakRssMiB!))} MiB`);
    results.push({
      suite,
      name: `${scenario}: ${who}`,
      value: median(rates),
      unit: 'rec/s',
      note: notes.filter(Boolean).join('; '),
    });
  }
  return results;
}
