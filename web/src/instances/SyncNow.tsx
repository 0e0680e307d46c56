import { useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { Instance } from '../api/types';

/** Starts a sync of every module, both directions; the runs page follows it. */
export function SyncNow({ instance }: { instance: Instance }) {
  const api = useApi();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();

  async function start() {
    setError(undefined);
    setMessage(undefined);
    try {
      const { runIds } = await api.send<{ runIds: string[] }>(
        'POST',
        `/api/v1/instances/${encodeURIComponent(instance.id)}/sync`,
        {},
      );
      setMessage(`Started ${runIds.length} runs (${runIds.join(', ')}).`);
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <section className="card" aria-labelledby="sync-title">
      <h2 id="sync-title">Sync</h2>
      <button type="button" onClick={start}>
        Sync now
      </button>
      {message !== undefined && (
        <p role="status" className="ok">
          {message} <a href="#/runs">Follow the runs</a>.
        </p>
      )}
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
