import { statSync } from 'node:fs';

export interface DatabaseFileWatch {
  stop(): void;
}

/**
 * Calls `onGone` once when the SQLite file at `path` is deleted or replaced by another file (its inode changes),
 * with an error saying so in words an operator can act on.
 * SQLite keeps writing to the open, unlinked file without an error, so a process that did not look would go on
 * answering and lose every write at its next start. Looked at on an interval (a `stat`), not per request.
 */
export function watchDatabaseFile(
  path: string,
  onGone: (error: Error) => void,
  intervalMs = 1_000,
): DatabaseFileWatch {
  const opened = statSync(path);
  const timer = setInterval(() => {
    let reason: string | undefined;
    try {
      const now = statSync(path);
      if (now.ino !== opened.ino || now.dev !== opened.dev) reason = `${path} was replaced by another file`;
    } catch (error) {
      reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${path} was deleted`
          : `${path} cannot be read: ${(error as Error).message}`;
    }
    if (reason === undefined) return;
    clearInterval(timer);
    onGone(
      new Error(
        `the SQLite database ${reason} while cwsync was running; stopping, so that nothing more is written to a ` +
          `file that is gone. Restore ${path} (or start again to begin with an empty one).`,
      ),
    );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
