import { useEffect } from 'react';
import { useApi } from '../api/api-context';
import { parsePrometheus } from '../api/prometheus';
import type { ConnectorDefinition, Instance, Page, Run } from '../api/types';
import { useLoad } from '../api/use-load';
import { RunsTable } from '../runs/RunsTable';
import { ModuleStatus } from './ModuleStatus';
import { RunsChart } from './RunsChart';

/** Where every instance stands, what ran lately, and how hard ConnectWise is being called. Refreshes itself. */
export function OverviewPage({
  definition,
  instances,
}: {
  definition: ConnectorDefinition;
  instances: Instance[];
}) {
  const api = useApi();
  // /metrics takes the same bearer token as the API
  const metrics = useLoad(() => api.getText('/metrics'), []);
  const runs = useLoad(() => api.get<Page<Run>>('/api/v1/runs?limit=200'), []);
  const { reload: reloadMetrics } = metrics;
  const { reload: reloadRuns } = runs;
  useEffect(() => {
    const timer = setInterval(() => {
      reloadMetrics();
      reloadRuns();
    }, 5000);
    return () => clearInterval(timer);
  }, [reloadMetrics, reloadRuns]);
  const samples = parsePrometheus(metrics.data ?? '');

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      {(metrics.error ?? runs.error) !== undefined && (
        <p role="alert" className="error">
          {metrics.error ?? runs.error}
        </p>
      )}
      {instances.length === 0 && (
        <p>
          No connector instance yet: <a href="#/instances">add one</a>.
        </p>
      )}
      <div className="cards">
        {instances.map((instance) => (
          <ModuleStatus key={instance.id} instance={instance} definition={definition} samples={samples} />
        ))}
      </div>
      {runs.data && (
        <>
          <h2>Syncs and failures over time</h2>
          <RunsChart runs={runs.data.items} />
          <h2>Recent runs</h2>
          <RunsTable runs={runs.data.items.slice(0, 10)} caption="The ten latest runs" />
        </>
      )}
    </section>
  );
}
