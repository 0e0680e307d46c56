import { useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { Instance } from '../api/types';

/** Delete an instance, after saying what goes with it and asking once more. */
export function DeleteInstance({ instance, onDeleted }: { instance: Instance; onDeleted: () => void }) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();

  async function remove() {
    try {
      await api.send('DELETE', `/api/v1/instances/${encodeURIComponent(instance.id)}`);
      onDeleted();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  if (!confirming) {
    return (
      <button
        type="button"
        className="secondary danger"
        onClick={() => setConfirming(true)}
        aria-label={`Delete ${instance.name}`}
      >
        Delete
      </button>
    );
  }
  return (
    <div role="alertdialog" aria-label={`Delete ${instance.name}?`} className="confirm">
      <p>
        Delete {instance.name}? Its lookups and its links (the records' integrationIds for it) go with it; the
        records stay in the BSS and in ConnectWise.
      </p>
      <button type="button" className="danger" onClick={remove}>
        Yes, delete {instance.name}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Keep it
      </button>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
