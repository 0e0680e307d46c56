import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { ApiError, describeError, type ApiIssue } from '../api/client';
import { apiVersions, type ApiVersion, type Instance } from '../api/types';

interface Fields {
  name: string;
  siteUrl: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  apiVersion: ApiVersion;
  enabled: boolean;
}

const textFields = [
  { key: 'name', label: 'Name', hint: 'How the instance is shown; its id is made from it.' },
  { key: 'siteUrl', label: 'Site URL', hint: 'The ConnectWise site, e.g. na.myconnectwise.net.' },
  { key: 'companyId', label: 'Company id', hint: 'The company you log in to ConnectWise with.' },
  { key: 'publicKey', label: 'Public key', hint: 'The API member’s public key (My Account → API Keys).' },
  { key: 'privateKey', label: 'Private key', hint: 'The API member’s private key.' },
  { key: 'clientId', label: 'Client id', hint: 'The GUID issued at developer.connectwise.com.' },
] as const;

const secret = (key: string) => key === 'publicKey' || key === 'privateKey';

/** Create an instance, or change one; keys are write-only: blank keeps the stored ones. */
export function InstanceForm({
  instance,
  onSaved,
}: {
  instance?: Instance;
  onSaved: (saved: Instance) => void;
}) {
  const api = useApi();
  const [fields, setFields] = useState<Fields>({
    name: instance?.name ?? '',
    siteUrl: instance?.siteUrl ?? '',
    companyId: instance?.companyId ?? '',
    publicKey: '',
    privateKey: '',
    clientId: instance?.clientId ?? '',
    apiVersion: instance?.apiVersion ?? '2022.1',
    enabled: instance?.enabled ?? true,
  });
  const [issues, setIssues] = useState<ApiIssue[]>([]);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const prefix = instance ? `edit-${instance.id}` : 'new';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body: Record<string, unknown> = { ...fields };
    // blank keys on an existing instance keep the stored ones
    for (const key of ['publicKey', 'privateKey'] as const)
      if (instance && fields[key] === '') delete body[key];
    try {
      const result = instance
        ? await api.send<Instance>('PATCH', `/api/v1/instances/${encodeURIComponent(instance.id)}`, body)
        : await api.send<Instance>('POST', '/api/v1/instances', body);
      setIssues([]);
      setError(undefined);
      setSaved(true);
      onSaved(result);
    } catch (failure) {
      setIssues(failure instanceof ApiError ? failure.issues : []);
      setError(describeError(failure));
    }
  }

  const issueOf = (key: string) => issues.find((issue) => issue.path === key)?.message;
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{instance ? `Settings of ${instance.name}` : 'New instance'}</h2>
      {textFields.map(({ key, label, hint }) => {
        const problem = issueOf(key);
        return (
          <div className="field" key={key}>
            <label htmlFor={`${prefix}-${key}`}>{label}</label>
            <input
              id={`${prefix}-${key}`}
              type={secret(key) ? 'password' : 'text'}
              autoComplete="off"
              value={fields[key]}
              placeholder={
                secret(key) && instance?.hasKeys
                  ? `stored ${instance.publicKeyHint}; blank keeps it`
                  : undefined
              }
              onChange={(event) => setFields({ ...fields, [key]: event.target.value })}
              aria-invalid={problem !== undefined}
              aria-describedby={`${prefix}-${key}-hint`}
            />
            <span id={`${prefix}-${key}-hint`} className={problem ? 'error' : 'hint'}>
              {problem ?? hint}
            </span>
          </div>
        );
      })}
      <div className="field">
        <label htmlFor={`${prefix}-apiVersion`}>API version</label>
        <select
          id={`${prefix}-apiVersion`}
          value={fields.apiVersion}
          onChange={(event) => setFields({ ...fields, apiVersion: event.target.value as ApiVersion })}
        >
          {apiVersions.map((version) => (
            <option key={version}>{version}</option>
          ))}
        </select>
      </div>
      <div className="field checkbox">
        <input
          id={`${prefix}-enabled`}
          type="checkbox"
          checked={fields.enabled}
          onChange={(event) => setFields({ ...fields, enabled: event.target.checked })}
        />
        <label htmlFor={`${prefix}-enabled`}>Enabled (syncs run)</label>
      </div>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" className="ok">
          Saved.
        </p>
      )}
      <button type="submit">{instance ? 'Save settings' : 'Create instance'}</button>
    </form>
  );
}
