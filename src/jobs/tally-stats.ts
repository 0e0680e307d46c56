import type { KindStats, QueueStats } from './job-queue.js';

/** Turns (kind, state, count) rows into the totals and per-kind counts of `stats()`. */
export function tallyStats(rows: Array<{ kind: string; state: keyof KindStats; count: number }>): QueueStats {
  const stats: QueueStats = { waiting: 0, running: 0, failed: 0, byKind: {} };
  for (const row of rows) {
    const kind = (stats.byKind[row.kind] ??= { waiting: 0, running: 0, failed: 0 });
    kind[row.state] += row.count;
    stats[row.state] += row.count;
  }
  return stats;
}
