import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database as BetterSqliteDatabase } from 'better-sqlite3';

/** How often the background connection copies the WAL's new pages into the database file. */
export const backgroundCheckpointEveryMs = 100;

/**
 * The WAL size (pages) at which the process's own connection still checkpoints: a backstop should the background
 * one fall behind or stop, and the moment the WAL starts again from its beginning (it only does after a checkpoint
 * of everything in it, which a checkpoint running beside the writes never quite reaches).
 */
export const foregroundCheckpointPages = 10_000;

// A worker of its own (CommonJS, evaluated: the same under tsx and in the build) with its own connection.
const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy or gone: the next tick tries again, and the writer's own checkpoint is the backstop
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoint {
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop: a worker thread's connection checkpoints (PASSIVE: it never
 * blocks a writer) every `backgroundCheckpointEveryMs`, and `sqlite`'s own automatic checkpoint is raised to
 * `foregroundCheckpointPages`. A checkpoint copies the WAL's pages into the database file and syncs both files
 * (`synchronous = NORMAL`): ~5 ms, mostly waiting on the disk, every ~1 000 pages — during a push ~20 pages per
 * record, so the event loop stood still ~0.14 ms per record (docs/benchmarks.md, branch sqlite-serve). Durability
 * is unchanged: a commit is durable once in the WAL, and a checkpoint cut short by a crash is redone on the next
 * open.
 */
export function checkpointInBackground(sqlite: BetterSqliteDatabase, file: string): BackgroundCheckpoint {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { driver, file, everyMs: backgroundCheckpointEveryMs },
  });
  // A worker that cannot open the file (or dies) leaves the writer's own checkpoint at work: nothing is lost.
  worker.on('error', () => undefined);
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${foregroundCheckpointPages}`);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      const stopping = setTimeout(() => void worker.terminate(), 1_000);
      await exited;
      clearTimeout(stopping);
    },
  };
}
