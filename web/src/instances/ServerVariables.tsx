import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { describeError } from '../api/client';
import type { Instance, ServerVariable } from '../api/types';

/** The server variables: each one's effective value, editable; an empty field puts the default back. */
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
      {variables.map((variable) => {
        const id = `variable-${variable.name}`;
        return (
          <div className="field" key={variable.name}>
            <label htmlFor={id}>{variable.label}</label>
            {variable.enum ? (
              <select
                id={id}
                value={values[variable.name] ?? ''}
                onChange={(event) => setValues({ ...values, [variable.name]: event.target.value })}
                aria-describedby={`${id}-hint`}
              >
                <option value="">default ({String(variable.default)})</option>
                {variable.enum.map((option) => (
                  <option key={option}>{option}</option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                inputMode={variable.type === 'integer' ? 'numeric' : undefined}
                value={values[variable.name] ?? ''}
                placeholder={`default: ${String(variable.default)}`}
                onChange={(event) => setValues({ ...values, [variable.name]: event.target.value })}
                aria-describedby={`${id}-hint`}
              />
            )}
            <span id={`${id}-hint`} className="hint">
              {variable.description}
            </span>
          </div>
        );
      })}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
          {status.text}
        </p>
      )}
      <button type="submit">Save server variables</button>
    </form>
  );
}
