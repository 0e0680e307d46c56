import { formatTable } from '../../report/format-report.js';
import type { CanaryResult } from './push-canary.js';

/** The canary as text: its outcome, then each field as the mapping made it next to what ConnectWise holds. */
export function formatCanary(result: CanaryResult): string {
  const head = `Canary ${result.module} ${result.recordId}: ${result.outcome}${
    result.connectwiseId !== undefined ? ` — ConnectWise ${result.resource} #${result.connectwiseId}` : ''
  }${result.message ? `\n  ${result.message}` : ''}`;
  if (result.fields.length === 0) return head;
  const table = formatTable(
    ['FIELD', 'BSS (MAPPED)', 'CONNECTWISE', 'SAME'],
    result.fields.map((field) => [
      field.field,
      shown(field.bss),
      shown(field.connectwise),
      field.same ? 'yes' : 'NO',
    ]),
  );
  return `${head}\n${table}`;
}

function shown(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (typeof value === 'object' && !Array.isArray(value) && 'id' in value) {
    const { id, name, identifier } = value as { id: unknown; name?: unknown; identifier?: unknown };
    const label = name ?? identifier;
    return label === undefined ? `#${String(id)}` : `#${String(id)} ${String(label)}`;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
