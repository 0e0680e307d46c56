// npm run bench -- scale-out (needs TEST_DATABASE_URL): issue 14 P3. The initial push on PostgreSQL as a
// scale-out user runs it — `serve --no-sync` and 1, 2 and 4 `cwsync worker` processes on graphile-worker, each
// at --concurrency CWSYNC_BENCH_WORKER_CONCURRENCY (default 4) — at 50 ms per call, against a fresh sandbox in
// its own process each, the worker counts alternated round by round. Prints records/s, the speed-up over one
// worker, and the share of the bound (workers × concurrency ÷ latency ÷ calls per record) reached; the write
// counts are asserted (initial-push.ts). Each run is also measured from the moment every worker runs (the
// workers' start ends after serve answers, seconds later on a busy machine): its records/s, CPU and speed-up.
// Sizes: CWSYNC_BENCH_SLOW_ACCOUNTS (default 1 000), CWSYNC_BENCH_ROUNDS (default 2), CWSYNC_BENCH_WORKERS
// (default 1,2,4), CWSYNC_BENCH_SCALE_LATENCY (default 50).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logDirectory } from '../harness/processes.js';
import { describeCounts } from '../harness/sandbox-process.js';
import { median, numberList, range, wholeNumber } from '../harness/settings.js';
import { writeWorkload } from '../harness/workload.js';
import { callsPerRecord, pushWithCwsync, type PushRun } from '../scenarios/initial-push.js';
import type { BenchResult } from '../types.js';

const suite = 'scale-out';

export async function run(): Promise<BenchResult[]> {
  if (!process.env.TEST_DATABASE_URL) {
    console.log('  skipped: set TEST_DATABASE_URL (graphile-worker needs PostgreSQL)');
    return [];
  }
  const accounts = wholeNumber('CWSYNC_BENCH_SLOW_ACCOUNTS', 1_000);
  const latencyMs = wholeNumber('CWSYNC_BENCH_SCALE_LATENCY', 50);
  const concurrency = wholeNumber('CWSYNC_BENCH_WORKER_CONCURRENCY', 4);
  const rounds = wholeNumber('CWSYNC_BENCH_ROUNDS', 2);
  const workerCounts = numberList('CWSYNC_BENCH_WORKERS', [1, 2, 4]);
  const workload = writeWorkload(mkdtempSync(join(tmpdir(), 'cwsync-bench-scale-')), accounts);
  console.log(`  logs of every process: ${logDirectory}`);
  const runs = new Map<number, PushRun[]>();
  for (let round = 1; round <= rounds; round += 1) {
    for (const workers of workerCounts) {
      const pushed = await pushWithCwsync({ kind: 'postgres', workload, latencyMs, concurrency, workers });
      runs.set(workers, [...(runs.get(workers) ?? []), pushed]);
      console.log(
        `    ${workers} worker(s) × ${concurrency}: ${pushed.records} records in ${pushed.seconds.toFixed(1)} s = ${(pushed.records / pushed.seconds).toFixed(1)} rec/s; ${callsPerRecord(pushed).toFixed(3)} calls/record; CPU ${pushed.cpuSeconds?.toFixed(1)} s (${((1000 * (pushed.cpuSeconds ?? 0)) / pushed.records).toFixed(2)} ms/record), PostgreSQL's ${pushed.databaseCpuSeconds?.toFixed(1)} s (${((1000 * (pushed.databaseCpuSeconds ?? 0)) / pushed.records).toFixed(2)} ms/record)`,
      );
      const running = pushed.fromWorkersRunning;
      if (running !== undefined) {
        console.log(
          `      from every worker running (+${(pushed.seconds - running.seconds).toFixed(1)} s): ${running.records} records in ${running.seconds.toFixed(1)} s = ${(running.records / running.seconds).toFixed(1)} rec/s; CPU ${((1000 * running.cpuSeconds) / running.records).toFixed(2)} ms/record, PostgreSQL's ${((1000 * running.databaseCpuSeconds) / running.records).toFixed(2)} ms/record`,
        );
      }
    }
  }
  const rate = (pushed: PushRun) => pushed.records / pushed.seconds;
  const runningRate = (pushed: PushRun) =>
    pushed.fromWorkersRunning ? pushed.fromWorkersRunning.records / pushed.fromWorkersRunning.seconds : NaN;
  const one = median((runs.get(workerCounts[0]!) ?? []).map(rate));
  const oneRunning = median((runs.get(workerCounts[0]!) ?? []).map(runningRate));
  const scenario = `${latencyMs} ms, ${workload.accountCount} accounts + ${workload.contactCount} contacts`;
  return [...runs].map(([workers, list]) => {
    const rates = list.map(rate);
    const perRecord = median(list.map(callsPerRecord));
    const bound = (workers * concurrency) / (latencyMs / 1000) / perRecord;
    return {
      suite,
      name: `${scenario}: ${workers} worker(s) × concurrency ${concurrency}`,
      value: median(rates),
      unit: 'rec/s',
      note: [
        `${range(rates, 1)} rec/s over ${list.length} run(s)`,
        `${(median(rates) / one).toFixed(2)}× ${workerCounts[0]} worker(s)`,
        `from every worker running ${median(list.map(runningRate)).toFixed(1)} rec/s, ${(median(list.map(runningRate)) / oneRunning).toFixed(2)}×`,
        `bound ${bound.toFixed(0)} rec/s, reached ${((100 * median(rates)) / bound).toFixed(0)} %`,
        `${perRecord.toFixed(3)} calls/record (${describeCounts(list[0]!.calls)})`,
      ].join('; '),
    };
  });
}
