import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { ReconcileRun } from './reconcile-types';

/** Starts a reconciliation of the instance and follows it every half second until it is finished or failed. */
export function useReconcileRun(instanceId: string) {
  const api = useApi();
  const [run, setRun] = useState<ReconcileRun>();
  const [error, setError] = useState<string>();
  const base = `/api/v1/instances/${encodeURIComponent(instanceId)}/reconcile`;

  useEffect(() => {
    setRun(undefined);
    setError(undefined);
  }, [instanceId]);

  const running = run?.status === 'running';
  const runId = run?.id;
  useEffect(() => {
    if (!running || runId === undefined) return;
    const timer = setInterval(() => {
      api.get<ReconcileRun>(`${base}/${runId}`).then(setRun, (failure: unknown) => {
        setError(describeError(failure));
        setRun(undefined);
      });
    }, 500);
    return () => clearInterval(timer);
  }, [api, base, running, runId]);

  const start = useCallback(
    (modules?: string[]) => {
      setError(undefined);
      api
        .send<ReconcileRun>('POST', base, modules ? { modules } : {})
        .then(setRun, (failure: unknown) => setError(describeError(failure)));
    },
    [api, base],
  );
  return { run, error, start, resolvePath: runId !== undefined ? `${base}/${runId}/resolve` : undefined };
}
