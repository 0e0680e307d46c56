import { sameMappedValue } from './deep-equal.js';

export interface FieldChanges {
  /** fields to write, with their new values */
  set: Record<string, unknown>;
  /** fields that had a value and have none now */
  unset: string[];
}

/**
 * What a push must write to bring the other side from `previous` (what cwsync last wrote, or the record it
 * matched) to `next` (the freshly mapped body). Fields in `ignore` (create-only ones) are never updated.
 */
export function changedFields(
  previous: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
  ignore: ReadonlySet<string> = new Set(),
): FieldChanges {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  const before = previous ?? {};
  for (const [field, value] of Object.entries(next)) {
    if (ignore.has(field)) continue;
    if (!sameMappedValue(before[field], value)) set[field] = value;
  }
  for (const field of Object.keys(before)) {
    if (ignore.has(field) || field in next) continue;
    if (!sameMappedValue(before[field], undefined)) unset.push(field);
  }
  return { set, unset };
}

export function hasChanges(changes: FieldChanges): boolean {
  return changes.unset.length > 0 || Object.keys(changes.set).length > 0;
}
