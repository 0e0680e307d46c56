/**
 * Notes when the last log line was written, so that a message meant for a person (the welcome of `serve`) can
 * wait until the start-up lines have settled instead of being scrolled away by them. Pass `hooks` to the logger.
 */
export interface LogActivity {
  hooks: { streamWrite(line: string): string };
  /** Resolves once no line was written for `quietMs`, or after `maxMs` at the latest. */
  settled(options?: { quietMs?: number; maxMs?: number }): Promise<void>;
}

export function trackLogActivity(now: () => number = Date.now): LogActivity {
  let lastLineAt = now();
  return {
    hooks: {
      streamWrite(line) {
        lastLineAt = now();
        return line;
      },
    },
    async settled({ quietMs = 1500, maxMs = 20_000 } = {}) {
      const deadline = now() + maxMs;
      for (;;) {
        const quietFor = now() - lastLineAt;
        if (quietFor >= quietMs || now() >= deadline) return;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(quietMs - quietFor, Math.max(deadline - now(), 1))),
        );
      }
    },
  };
}
