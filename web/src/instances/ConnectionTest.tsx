import { useInstanceAction } from '../api/use-instance-action';
import type { ConnectionTest as Result, Instance } from '../api/types';

/** "Test connection": each check ConnectWise answered, and what exactly is wrong when one fails. */
export function ConnectionTest({ instance }: { instance: Instance }) {
  const { result, error, busy, run: test } = useInstanceAction<Result>(instance.id, 'test-connection');

  return (
    <section className="card" aria-labelledby="connection-title">
      <h2 id="connection-title">Connection</h2>
      <button type="button" onClick={test} disabled={busy}>
        {busy ? 'Testing…' : 'Test connection'}
      </button>
      <div aria-live="polite">
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {result && (
          <div className="connection-result">
            <p className={result.ok ? 'ok' : 'error'}>
              <strong>{result.ok ? 'Connected.' : `Problem: ${result.problem ?? 'unknown'}.`}</strong>{' '}
              {result.message}
            </p>
            <ul>
              {result.checks.map((check) => (
                <li key={check.name}>
                  <span className={check.ok ? 'ok' : 'error'}>{check.ok ? '✓' : '✗'}</span> {check.name}:{' '}
                  {check.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
