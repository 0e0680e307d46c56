import type { InstanceSettings } from '../api/types';
import { LookupTable } from './LookupTable';

/** The synchronization lookups of an instance, one table per lookup the connector declares. */
export function LookupsTables({
  instanceId,
  lookups,
}: {
  instanceId: string;
  lookups: InstanceSettings['lookups'];
}) {
  return (
    <section className="card" aria-labelledby="lookups-title">
      <h2 id="lookups-title">Synchronization lookups</h2>
      {lookups.map((lookup) => (
        <LookupTable key={lookup.name} instanceId={instanceId} lookup={lookup} />
      ))}
    </section>
  );
}
