import { useState } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { Instance, InstanceSettings } from '../api/types';

const abilityLabels: Record<string, string> = {
  'push.create': 'Push create',
  'push.update': 'Push update',
  'push.delete': 'Push delete',
  'pull.create': 'Pull create',
  'pull.update': 'Pull update',
};

/** The synchronization options matrix (module × ability): a switch per ability the connector supports. */
export function SyncOptionsMatrix({
  instance,
  options,
  onChanged,
}: {
  instance: Instance;
  options: InstanceSettings['syncOptions'];
  onChanged: () => void;
}) {
  const api = useApi();
  const [error, setError] = useState<string>();
  // a switch shows its new state at once; the saved settings replace it when they come back
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const abilities = options[0]?.abilities.map((entry) => entry.ability) ?? [];

  async function toggle(key: string, on: boolean) {
    setPending((current) => ({ ...current, [key]: on }));
    try {
      await api.send('PATCH', `/api/v1/instances/${encodeURIComponent(instance.id)}`, {
        syncOptions: { [key]: on },
      });
      setError(undefined);
      onChanged();
    } catch (failure) {
      setPending((current) => {
        const { [key]: _reverted, ...rest } = current;
        return rest;
      });
      setError(describeError(failure));
    }
  }

  return (
    <section className="card" aria-labelledby="options-title">
      <h2 id="options-title">Synchronization options</h2>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">What syncs, by module and ability</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              {abilities.map((ability) => (
                <th scope="col" key={ability}>
                  {abilityLabels[ability] ?? ability}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {options.map((row) => (
              <tr key={row.module}>
                <th scope="row">{row.label}</th>
                {row.abilities.map((entry) => (
                  <td key={entry.ability} className="center">
                    {entry.supported ? (
                      <input
                        type="checkbox"
                        checked={pending[`${row.module}.${entry.ability}`] ?? entry.on}
                        aria-label={`${row.label}: ${abilityLabels[entry.ability] ?? entry.ability}`}
                        onChange={(event) =>
                          void toggle(`${row.module}.${entry.ability}`, event.target.checked)
                        }
                      />
                    ) : (
                      <span title="not supported by the connector" aria-label="not supported">
                        –
                      </span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
