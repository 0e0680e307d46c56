import { useEffect } from 'react';
import { useApi } from '../api/api-context';
import type { Page, Run } from '../api/types';
import { useLoad } from '../api/use-load';
import { RunsTable } from './RunsTable';

/** The run log of the chosen instance, refreshed every few seconds while a run is running. */
export function RunsPage({ instanceId }: { instanceId: string | undefined }) {
  const api = useApi();
  const query =
    instanceId !== undefined ? `?instance=${encodeURIComponent(instanceId)}&limit=100` : '?limit=100';
  const runs = useLoad(() => api.get<Page<Run>>(`/api/v1/runs${query}`), [query]);
  const running = runs.data?.items.some((run) => run.status === 'running') ?? false;
  const { reload } = runs;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [running, reload]);

  return (
    <section aria-labelledby="runs-title">
      <div className="page-title">
        <h1 id="runs-title">Runs</h1>
        <button type="button" className="secondary" onClick={reload}>
          Refresh
        </button>
      </div>
      {runs.error !== undefined && (
        <p role="alert" className="error">
          {runs.error}
        </p>
      )}
      {runs.data && (
        <RunsTable
          runs={runs.data.items}
          caption={`Runs of ${instanceId ?? 'every instance'}, newest first`}
        />
      )}
    </section>
  );
}
