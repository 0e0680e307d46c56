import type { Run } from '../api/types';

const when = (iso: string) => new Date(iso).toLocaleString();

/** The run log as a table: what ran, when, how it ended and what it did. */
export function RunsTable({ runs, caption }: { runs: Run[]; caption: string }) {
  if (runs.length === 0) return <p>No runs yet.</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Instance</th>
            <th scope="col">Module</th>
            <th scope="col">Direction</th>
            <th scope="col">Trigger</th>
            <th scope="col">Started</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Linked</th>
            <th scope="col">Unchanged</th>
            <th scope="col">Failed</th>
            <th scope="col">Waiting</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-module={run.module} data-direction={run.direction} data-status={run.status}>
              <td>{run.id}</td>
              <td>{run.instanceId}</td>
              <td>{run.module}</td>
              <td>{run.direction}</td>
              <td>{run.trigger}</td>
              <td>{when(run.startedAt)}</td>
              <td>
                <span className={`badge ${run.status}`}>{run.status}</span>
                {run.status === 'running' && run.expected !== undefined && (
                  <span className="hint">
                    {' '}
                    {run.done ?? 0}/{run.expected}
                    {/* a record waiting for one that failed keeps its run open until that one is fixed */}
                    {(run.counts?.waiting ?? 0) > 0 && `, ${run.counts?.waiting} waiting on other records`}
                  </span>
                )}
              </td>
              <td>{run.counts?.created ?? '–'}</td>
              <td>{run.counts?.updated ?? '–'}</td>
              <td>{run.counts?.linked ?? '–'}</td>
              <td>{run.counts?.unchanged ?? '–'}</td>
              <td className={run.counts && run.counts.failed > 0 ? 'bad' : undefined}>
                {run.counts?.failed ?? '–'}
              </td>
              <td>{run.counts?.waiting ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
