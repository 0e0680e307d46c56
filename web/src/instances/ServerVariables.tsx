import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { Instance, ServerVariable } from '../api/types';
import { ServerVariableField } from './ServerVariableField';

/**
 * The server variables: each one's effective value, editable — a ConnectWise record by its name — and an empty
 * field puts the default back.
 */
export function ServerVariables({
  instance,
  variables,
  onSaved,
}: {
  instance: Instance;
  variables: ServerVariable[];
  onSaved: () => void;
}) {
  const api = useApi();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      variables.map((variable) => [variable.name, variable.overridden ? String(variable.value) : '']),
    ),
  );
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const patch: Record<string, string | number | null> = {};
    for (const variable of variables) {
      const raw = (values[variable.name] ?? '').trim();
      patch[variable.name] = raw === '' ? null : variable.type === 'integer' ? Number(raw) : raw;
    }
    try {
      await api.send('PATCH', `/api/v1/instances/${encodeURIComponent(instance.id)}`, {
        serverVariables: patch,
      });
      setStatus({ ok: true, text: 'Server variables saved.' });
      onSaved();
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) });
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="variables-title">
      <h2 id="variables-title">Server variables</h2>
      {variables.map((variable) => (
        <ServerVariableField
          key={variable.name}
          instanceId={instance.id}
          variable={variable}
          value={values[variable.name] ?? ''}
          onChange={(value) => setValues({ ...values, [variable.name]: value })}
        />
      ))}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
          {status.text}
        </p>
      )}
      <button type="submit">Save server variables</button>
    </form>
  );
}
