// npm run bench -- pull-vs-script: issue 14 P6. A first pull of CWSYNC_BENCH_PULL_COMPANIES companies (default
// 100 000) with CWSYNC_BENCH_PULL_CONTACTS_EACH contacts each (default 2) into an empty BSS: cwsync serve on
// SQLite against the naive read-and-upsert script, alternated CWSYNC_BENCH_PULL_ROUNDS times (default 2), at
// CWSYNC_BENCH_PULL_LATENCY ms per call (default 0). Prints records/s, the ratio, and cwsync's peak RSS, which
// must stay under CWSYNC_BENCH_PULL_RSS_LIMIT MiB (default 286 MiB = 300 MB) or the suite throws. Both serve
// processes run with CWSYNC_BENCH_PULL_SERVE_NODE_OPTIONS in NODE_OPTIONS (default `--max-old-space-size=160`, the
// heap bound docs/operations.md#memory advises; empty: none).
import { logDirectory } from '../harness/processes.js';
import { median, range, wholeNumber } from '../harness/settings.js';
import { pullWithCwsync, pullWithScript, type PullRun } from '../scenarios/pull.js';
import type { BenchResult } from '../types.js';

const suite = 'pull-vs-script';

export async function run(): Promise<BenchResult[]> {
  const options = {
    companies: wholeNumber('CWSYNC_BENCH_PULL_COMPANIES', 100_000),
    contactsPerCompany: wholeNumber('CWSYNC_BENCH_PULL_CONTACTS_EACH', 2),
    latencyMs: wholeNumber('CWSYNC_BENCH_PULL_LATENCY', 0),
    concurrency: wholeNumber('CWSYNC_BENCH_CONCURRENCY', 16),
    serveNodeOptions: process.env.CWSYNC_BENCH_PULL_SERVE_NODE_OPTIONS ?? '--max-old-space-size=160',
  };
  const rounds = wholeNumber('CWSYNC_BENCH_PULL_ROUNDS', 2);
  const rssLimitMiB = wholeNumber('CWSYNC_BENCH_PULL_RSS_LIMIT', 286);
  console.log(`  logs of every process: ${logDirectory}`);
  console.log(`  serve's NODE_OPTIONS: ${options.serveNodeOptions || '(none)'}`);
  const runs: PullRun[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const pull of [pullWithCwsync, pullWithScript]) {
      const done = await pull(options);
      runs.push(done);
      console.log(
        `    ${done.who}: ${done.records} records in ${done.seconds.toFixed(1)} s = ${(done.records / done.seconds).toFixed(0)} rec/s; serve peak RSS ${done.peakRssMiB.toFixed(0)} MiB (${done.readyRssMiB.toFixed(0)} when ready), CPU ${done.cpuSeconds.toFixed(1)} s (${((1000 * done.cpuSeconds) / done.records).toFixed(2)} ms/record)`,
      );
      console.log(`      ConnectWise calls: ${describeCalls(done.calls)}`);
    }
  }
  const cwsync = runs.filter((done) => done.who.startsWith('cwsync'));
  const script = runs.filter((done) => !done.who.startsWith('cwsync'));
  const rate = (done: PullRun) => done.records / done.seconds;
  const peak = Math.max(...cwsync.map((done) => done.peakRssMiB));
  const scenario = `${options.latencyMs} ms, ${cwsync[0]!.records} records`;
  const results: BenchResult[] = [
    {
      suite,
      name: `pull ${scenario}: cwsync`,
      value: median(cwsync.map(rate)),
      unit: 'rec/s',
      note: `${range(cwsync.map(rate))} rec/s; ${(median(cwsync.map(rate)) / median(script.map(rate))).toFixed(2)}× the script; CPU ${range(
        cwsync.map((done) => (1000 * done.cpuSeconds) / done.records),
        2,
      )} ms/record`,
    },
    {
      suite,
      name: `pull ${scenario}: cwsync peak RSS`,
      value: peak,
      unit: 'MiB',
      note: `${range(cwsync.map((done) => done.peakRssMiB))} MiB, from ${range(cwsync.map((done) => done.readyRssMiB))} when ready; limit ${rssLimitMiB} MiB`,
    },
    {
      suite,
      name: `pull ${scenario}: ${script[0]!.who}`,
      value: median(script.map(rate)),
      unit: 'rec/s',
      note: `${range(script.map(rate))} rec/s; serve (the BSS) peak RSS ${range(script.map((done) => done.peakRssMiB))} MiB`,
    },
  ];
  const cwsyncCalls = cwsync.map((done) => describeCalls(done.calls)).join(' / ');
  results[0]!.note += `; calls ${cwsyncCalls}`;
  if (peak > rssLimitMiB) {
    for (const result of results)
      console.log(`  ${result.name}: ${result.value.toFixed(0)} ${result.unit} (${result.note})`);
    throw new Error(`cwsync's peak RSS during the pull was ${peak.toFixed(0)} MiB, over ${rssLimitMiB} MiB`);
  }
  return results;
}

/** The calls a run made, most first: a contact that waited for its company shows as GETs of one record by id. */
function describeCalls(calls: Map<string, number>): string {
  return [...calls]
    .sort(([, a], [, b]) => b - a)
    .map(([endpoint, count]) => `${count} ${endpoint}`)
    .join(', ');
}
