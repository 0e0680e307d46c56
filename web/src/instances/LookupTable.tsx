import { useApi } from '../api/api-context';
import type { LookupMapping, LookupOptions, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { LookupRow } from './LookupRow';

interface BssValue {
  id: string;
  name?: string;
  code?: string;
}

const json = encodeURIComponent;

/** One synchronization lookup: every BSS value of its entity, with the ConnectWise value it maps to. */
export function LookupTable({
  instanceId,
  lookup,
}: {
  instanceId: string;
  lookup: { name: string; label: string; description: string; bssEntity: string };
}) {
  const api = useApi();
  const values = useLoad(
    () => api.get<Page<BssValue>>(`/api/v1/${lookup.bssEntity}?limit=500`),
    [lookup.bssEntity],
  );
  const mappings = useLoad(
    () =>
      api.get<Page<LookupMapping>>(
        `/api/v1/instances/${json(instanceId)}/lookups?lookup=${json(lookup.name)}`,
      ),
    [instanceId, lookup.name],
  );
  const options = useLoad(
    () => api.get<LookupOptions>(`/api/v1/instances/${json(instanceId)}/lookup-options/${json(lookup.name)}`),
    [instanceId, lookup.name],
  );
  const mapped = new Map(mappings.data?.items.map((row) => [row.internalId, row.integrationId]));
  const error = values.error ?? mappings.error ?? options.error;
  const headingId = `lookup-title-${lookup.name}`;

  return (
    <section className="lookup" aria-labelledby={headingId}>
      <h3 id={headingId}>{lookup.label}</h3>
      <p className="hint">{lookup.description}</p>
      {error !== undefined && (
        <p role="alert" className="error">
          {options.error !== undefined ? `ConnectWise's values could not be read: ${error}` : error}
        </p>
      )}
      {values.data && values.data.items.length === 0 && (
        <p className="hint">The BSS has no {lookup.bssEntity} yet.</p>
      )}
      {values.data && mappings.data && values.data.items.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{lookup.label}: BSS value to ConnectWise value</caption>
            <thead>
              <tr>
                <th scope="col">BSS value</th>
                <th scope="col">ConnectWise value</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {values.data.items.map((value) => (
                <LookupRow
                  // a new key after a save resets the row's picker to what is stored
                  key={`${value.id}:${mapped.get(value.id) ?? ''}:${options.data ? 'options' : ''}`}
                  instanceId={instanceId}
                  lookup={lookup}
                  internalId={value.id}
                  internalName={value.name ?? value.code ?? value.id}
                  mapped={mapped.get(value.id)}
                  options={options.data?.items ?? []}
                  typed={options.data?.connectwiseValue === 'text'}
                  maxLength={options.data?.maxLength}
                  onSaved={mappings.reload}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
