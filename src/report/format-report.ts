import type { CauseGroup } from './group-by-cause.js';
import type { ReportEntry, SyncRun } from './report-types.js';

/** The message with ConnectWise's field errors after it: `message [field: error; …]`. */
export function describeEntryMessage(entry: ReportEntry): string {
  const errors = (entry.connectwise?.errors ?? []).map((error) =>
    [error.field, error.message ?? error.code].filter((part) => part !== undefined).join(': '),
  );
  const field =
    entry.field !== undefined && !errors.some((error) => error.startsWith(`${entry.field}:`))
      ? `${entry.field}: `
      : '';
  const status = entry.connectwise ? ` (ConnectWise ${entry.connectwise.status})` : '';
  return `${field}${entry.message}${status}${errors.length > 0 ? ` [${errors.join('; ')}]` : ''}`;
}

/** A plain text table: a header, then one line per row, columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatReportTable(entries: ReportEntry[]): string {
  return formatTable(
    [
      'INSTANCE',
      'MODULE',
      'BSS ID',
      'DIRECTION',
      'ACTION',
      'OUTCOME',
      'ATTEMPTS',
      'FIRST FAILURE',
      'LAST FAILURE',
      'MESSAGE',
    ],
    entries.map((entry) => [
      entry.instanceId,
      entry.module,
      entry.recordId,
      entry.direction,
      entry.action,
      entry.outcome,
      String(entry.attempts),
      entry.firstFailedAt,
      entry.lastFailedAt,
      describeEntryMessage(entry),
    ]),
  );
}

export function formatRunsTable(runs: SyncRun[]): string {
  return formatTable(
    ['ID', 'INSTANCE', 'MODULE', 'DIRECTION', 'TRIGGER', 'STATUS', 'STARTED', 'FINISHED', 'COUNTS'],
    runs.map((run) => [
      run.id,
      run.instanceId,
      run.module,
      run.direction,
      run.trigger,
      run.status,
      run.startedAt,
      run.finishedAt ?? '-',
      run.counts
        ? Object.entries(run.counts)
            .filter(([, count]) => count > 0)
            .map(([name, count]) => `${name} ${count}`)
            .join(', ') || 'none'
        : '-',
    ]),
  );
}

/** One block per cause: the count and what fails, the fix, then the records (the first ten). */
export function formatCauseGroups(groups: CauseGroup[]): string {
  return groups
    .map((group) => {
      const ids = group.records.slice(0, 10).map((record) => record.recordId);
      const more = group.count > ids.length ? ` and ${group.count - ids.length} more` : '';
      return [
        `${group.count} ${group.modules.join('/')} ${group.outcome} (${group.direction}): ${group.message}`,
        `  fix: ${group.fix}`,
        `  records: ${ids.join(', ')}${more}`,
      ].join('\n');
    })
    .join('\n\n');
}
