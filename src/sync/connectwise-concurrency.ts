/** The most ConnectWise calls one instance's client holds in flight (the client's own upper limit). */
export const maxConnectWiseConcurrency = 64;
/** The least: a single job writes an order's lines at once, so even one job at a time uses several. */
const minConnectWiseConcurrency = 8;

/**
 * ConnectWise calls each instance's client holds in flight in a process running `jobConcurrency` jobs at once:
 * the one asked for (`--connectwise-concurrency`), else as many as the jobs (at least 8, at most 64) — a cap
 * below the jobs' count would leave jobs waiting for a call slot, so `--concurrency 16` could only use 8.
 */
export function connectWiseConcurrencyFor(jobConcurrency: number, requested?: number): number {
  if (requested !== undefined) return Math.min(maxConnectWiseConcurrency, Math.max(1, requested));
  return Math.min(maxConnectWiseConcurrency, Math.max(minConnectWiseConcurrency, jobConcurrency));
}
