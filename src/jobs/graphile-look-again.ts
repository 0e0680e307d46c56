import type { Runner } from 'graphile-worker';

/**
 * A worker of this process that found no job shortly after one of its jobs ended looks again once that end is
 * written, instead of sleeping until the poll interval (500 ms by default) or the next job's notification.
 *
 * graphile runs the jobs of a named queue one at a time, and a job's end is written in a batch
 * (`completeBatchMs`): until then its queue stays locked. A worker asks for its next job at once, so a job queued
 * meanwhile behind the one that just ended (a follow-up of its key, or another key of its bucket) is not given to
 * it; its insert's notification came while the queue was locked, and graphile sends none when the end unlocks it.
 * Measured (docs/benchmarks.md, "Issue 14 after the fourth merges"): one worker at concurrency 4 ran 40 rec/s at a
 * 500 ms poll and 48–49 at 20 ms, the same CPU per record. Only the moments right after an end look again: an idle
 * worker still polls at the interval.
 */
export function lookAgainAfterJobEnds(runner: Runner, afterMs: number): void {
  const windowMs = afterMs + 100;
  let lastEndAt = Number.NEGATIVE_INFINITY;
  runner.events.on('job:complete', () => {
    lastEndAt = performance.now();
  });
  runner.events.on('worker:getJob:empty', ({ worker }) => {
    if (performance.now() - lastEndAt > windowMs) return;
    setTimeout(() => {
      try {
        worker.nudge(); // a look only when the worker is still idle
      } catch {
        // the worker stopped meanwhile (graphile asserts it is active): nothing to look for
      }
    }, afterMs).unref();
  });
}
