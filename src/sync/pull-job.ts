import { type ConnectWiseRecord, type PullOutcome, pullRecord, toSyncFailure } from '../engine/index.js';
import type { JobHandler } from '../jobs/index.js';
import type { InstanceRuntime } from './instance-runtime.js';
import { payloadOf, pullJobKind } from './job-kinds.js';
import { RetryableSyncError, runtimeOrSkip, wakeUp, type SyncJobDependencies } from './push-job.js';
import type { WaitingRecord } from './sync-state.js';

/**
 * Takes one ConnectWise record into the BSS and keeps the pull's dependencies moving: a contact whose company
 * is not in the BSS yet queues the company and is woken when it is there. Shared by the pull jobs (callbacks,
 * resyncs) and the poller, which hands over the records it has already read.
 */
export async function pullAndFile(
  deps: SyncJobDependencies,
  runtime: InstanceRuntime,
  module: string,
  record: ConnectWiseRecord,
  runId: string | undefined,
): Promise<PullOutcome> {
  const instanceId = runtime.instance.id;
  const self: WaitingRecord = { module, recordId: String(record.id) };
  const follow = runId ? { payload: { runId } } : {};
  const outcome = await pullRecord(runtime.pull, module, record);
  await deps.reports.recordOutcome(instanceId, module, self.recordId, 'pull', outcome, {
    action: outcome.outcome === 'created' ? 'create' : outcome.outcome === 'linked' ? 'link' : 'update',
  });
  if (runId) await deps.state.noteRunOutcome(runId, module, self.recordId, outcome.outcome);
  switch (outcome.outcome) {
    case 'waiting': {
      const dependencies = outcome.dependencies.map((dependency) => ({
        module: dependency.module,
        recordId: String(dependency.connectwiseId),
      }));
      await deps.state.addWaits(instanceId, 'pull', { ...self, ...(runId ? { runId } : {}) }, dependencies);
      for (const dependency of dependencies) {
        await deps.queue.enqueue({ kind: pullJobKind, instanceId, ...dependency }, { ifWaiting: 'merge' });
      }
      for (const dependency of outcome.dependencies) {
        if (
          await runtime.links.findByConnectwiseId(instanceId, dependency.module, dependency.connectwiseId)
        ) {
          await deps.state.clearWaits(instanceId, 'pull', self);
          await deps.queue.enqueue({ kind: pullJobKind, instanceId, ...self, ...follow });
          break;
        }
      }
      break;
    }
    case 'created':
    case 'linked':
    case 'updated':
    case 'unchanged':
      await deps.state.clearWaits(instanceId, 'pull', self);
      await deps.state.wakeWaiters(instanceId, 'pull', self, (waiter) =>
        deps.queue.enqueue(wakeUp(pullJobKind, instanceId, waiter), { ifWaiting: 'merge' }),
      );
      break;
    default:
      break;
  }
  return outcome;
}

/** The handler of pull jobs: reads the record's current state (so a late or repeated callback is harmless), pulls it. */
export function createPullJobHandler(deps: SyncJobDependencies): JobHandler {
  return async (job) => {
    const runtime = await runtimeOrSkip(deps, job);
    if (!runtime) return;
    const module = runtime.connector.modules.get(job.module);
    if (!module?.pull) return;
    const connectwiseId = Number(job.recordId);
    if (!Number.isSafeInteger(connectwiseId) || connectwiseId <= 0) return;
    let record: ConnectWiseRecord | undefined;
    try {
      record = await runtime.gateway.find(module.definition.connectwise.resource, connectwiseId);
    } catch (error) {
      const failure = toSyncFailure(error);
      if (failure.retryable) throw error;
      await deps.reports.recordOutcome(job.instanceId, job.module, job.recordId, 'pull', {
        outcome: 'failed',
        failure,
      });
      return;
    }
    // Deleted since the callback was sent: deletes are not pulled.
    if (!record) return;
    const outcome = await pullAndFile(deps, runtime, job.module, record, payloadOf(job.payload).runId);
    if (outcome.outcome === 'failed' && outcome.failure.retryable) {
      throw new RetryableSyncError(outcome.failure.message);
    }
  };
}
