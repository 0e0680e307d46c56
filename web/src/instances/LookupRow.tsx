import { useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { LookupOption } from '../api/types';
import { ConnectWisePicker } from './ConnectWisePicker';

interface LookupRowProps {
  instanceId: string;
  lookup: { name: string; label: string };
  internalId: string;
  internalName: string;
  mapped: string | undefined;
  options: LookupOption[];
  /** ConnectWise keeps the value as text and lists none: it is typed, the options are suggestions */
  typed?: boolean;
  maxLength?: number | undefined;
  onSaved: () => void;
}

/**
 * One BSS value of a lookup and the ConnectWise value it maps to: picked from what ConnectWise has, or typed when
 * ConnectWise keeps the value as text.
 */
export function LookupRow({
  instanceId,
  lookup,
  internalId,
  internalName,
  mapped,
  options,
  typed = false,
  maxLength,
  onSaved,
}: LookupRowProps) {
  const api = useApi();
  const [choice, setChoice] = useState(mapped ?? '');
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const id = `lookup-${lookup.name}-${internalId}`;

  async function save() {
    try {
      await api.send(
        'PUT',
        `/api/v1/instances/${encodeURIComponent(instanceId)}/lookups/${encodeURIComponent(lookup.name)}/${encodeURIComponent(internalId)}`,
        { integrationId: choice.trim(), internalName },
      );
      setStatus({ ok: true, text: 'Saved' });
      onSaved();
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) });
    }
  }

  async function remove() {
    try {
      await api.send(
        'DELETE',
        `/api/v1/instances/${encodeURIComponent(instanceId)}/lookups/${encodeURIComponent(lookup.name)}/${encodeURIComponent(internalId)}`,
      );
      setChoice('');
      setStatus({ ok: true, text: 'Removed' });
      onSaved();
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) });
    }
  }

  return (
    <tr className={mapped === undefined ? 'unmapped' : undefined}>
      <th scope="row">
        {internalName} <span className="hint">({internalId})</span>
        {mapped === undefined && <span className="badge failed">not mapped</span>}
      </th>
      <td>
        <label htmlFor={id} className="visually-hidden">
          ConnectWise value for {lookup.label} {internalId}
        </label>
        {typed ? (
          <>
            <input
              id={id}
              type="text"
              value={choice}
              maxLength={maxLength}
              list={options.length > 0 ? `${id}-suggestions` : undefined}
              placeholder="type the ConnectWise value"
              onChange={(event) => setChoice(event.target.value)}
            />
            {options.length > 0 && (
              <datalist id={`${id}-suggestions`}>
                {options.map((option) => (
                  <option key={option.integrationId} value={option.integrationId} />
                ))}
              </datalist>
            )}
          </>
        ) : (
          <ConnectWisePicker
            id={id}
            value={choice}
            options={options}
            onChange={setChoice}
            emptyLabel="— choose —"
          />
        )}
      </td>
      <td className="actions">
        <button
          type="button"
          onClick={save}
          disabled={choice.trim() === '' || choice === mapped}
          aria-label={`Save ${lookup.label} ${internalId}`}
        >
          Save
        </button>
        {mapped !== undefined && (
          <button
            type="button"
            className="secondary"
            onClick={remove}
            aria-label={`Remove ${lookup.label} ${internalId}`}
          >
            Remove
          </button>
        )}
        {status && (
          <span role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
            {' '}
            {status.text}
          </span>
        )}
      </td>
    </tr>
  );
}
