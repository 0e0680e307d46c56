import { useApi } from '../api/api-context';
import type { LookupOption, ServerVariable } from '../api/types';
import { useLoad } from '../api/use-load';
import { ConnectWisePicker } from './ConnectWisePicker';

interface ServerVariableFieldProps {
  instanceId: string;
  variable: ServerVariable;
  /** the override typed or chosen; '' is the default */
  value: string;
  onChange: (value: string) => void;
}

/**
 * One server variable: a picker by name when it names a ConnectWise record (filled from ConnectWise), a choice of
 * words for an enum, else a box; an empty value is the definition's default.
 */
export function ServerVariableField({ instanceId, variable, value, onChange }: ServerVariableFieldProps) {
  const id = `variable-${variable.name}`;
  const hint = `${id}-hint`;
  const names = variable.connectwiseResource !== undefined;
  const api = useApi();
  const options = useLoad(
    () =>
      names
        ? api.get<{ items: LookupOption[] }>(
            `/api/v1/instances/${encodeURIComponent(instanceId)}/server-variable-options/${encodeURIComponent(variable.name)}`,
          )
        : Promise.resolve({ items: [] }),
    [instanceId, variable.name, names],
  );
  const defaultName = options.data?.items.find(
    (option) => option.integrationId === String(variable.default),
  )?.label;

  let control;
  if (variable.enum) {
    control = (
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint}
      >
        <option value="">default ({String(variable.default)})</option>
        {variable.enum.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  } else if (names && options.data) {
    control = (
      <ConnectWisePicker
        id={id}
        value={value}
        options={options.data.items}
        onChange={onChange}
        emptyLabel={`default (${defaultName ?? `#${String(variable.default)}`})`}
        describedBy={hint}
      />
    );
  } else if (names && options.error === undefined) {
    // the list is on its way: a box typed into now would turn into the picker under the user's hands
    control = (
      <select id={id} disabled aria-describedby={hint} aria-busy="true">
        <option>loading ConnectWise's list…</option>
      </select>
    );
  } else {
    // no list (or ConnectWise could not be read): the id is typed
    control = (
      <input
        id={id}
        inputMode={variable.type === 'integer' ? 'numeric' : undefined}
        value={value}
        placeholder={`default: ${String(variable.default)}`}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{variable.label}</label>
      {control}
      <span id={hint} className="hint">
        {variable.description}
        {options.error !== undefined &&
          ` (ConnectWise's records could not be read: ${options.error}; type the id)`}
      </span>
    </div>
  );
}
