import { randomUUID } from 'node:crypto';
import type { Reconciliation, ReconcileProgress } from './drift-types.js';
import { reconcileInstance, type ReconcileDependencies } from './reconcile-instance.js';

export interface ReconcileRun {
  id: string;
  instanceId: string;
  /** the modules asked for; absent: every module the connector pushes */
  modules?: string[];
  status: 'running' | 'finished' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** where the comparison is: the module in hand, and its linked records looked at of all */
  progress?: ReconcileProgress;
  /** once finished */
  result?: Reconciliation;
  /** once failed: why (ConnectWise unreachable, the instance switched off, …) */
  error?: string;
}

export interface ReconcileRuns {
  /** starts a reconciliation in the background and answers it at once, running */
  start(instanceId: string, modules?: string[]): ReconcileRun;
  get(id: string): ReconcileRun | undefined;
  /** the newest runs first */
  list(instanceId: string): ReconcileRun[];
}

/** How many reconciliations the process keeps, per instance (the newest). */
export const keptRunsPerInstance = 5;

/**
 * The reconciliations of this process, kept in memory: a reconciliation of a large instance takes minutes, so
 * the API starts one and answers at once, and the dashboard asks for its progress and result. What it finds is
 * a picture of a moment, worth taking again rather than keeping: a restart forgets them, and only the newest
 * few per instance are kept.
 */
export function createReconcileRuns(deps: ReconcileDependencies): ReconcileRuns {
  const runs = new Map<string, ReconcileRun>();
  const forgetOld = (instanceId: string) => {
    const ofInstance = [...runs.values()].filter((run) => run.instanceId === instanceId);
    for (const run of ofInstance.slice(0, Math.max(0, ofInstance.length - keptRunsPerInstance))) {
      runs.delete(run.id);
    }
  };
  return {
    start(instanceId, modules) {
      const run: ReconcileRun = {
        id: randomUUID(),
        instanceId,
        ...(modules ? { modules } : {}),
        status: 'running',
        startedAt: new Date().toISOString(),
      };
      runs.set(run.id, run);
      forgetOld(instanceId);
      void reconcileInstance(deps, {
        instanceId,
        ...(modules ? { modules } : {}),
        onProgress: (progress) => (run.progress = progress),
      }).then(
        (result) => Object.assign(run, { status: 'finished', result, finishedAt: new Date().toISOString() }),
        (error: unknown) =>
          Object.assign(run, {
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
            finishedAt: new Date().toISOString(),
          }),
      );
      return run;
    },
    get: (id) => runs.get(id),
    list: (instanceId) => [...runs.values()].filter((run) => run.instanceId === instanceId).reverse(),
  };
}
