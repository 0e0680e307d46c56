import type { Job, JobContext } from '../../src/jobs/index.js';
import type { ReportRepository } from '../../src/report/index.js';
import {
  createPollJobHandler,
  pollCursorName,
  type PollCheckpoint,
  type PollJobOptions,
  type SyncState,
} from '../../src/sync/index.js';
import type { SyncWorld } from './sync-world.js';

/**
 * A module's poll run by hand in a sync world (`world()` is read at each call, so a suite can start its world in
 * `beforeAll`): `poll` runs one poll now, with the service's dependencies and the given changes to them (and to the job's
 * context: a `transaction` to take records in groups);
 * `checkpointOf` reads the checkpoint it left.
 */
export function pollInWorld(world: () => SyncWorld) {
  const pollJob = (module: string, payload?: { runId: string }): Job => ({
    key: `poll ${module}`,
    kind: 'poll',
    instanceId: world().instanceId,
    module,
    recordId: '-',
    payload,
    attempt: 1,
    maxAttempts: 5,
  });
  const poll = async (
    module: string,
    changes: Partial<PollJobOptions> & { state?: SyncState; reports?: ReportRepository } = {},
    payload?: { runId: string },
    context: Partial<JobContext> = {},
  ) => {
    const { sync, queue, database } = world();
    const handler = createPollJobHandler({
      runtimes: sync.runtimes,
      queue,
      reports: sync.reports,
      state: sync.state,
      db: database.db,
      ...changes,
    });
    await handler(pollJob(module, payload), { signal: new AbortController().signal, ...context });
  };
  const checkpointOf = async (module: string): Promise<PollCheckpoint | undefined> => {
    const value = await world().sync.state.getCursor(world().instanceId, pollCursorName(module));
    return value === undefined ? undefined : (JSON.parse(value) as PollCheckpoint);
  };
  return { poll, checkpointOf };
}
