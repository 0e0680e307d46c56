import { useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { CauseGroup, LookupOptions } from '../api/types';
import { useLoad } from '../api/use-load';
import { ConnectWisePicker } from '../instances/ConnectWisePicker';

interface CauseGroupCardProps {
  instanceId: string;
  group: CauseGroup;
  onResynced: () => void;
}

/**
 * One cause: what fails, how many records, which, and the fix in place — for a lookup value no row maps, a picker
 * of ConnectWise's values that maps it and re-syncs the whole group in one click.
 */
export function CauseGroupCard({ instanceId, group, onResynced }: CauseGroupCardProps) {
  const api = useApi();
  const [choice, setChoice] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const lookup = group.unmappedLookup;
  const instancePath = `/api/v1/instances/${encodeURIComponent(instanceId)}`;
  const options = useLoad(
    () =>
      lookup
        ? api.get<LookupOptions>(`${instancePath}/lookup-options/${encodeURIComponent(lookup.lookup)}`)
        : Promise.resolve(undefined),
    [instancePath, lookup?.lookup],
  );
  const pickerId = `group-fix-${group.key}`;
  const label = lookup ? `ConnectWise value for ${lookup.label} "${lookup.internalId}" in this group` : '';

  async function fix() {
    try {
      if (lookup) {
        await api.send(
          'PUT',
          `${instancePath}/lookups/${encodeURIComponent(lookup.lookup)}/${encodeURIComponent(lookup.internalId)}`,
          { integrationId: choice.trim() },
        );
      }
      const { queued } = await api.send<{ queued: number }>('POST', '/api/v1/report/groups/resync', {
        instanceId,
        key: group.key,
      });
      setStatus({
        ok: true,
        text: `${lookup ? 'Mapped; queued' : 'Queued'} ${queued} records for a re-sync.`,
      });
      onResynced();
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) });
    }
  }

  const shown = group.records.map((record) => record.recordId).join(', ');
  const more = group.count - group.records.length;
  return (
    <article
      className="card cause"
      aria-label={`${group.count} ${group.modules.join(', ')}: ${group.message}`}
      data-outcome={group.outcome}
    >
      <h3>
        <span className={`badge ${group.outcome}`}>{group.count}</span> {group.modules.join(', ')} (
        {group.direction}): {group.message}
      </h3>
      <p className="hint">
        Records: {shown}
        {more > 0 && ` and ${more} more`}
      </p>
      <p>
        <strong>Fix:</strong> {group.fix}
      </p>
      {group.outcome !== 'waiting' && (
        <div className="toolbar">
          {lookup && options.data && (
            <>
              <label htmlFor={pickerId} className="visually-hidden">
                {label}
              </label>
              {options.data.connectwiseValue === 'text' ? (
                <input id={pickerId} value={choice} onChange={(event) => setChoice(event.target.value)} />
              ) : (
                <ConnectWisePicker
                  id={pickerId}
                  value={choice}
                  options={options.data.items}
                  onChange={setChoice}
                  emptyLabel="— choose —"
                />
              )}
            </>
          )}
          <button
            type="button"
            disabled={lookup !== undefined && choice.trim() === ''}
            onClick={() => void fix()}
          >
            {lookup ? `Map and re-sync ${group.count} records` : `Re-sync ${group.count} records`}
          </button>
        </div>
      )}
      {options.error !== undefined && (
        <p role="alert" className="error">
          ConnectWise's values could not be read: {options.error}
        </p>
      )}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
          {status.text}
        </p>
      )}
    </article>
  );
}
