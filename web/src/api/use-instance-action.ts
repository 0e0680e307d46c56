import { useState } from 'react';
import { useApi } from './api-context';
import { describeError } from './client';

/**
 * A button's POST to one of an instance's routes (`test-connection`, `check`): its answer, or the error to show,
 * and whether it is under way.
 */
export function useInstanceAction<T>(instanceId: string, route: string) {
  const api = useApi();
  const [result, setResult] = useState<T>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await api.send<T>('POST', `/api/v1/instances/${encodeURIComponent(instanceId)}/${route}`, {}),
      );
    } catch (failure) {
      setResult(undefined);
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return { result, error, busy, run };
}
