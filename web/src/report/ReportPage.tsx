import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { ConnectorDefinition, Page, ReportEntry } from '../api/types';
import { useLoad } from '../api/use-load';
import { CauseGroups } from './CauseGroups';
import { RecordComparison } from './RecordComparison';
import { ReportFilters, type ReportFilter } from './ReportFilters';
import { entryKey, ReportTable } from './ReportTable';

const pageSize = 200;

/**
 * The connector report: by cause (each group with its fix), then every record — filtered, a page at a time — to
 * re-sync or unlink (one or many) and to compare a record's two sides.
 */
export function ReportPage({
  definition,
  instanceId,
}: {
  definition: ConnectorDefinition;
  instanceId: string | undefined;
}) {
  const api = useApi();
  const [filter, setFilter] = useState<ReportFilter>({ module: '', direction: '', text: '' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [compared, setCompared] = useState<ReportEntry>();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [refreshed, setRefreshed] = useState(0);
  const query = new URLSearchParams({ limit: String(pageSize) });
  if (instanceId !== undefined) query.set('instance', instanceId);
  for (const [key, value] of Object.entries(filter)) if (value.trim() !== '') query.set(key, value.trim());
  const report = useLoad(
    () => api.get<Page<ReportEntry>>(`/api/v1/report?${query.toString()}`),
    [query.toString(), refreshed],
  );
  // the pages after the first, read on request with the cursor of the page before
  const [later, setLater] = useState<{ items: ReportEntry[]; next: string | null }>();
  useEffect(() => setLater(undefined), [report.data]);
  // A record can be on both: the first page is read again (a refresh, a resync) while the later ones stay, and
  // records that got in step meanwhile move the rest up into it. Each record is shown once, where the first page has it.
  const entries = onePerRecord([...(report.data?.items ?? []), ...(later?.items ?? [])]);
  const next = later ? later.next : (report.data?.nextCursor ?? null);
  const [moreError, setMoreError] = useState<string>();
  async function showMore() {
    if (next === null) return;
    try {
      const page = await api.get<Page<ReportEntry>>(
        `/api/v1/report?${query.toString()}&after=${encodeURIComponent(next)}`,
      );
      setLater({ items: [...(later?.items ?? []), ...page.items], next: page.nextCursor ?? null });
      setMoreError(undefined);
    } catch (failure) {
      setMoreError(describeError(failure));
    }
  }
  const refresh = () => setRefreshed((value) => value + 1);
  const chosen = entries.filter((entry) => selected.has(entryKey(entry)));

  function select(keys: string[], on: boolean) {
    const next = new Set(selected);
    for (const key of keys) {
      if (on) next.add(key);
      else next.delete(key);
    }
    setSelected(next);
  }

  async function act(what: string, run: () => Promise<string>) {
    try {
      setStatus({ ok: true, text: await run() });
      setSelected(new Set());
      refresh();
    } catch (failure) {
      setStatus({ ok: false, text: `${what} failed: ${describeError(failure)}` });
    }
  }

  const resync = (items: ReportEntry[] | 'allFailed') =>
    act('Re-sync', async () => {
      const body =
        items === 'allFailed'
          ? { instanceId, allFailed: true }
          : {
              instanceId,
              items: items.map(({ module, recordId, direction }) => ({ module, recordId, direction })),
            };
      const { queued } = await api.send<{ queued: number }>('POST', '/api/v1/report/resync', body);
      return `Queued ${queued} records for a re-sync.`;
    });

  const unlink = () =>
    act('Unlink', async () => {
      const pushes = chosen.filter((entry) => entry.direction === 'push');
      for (const entry of pushes) {
        await api.send('POST', '/api/v1/report/unlink', {
          instanceId,
          module: entry.module,
          recordId: entry.recordId,
        });
      }
      return `Unlinked ${pushes.length} records.`;
    });

  // A company found by name whose identifier is another waits for a person: linking adopts it (its identifier
  // rewritten), one step per record.
  const reviews = chosen.filter((entry) => entry.outcome === 'review');
  const linkReviewed = () =>
    act('Link', async () => {
      for (const entry of reviews) {
        await api.send('POST', '/api/v1/report/link', {
          instanceId,
          module: entry.module,
          recordId: entry.recordId,
        });
      }
      return `Queued the link of ${reviews.length} records to the ConnectWise record found.`;
    });

  return (
    <section aria-labelledby="report-title">
      <div className="page-title">
        <h1 id="report-title">Connector report</h1>
        <button type="button" className="secondary" onClick={refresh}>
          Refresh
        </button>
      </div>
      {instanceId === undefined ? (
        <p>
          No instance yet: <a href="#/instances">add one</a>.
        </p>
      ) : (
        <>
          <CauseGroups instanceId={instanceId} refreshed={refreshed} onResynced={refresh} />
          <h2>Every record</h2>
          <ReportFilters definition={definition} filter={filter} onChange={setFilter} />
          <div className="toolbar" role="group" aria-label="Act on the records">
            <button type="button" disabled={chosen.length === 0} onClick={() => void resync(chosen)}>
              Re-sync selected ({chosen.length})
            </button>
            <button type="button" className="secondary" onClick={() => void resync('allFailed')}>
              Re-sync every failed record
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!chosen.some((entry) => entry.direction === 'push')}
              onClick={() => void unlink()}
            >
              Unlink selected
            </button>
            <button
              type="button"
              className="secondary"
              disabled={reviews.length === 0}
              onClick={() => void linkReviewed()}
            >
              Link reviewed matches ({reviews.length})
            </button>
          </div>
          {status && (
            <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
              {status.text}
            </p>
          )}
          {report.error !== undefined && (
            <p role="alert" className="error">
              {report.error}
            </p>
          )}
          {report.data && (
            <ReportTable entries={entries} selected={selected} onSelect={select} onCompare={setCompared} />
          )}
          {next !== null && (
            <button type="button" className="secondary" onClick={() => void showMore()}>
              Show {pageSize} more ({entries.length} shown)
            </button>
          )}
          {moreError !== undefined && (
            <p role="alert" className="error">
              {moreError}
            </p>
          )}
          {compared && (
            <RecordComparison instanceId={instanceId} module={compared.module} recordId={compared.recordId} />
          )}
        </>
      )}
    </section>
  );
}

function onePerRecord(items: ReportEntry[]): ReportEntry[] {
  const seen = new Set<string>();
  return items.filter((entry) => {
    const key = entryKey(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
