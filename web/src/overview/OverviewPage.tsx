import { useEffect } from 'react';
import { useApi } from '../api/api-context';
import { parsePrometheus } from '../api/prometheus';
import type { ActivityMinute, ConnectorDefinition, Instance, Page, Run } from '../api/types';
import { useLoad } from '../api/use-load';
import { RunsTable } from '../runs/RunsTable';
import { ModuleStatus } from './ModuleStatus';
import { ActivityChart } from './ActivityChart';

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
  const runs = useLoad(() => api.get<Page<Run>>('/api/v1/runs?limit=10'), []);
  const activity = useLoad(() => api.get<Page<ActivityMinute>>('/api/v1/activity?minutes=30'), []);
  const { reload: reloadMetrics } = metrics;
  const { reload: reloadRuns } = runs;
  const { reload: reloadActivity } = activity;
  useEffect(() => {
    const timer = setInterval(() => {
      reloadMetrics();
      reloadRuns();
      reloadActivity();
    }, 5000);
    return () => clearInterval(timer);
  }, [reloadMetrics, reloadRuns, reloadActivity]);
  const samples = parsePrometheus(metrics.data ?? '');

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      {(metrics.error ?? runs.error ?? activity.error) !== undefined && (
        <p role="alert" className="error">
          {metrics.error ?? runs.error ?? activity.error}
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
      {activity.data && (
        <>
          <h2>The last 30 minutes</h2>
          <ActivityChart minutes={activity.data.items} />
        </>
      )}
      {runs.data && (
        <>
          <h2>Recent runs</h2>
          <RunsTable runs={runs.data.items.slice(0, 10)} caption="The ten latest runs" />
        </>
      )}
    </section>
  );
}
