import { useApi } from '../api/api-context';
import type { Instance, InstanceSettings } from '../api/types';
import { useLoad } from '../api/use-load';
import { ConnectionTest } from './ConnectionTest';
import { InstanceForm } from './InstanceForm';
import { LookupsTables } from './LookupsTables';
import { ServerVariables } from './ServerVariables';
import { SyncNow } from './SyncNow';
import { SyncOptionsMatrix } from './SyncOptionsMatrix';
import { TenantCheck } from './TenantCheck';

/** Everything about one instance: its settings, the connection test, a sync, variables, options, lookups. */
export function InstanceEditor({
  instance,
  onSaved,
}: {
  instance: Instance;
  onSaved: (saved: Instance) => void;
}) {
  const api = useApi();
  const settings = useLoad(
    () => api.get<InstanceSettings>(`/api/v1/instances/${encodeURIComponent(instance.id)}/settings`),
    [instance.id, instance.updatedAt],
  );
  return (
    <div className="editor">
      <InstanceForm key={instance.id} instance={instance} onSaved={onSaved} />
      <ConnectionTest key={`test-${instance.id}`} instance={instance} />
      <TenantCheck key={`check-${instance.id}`} instance={instance} />
      <SyncNow key={`sync-${instance.id}`} instance={instance} />
      {settings.error !== undefined && (
        <p role="alert" className="error">
          {settings.error}
        </p>
      )}
      {settings.data && (
        <>
          <ServerVariables
            key={`variables-${instance.id}-${instance.updatedAt}`}
            instance={instance}
            variables={settings.data.serverVariables}
            onSaved={settings.reload}
          />
          <SyncOptionsMatrix
            instance={instance}
            options={settings.data.syncOptions}
            onChanged={settings.reload}
          />
          <LookupsTables
            key={`lookups-${instance.id}`}
            instanceId={instance.id}
            lookups={settings.data.lookups}
          />
        </>
      )}
    </div>
  );
}
