// npm run bench -- change-visibility: issue 14 P5, seen from outside. One change at a time through cwsync serve (SQLite, callbacks
// registered; change-latency.ts times the write to its answer inside cwsync), at each latency of CWSYNC_BENCH_CHANGE_LATENCIES (default 0,50): a BSS write until ConnectWise
// shows it, and a ConnectWise change (a callback) until the BSS shows it; p50 and p95 of
// CWSYNC_BENCH_CHANGE_SAMPLES samples each (default 30), on CWSYNC_BENCH_CHANGE_ACCOUNTS accounts (default 50).
import { numberList, wholeNumber } from '../harness/settings.js';
import { measureChangeLatency, percentile } from '../scenarios/change-visibility.js';
import type { BenchResult } from '../types.js';

const suite = 'change-visibility';

export async function run(): Promise<BenchResult[]> {
  const samples = wholeNumber('CWSYNC_BENCH_CHANGE_SAMPLES', 30);
  const accounts = wholeNumber('CWSYNC_BENCH_CHANGE_ACCOUNTS', 50);
  const results: BenchResult[] = [];
  for (const latencyMs of numberList('CWSYNC_BENCH_CHANGE_LATENCIES', [0, 50])) {
    const measured = await measureChangeLatency({ latencyMs, samples, accounts });
    for (const [direction, values] of [
      ['a BSS write → visible in ConnectWise', measured.bssToConnectwise],
      ['a ConnectWise change (callback) → visible in the BSS', measured.connectwiseToBss],
    ] as const) {
      for (const share of [0.5, 0.95]) {
        results.push({
          suite,
          name: `${latencyMs} ms: ${direction}, p${share * 100}`,
          value: percentile(values, share),
          unit: 'ms',
          note: `${values.length} changes, one at a time; min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)} ms`,
        });
      }
    }
  }
  return results;
}
