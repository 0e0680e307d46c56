import type { LookupOption } from '../api/types';

interface ConnectWisePickerProps {
  id: string;
  value: string;
  options: LookupOption[];
  onChange: (value: string) => void;
  /** the first choice, meaning "none chosen" (or "the default") */
  emptyLabel: string;
  describedBy?: string;
}

/**
 * A ConnectWise record chosen by its name, from what ConnectWise lists: a lookup's value, a server variable, a
 * report group's fix. A stored value ConnectWise no longer lists is still shown, so the picker never hides it.
 */
export function ConnectWisePicker({
  id,
  value,
  options,
  onChange,
  emptyLabel,
  describedBy,
}: ConnectWisePickerProps) {
  const known = value === '' || options.some((option) => option.integrationId === value);
  return (
    <select
      id={id}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      aria-describedby={describedBy}
    >
      <option value="">{emptyLabel}</option>
      {!known && <option value={value}>{value} (not in ConnectWise)</option>}
      {options.map((option) => (
        <option key={option.integrationId} value={option.integrationId}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
