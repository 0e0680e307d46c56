import { useState } from 'react';
import type { Instance } from '../api/types';
import { DeleteInstance } from './DeleteInstance';
import { InstanceEditor } from './InstanceEditor';
import { InstanceForm } from './InstanceForm';

interface InstancesPageProps {
  instances: Instance[];
  selectedId: string | undefined;
  onChanged: (id?: string) => void;
}

/** The connector instances: the list, a new one, and the chosen one's settings. */
export function InstancesPage({ instances, selectedId, onChanged }: InstancesPageProps) {
  const [creating, setCreating] = useState(false);
  const selected = instances.find((instance) => instance.id === selectedId);

  return (
    <section aria-labelledby="instances-title">
      <div className="page-title">
        <h1 id="instances-title">Instances</h1>
        <button type="button" onClick={() => setCreating(true)} disabled={creating}>
          New instance
        </button>
      </div>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">The connector instances</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Site</th>
              <th scope="col">API version</th>
              <th scope="col">Keys</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {instances.map((instance) => (
              <tr key={instance.id} aria-selected={instance.id === selected?.id && !creating}>
                <th scope="row">{instance.name}</th>
                <td>{instance.id}</td>
                <td className="wrap">{instance.siteUrl}</td>
                <td>{instance.apiVersion}</td>
                <td>{instance.hasKeys ? instance.publicKeyHint : 'none'}</td>
                <td>{instance.enabled ? 'enabled' : 'switched off'}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      setCreating(false);
                      onChanged(instance.id);
                    }}
                    aria-label={`Edit ${instance.name}`}
                  >
                    Edit
                  </button>{' '}
                  <DeleteInstance instance={instance} onDeleted={() => onChanged()} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {creating ? (
        <InstanceForm
          onSaved={(created) => {
            setCreating(false);
            onChanged(created.id);
          }}
        />
      ) : (
        selected && <InstanceEditor instance={selected} onSaved={(saved) => onChanged(saved.id)} />
      )}
    </section>
  );
}
