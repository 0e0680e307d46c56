import type { ReportEntry } from '../api/types';

export const entryKey = (entry: ReportEntry) =>
  `${entry.instanceId}|${entry.module}|${entry.direction}|${entry.recordId}`;

interface ReportTableProps {
  entries: ReportEntry[];
  selected: Set<string>;
  onSelect: (keys: string[], on: boolean) => void;
  onCompare: (entry: ReportEntry) => void;
}

/** The records not in step, with a checkbox each for re-sync and unlink. */
export function ReportTable({ entries, selected, onSelect, onCompare }: ReportTableProps) {
  if (entries.length === 0)
    return <p role="status">Nothing to report: every record matching the filter is in step.</p>;
  const all = entries.map(entryKey);
  const allOn = all.every((key) => selected.has(key));
  return (
    <div className="table-scroll">
      <table className="report">
        <caption className="visually-hidden">Records not in step</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select every record shown"
                checked={allOn}
                onChange={(event) => onSelect(all, event.target.checked)}
              />
            </th>
            <th scope="col">Record</th>
            <th scope="col">Module</th>
            <th scope="col">Direction</th>
            <th scope="col">Outcome</th>
            <th scope="col">Why</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const key = entryKey(entry);
            return (
              <tr key={key} data-record={entry.recordId}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${entry.module} ${entry.recordId} (${entry.direction})`}
                    checked={selected.has(key)}
                    onChange={(event) => onSelect([key], event.target.checked)}
                  />
                </td>
                <th scope="row">{entry.recordId}</th>
                <td>{entry.module}</td>
                <td>{entry.direction}</td>
                <td>
                  <span className={`badge ${entry.outcome}`}>{entry.outcome}</span>
                </td>
                <td className="wrap">
                  {entry.field !== undefined && <code>{entry.field}</code>} {entry.message}
                </td>
                <td>{entry.attempts}</td>
                <td>{new Date(entry.lastFailedAt).toLocaleString()}</td>
                <td>
                  <a
                    href={`#/history/${entry.module}/${encodeURIComponent(entry.recordId)}`}
                    aria-label={`History of ${entry.module} ${entry.recordId}`}
                  >
                    History
                  </a>{' '}
                  {entry.direction === 'push' && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => onCompare(entry)}
                      aria-label={`Compare ${entry.module} ${entry.recordId}`}
                    >
                      Compare
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
