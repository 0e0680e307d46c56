import { useCallback, useMemo, useState } from 'react';
import { ApiContext, useApi } from './api/api-context';
import { createApiClient } from './api/client';
import type { ConnectorDefinition, Instance, Page } from './api/types';
import { useLoad } from './api/use-load';
import { LoginForm } from './auth/LoginForm';
import { tokenStorage } from './auth/token-storage';
import { Header } from './layout/Header';
import { useHashRoute, type PagePath } from './layout/use-hash-route';
import { HistoryPage } from './history/HistoryPage';
import { InstancesPage } from './instances/InstancesPage';
import { MappingsPage } from './mappings/MappingsPage';
import { OverviewPage } from './overview/OverviewPage';
import { ReconcilePage } from './reconcile/ReconcilePage';
import { ReportPage } from './report/ReportPage';
import { RunsPage } from './runs/RunsPage';

export function App() {
  const [token, setToken] = useState(tokenStorage.read);
  const [notice, setNotice] = useState<string>();
  const signOut = useCallback((why?: string) => {
    tokenStorage.clear();
    setToken(undefined);
    setNotice(why);
  }, []);
  const client = useMemo(
    () =>
      token === undefined
        ? undefined
        : createApiClient(token, () => signOut('The server no longer accepts that token: sign in again.')),
    [token, signOut],
  );

  if (!client) {
    return (
      <LoginForm
        notice={notice}
        onSignedIn={(value) => {
          tokenStorage.write(value);
          setNotice(undefined);
          setToken(value);
        }}
      />
    );
  }
  return (
    <ApiContext.Provider value={client}>
      <SignedIn onSignOut={() => signOut()} />
    </ApiContext.Provider>
  );
}

function SignedIn({ onSignOut }: { onSignOut: () => void }) {
  const page = useHashRoute();
  const api = useApi();
  const instances = useLoad(() => api.get<Page<Instance>>('/api/v1/instances'), []);
  const definition = useLoad(() => api.get<ConnectorDefinition>('/api/v1/connector'), []);
  const [chosen, setChosen] = useState<string>();
  const list = instances.data?.items ?? [];
  const instanceId = list.some((instance) => instance.id === chosen) ? chosen : list[0]?.id;

  return (
    <>
      <a className="skip" href="#main">
        Skip to the page
      </a>
      <Header
        page={page}
        instances={list}
        instanceId={instanceId}
        onInstance={setChosen}
        onSignOut={onSignOut}
      />
      <main id="main" tabIndex={-1}>
        {(instances.error ?? definition.error) !== undefined && (
          <p role="alert" className="error">
            {instances.error ?? definition.error}
          </p>
        )}
        {definition.data && (
          <CurrentPage
            page={page}
            definition={definition.data}
            instances={list}
            instanceId={instanceId}
            onInstancesChanged={(id) => {
              if (id !== undefined) setChosen(id);
              instances.reload();
            }}
          />
        )}
      </main>
    </>
  );
}

interface CurrentPageProps {
  page: PagePath;
  definition: ConnectorDefinition;
  instances: Instance[];
  instanceId: string | undefined;
  onInstancesChanged: (id?: string) => void;
}

function CurrentPage({ page, definition, instances, instanceId, onInstancesChanged }: CurrentPageProps) {
  switch (page) {
    case 'instances':
      return <InstancesPage instances={instances} selectedId={instanceId} onChanged={onInstancesChanged} />;
    case 'report':
      return <ReportPage definition={definition} instanceId={instanceId} />;
    case 'mappings':
      return (
        <MappingsPage
          definition={definition}
          instance={instances.find((instance) => instance.id === instanceId)}
        />
      );
    case 'runs':
      return <RunsPage instanceId={instanceId} />;
    case 'reconcile':
      return <ReconcilePage definition={definition} instanceId={instanceId} />;
    case 'history':
      return <HistoryPage definition={definition} instanceId={instanceId} />;
    default:
      return <OverviewPage definition={definition} instances={instances} />;
  }
}
