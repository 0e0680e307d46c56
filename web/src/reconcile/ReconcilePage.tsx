import { useState } from 'react';
import type { ConnectorDefinition } from '../api/types';
import { DriftGroups } from './DriftGroups';
import { DriftRecords } from './DriftRecords';
import { ResolveButtons } from './ResolveButtons';
import { useReconcileRun } from './use-reconcile-run';

/**
 * Reconciliation of the chosen instance: every linked record compared with ConnectWise's copy through the
 * mapping (nothing written), the drift by field and kind, and per group or record "push this side" (BSS →
 * ConnectWise) or "pull that side" (ConnectWise → BSS).
 */
export function ReconcilePage({
  definition,
  instanceId,
}: {
  definition: ConnectorDefinition;
  instanceId: string | undefined;
}) {
  if (instanceId === undefined) {
    return (
      <section aria-labelledby="reconcile-title">
        <h1 id="reconcile-title">Reconciliation</h1>
        <p>Add an instance first.</p>
      </section>
    );
  }
  return <Reconcile key={instanceId} definition={definition} instanceId={instanceId} />;
}

function Reconcile({ definition, instanceId }: { definition: ConnectorDefinition; instanceId: string }) {
  const { run, error, start, resolvePath } = useReconcileRun(instanceId);
  const [module, setModule] = useState('');
  const modules = definition.modules
    .filter((declared) => declared.push !== null)
    .map((declared) => declared.name);
  const result = run?.result;
  const progress = run?.progress;

  return (
    <section aria-labelledby="reconcile-title">
      <div className="page-title">
        <h1 id="reconcile-title">Reconciliation</h1>
      </div>
      <p className="hint">
        Compares every linked record of {instanceId} with ConnectWise&apos;s copy through the mapping; nothing
        is written until you push or pull.
      </p>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          start(module === '' ? undefined : [module]);
        }}
      >
        <div className="field">
          <label htmlFor="reconcile-module">Module</label>
          <select id="reconcile-module" value={module} onChange={(event) => setModule(event.target.value)}>
            <option value="">every module</option>
            {modules.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={run?.status === 'running'}>
          {run === undefined ? 'Reconcile' : 'Reconcile again'}
        </button>
      </form>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {run?.status === 'running' && (
        <p role="status">
          Comparing{' '}
          {progress ? `${progress.module}: ${progress.done} of ${progress.total} linked records` : '…'}{' '}
          <progress
            max={Math.max(progress?.total ?? 1, 1)}
            value={progress?.done ?? 0}
            aria-label="Reconciliation progress"
          />
        </p>
      )}
      {run?.status === 'failed' && (
        <p role="alert" className="error">
          The reconciliation failed: {run.error}
        </p>
      )}
      {result && resolvePath !== undefined && (
        <>
          <div className="table-scroll">
            <table>
              <caption>Linked records compared, per module</caption>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Linked</th>
                  <th scope="col">In step</th>
                  <th scope="col">Drifted</th>
                  <th scope="col">Not compared</th>
                  <th scope="col">The module's drift</th>
                </tr>
              </thead>
              <tbody>
                {result.modules.map((tally) => (
                  <tr key={tally.module}>
                    <th scope="row">{tally.module}</th>
                    <td>{tally.linked}</td>
                    <td>{tally.inStep}</td>
                    <td>{tally.drifted}</td>
                    <td>{tally.notCompared}</td>
                    <td>
                      {tally.drifted > 0 && (
                        <ResolveButtons
                          resolvePath={resolvePath}
                          target={{ group: tally.module }}
                          subject={`every drifted record of ${tally.module}`}
                          canPush={result.drift.some(
                            (record) => record.module === tally.module && record.canPush,
                          )}
                          canPull={result.drift.some(
                            (record) => record.module === tally.module && record.canPull,
                          )}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p role="status">
            {result.drift.length === 0
              ? 'Every linked record is in step.'
              : `${result.drift.length} record${result.drift.length === 1 ? ' drifts' : 's drift'}.`}{' '}
            ConnectWise requests: {result.connectwiseRequests}.
          </p>
          {result.drift.length > 0 && (
            <>
              <DriftGroups result={result} resolvePath={resolvePath} />
              <DriftRecords result={result} resolvePath={resolvePath} />
            </>
          )}
          {result.notCompared.length > 0 && (
            <section aria-labelledby="not-compared-title">
              <h2 id="not-compared-title">Not compared</h2>
              <ul>
                {result.notCompared.map((record) => (
                  <li key={`${record.module}-${record.recordId}`}>
                    {record.module} {record.recordId}: {record.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}
