import { useInstanceAction } from '../api/use-instance-action';
import type { Instance, InstanceCheck } from '../api/types';

const marks = { ok: '✓', fail: '✗', skipped: '–' } as const;

/** "Check tenant": the read-only readiness checklist, a status and a fix per line (before switching it on). */
export function TenantCheck({ instance }: { instance: Instance }) {
  const { result, error, busy, run: check } = useInstanceAction<InstanceCheck>(instance.id, 'check');

  const failures = result?.lines.filter((line) => line.status === 'fail').length ?? 0;
  return (
    <section className="card" aria-labelledby="tenant-check-title">
      <h2 id="tenant-check-title">Tenant check</h2>
      <p>
        Reads ConnectWise only: rights, server variables, lookups, country and currency codes, required custom
        fields.
      </p>
      <button type="button" onClick={check} disabled={busy}>
        {busy ? 'Checking…' : 'Check tenant'}
      </button>
      <div aria-live="polite">
        {error !== undefined && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {result && (
          <div className="tenant-check-result">
            <p className={result.ok ? 'ok' : 'error'}>
              <strong>
                {result.ok ? 'Ready for cwsync.' : `${failures} line${failures === 1 ? '' : 's'} to fix.`}
              </strong>
            </p>
            <ul>
              {result.lines.map((line) => (
                <li key={line.name} data-status={line.status}>
                  <span className={line.status === 'fail' ? 'error' : 'ok'}>{marks[line.status]}</span>{' '}
                  {line.name}: {line.message}
                  {line.fix !== undefined && (
                    <>
                      <br />
                      <small>Fix: {line.fix}</small>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
