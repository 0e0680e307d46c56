export interface LimiterSnapshot {
  limit: number;
  inFlight: number;
  queued: number;
  pausedForMs: number;
}

type Release = () => void;

/**
 * Bounds the requests one client has in flight and slows down when ConnectWise rate-limits it (AIMD):
 * a 429 halves the allowed concurrency and pauses every request until its Retry-After has passed; each run of
 * successes as long as the current limit grows it back by one. Many 429s from requests that were already in
 * flight together count as one signal, so a storm of 429s never collapses the limit to nothing or turns into
 * a storm of retries.
 */
export class AdaptiveConcurrencyLimiter {
  private limit: number;
  private inFlight = 0;
  private successesSinceGrowth = 0;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private readonly waiting: Array<() => void> = [];
  private readonly waitingRetries: Array<() => void> = [];
  /** bumped on every slow-down; a 429 for a request started in an older epoch was already accounted for */
  private epochValue = 0;

  constructor(
    private readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = maxConcurrency;
  }

  get epoch(): number {
    return this.epochValue;
  }

  /** Waits for a slot; retries of rate-limited requests go first so none of them starves. */
  acquire(isRetry = false, signal?: AbortSignal): Promise<Release> {
    return this.acquireAndStart(isRetry, signal, (release) => release);
  }

  /**
   * Waits for a slot and runs `start` with it at the moment it is granted, before anything else runs: a request
   * started there goes out at once instead of after the work already queued on the event loop (a freed slot is
   * granted inside the release of another request's answer, among its caller's continuations). `start` throwing
   * frees the slot.
   */
  acquireAndStart<T>(
    isRetry: boolean,
    signal: AbortSignal | undefined,
    start: (release: Release) => T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const queue = isRetry ? this.waitingRetries : this.waiting;
      const onAbort = (): void => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason);
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.inFlight += 1;
        const release = this.releaseOnce();
        try {
          resolve(start(release));
        } catch (error) {
          release();
          reject(error);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(grant);
      this.drain();
    });
  }

  recordSuccess(): void {
    if (this.limit >= this.maxConcurrency) return;
    this.successesSinceGrowth += 1;
    if (this.successesSinceGrowth >= this.limit) {
      this.limit += 1;
      this.successesSinceGrowth = 0;
      this.drain();
    }
  }

  /** Pauses everyone for `waitMs`; true when this 429 also halved the concurrency (the first of its burst). */
  recordRateLimited(waitMs: number, requestEpoch: number): boolean {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + waitMs);
    const slowsDown = requestEpoch === this.epochValue;
    if (slowsDown) {
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.successesSinceGrowth = 0;
      this.epochValue += 1;
    }
    this.drain();
    return slowsDown;
  }

  snapshot(): LimiterSnapshot {
    return {
      limit: this.limit,
      inFlight: this.inFlight,
      queued: this.waiting.length + this.waitingRetries.length,
      pausedForMs: Math.max(0, this.pausedUntil - this.now()),
    };
  }

  private releaseOnce(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.drain();
    };
  }

  private drain(): void {
    const pauseLeft = this.pausedUntil - this.now();
    if (pauseLeft > 0) {
      this.scheduleResume(pauseLeft);
      return;
    }
    while (this.inFlight < this.limit) {
      const next = this.waitingRetries.shift() ?? this.waiting.shift();
      if (!next) return;
      next();
    }
  }

  private scheduleResume(delayMs: number): void {
    if (this.resumeTimer) return;
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.drain();
    }, delayMs);
  }
}
