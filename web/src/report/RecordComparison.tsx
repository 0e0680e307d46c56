import { useApi } from '../api/api-context';
import type { Comparison } from '../api/types';
import { useLoad } from '../api/use-load';
import { JsonBlock } from './JsonBlock';

const short = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

/** How a push would read now: linked or not, in step or how many fields differ, or why it would not go. */
function summary(comparison: Comparison): { inStep: boolean; text: string } {
  const { connectwiseId, differences, preview } = comparison;
  if (preview.outcome === 'failed')
    return { inStep: false, text: `A push would fail: ${preview.message ?? ''}` };
  if (connectwiseId === null)
    return { inStep: false, text: `Not linked yet; a push would be ${preview.outcome}.` };
  if (differences === 0)
    return { inStep: true, text: `In step: linked to ConnectWise #${connectwiseId}, no field differs.` };
  return { inStep: false, text: `Linked to ConnectWise #${connectwiseId}; ${differences} fields differ.` };
}

/** A record's BSS side, ConnectWise side, field-level difference and the push a sync would make. */
export function RecordComparison({
  instanceId,
  module,
  recordId,
  showSides = true,
}: {
  instanceId: string;
  module: string;
  recordId: string;
  showSides?: boolean;
}) {
  const api = useApi();
  const comparison = useLoad(
    () =>
      api.get<Comparison>(
        `/api/v1/records/${encodeURIComponent(module)}/${encodeURIComponent(recordId)}/comparison?instance=${encodeURIComponent(instanceId)}`,
      ),
    [instanceId, module, recordId],
  );
  const data = comparison.data;
  const state = data ? summary(data) : undefined;

  return (
    <section className="card comparison" aria-labelledby="comparison-title" aria-busy={comparison.loading}>
      <div className="page-title">
        <h2 id="comparison-title">
          {module} {recordId}
        </h2>
        <button type="button" className="secondary" onClick={comparison.reload}>
          Read again
        </button>
      </div>
      {comparison.error !== undefined && (
        <p role="alert" className="error">
          {comparison.error}
        </p>
      )}
      {data && state && (
        <>
          <p role="status" className={state.inStep ? 'ok' : 'error'} data-testid="comparison-state">
            {state.text}
          </p>
          <div className="table-scroll">
            <table>
              <caption>Field by field</caption>
              <thead>
                <tr>
                  <th scope="col">ConnectWise field</th>
                  <th scope="col">BSS source</th>
                  <th scope="col">Mapped BSS value</th>
                  <th scope="col">ConnectWise now</th>
                  <th scope="col">Last pushed</th>
                  <th scope="col">Same</th>
                </tr>
              </thead>
              <tbody>
                {data.fields.map((field) => (
                  <tr key={field.field} className={field.same ? undefined : 'differs'}>
                    <th scope="row">
                      {field.field}
                      {field.createOnly && <span className="hint"> (on create only)</span>}
                    </th>
                    <td>{field.source}</td>
                    <td className="wrap">{short(field.mapped)}</td>
                    <td className="wrap">{short(field.connectwise)}</td>
                    <td className="wrap">{short(field.lastPushed)}</td>
                    <td>{field.same ? 'yes' : <strong className="bad">differs</strong>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>What a push would do now: {data.preview.outcome}</h3>
          {data.preview.message !== undefined && <p>{data.preview.message}</p>}
          {data.preview.writes.length === 0 ? (
            <p className="hint">No write to ConnectWise.</p>
          ) : (
            <JsonBlock value={data.preview.writes} label="The calls a push would make" />
          )}
          {showSides && (
            <div className="sides">
              <div>
                <h3>BSS record</h3>
                <JsonBlock value={data.bss} label="The BSS record" />
              </div>
              <div>
                <h3>ConnectWise record</h3>
                <JsonBlock value={data.connectwise} label="The ConnectWise record" />
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
