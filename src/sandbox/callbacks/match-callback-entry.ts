import type { ChangeEvent } from '../context.js';
import type { CallbackEntry } from './callback-entry.js';

function sameWord(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function idOfReference(value: unknown): number | undefined {
  if (value && typeof value === 'object' && 'id' in value) return Number((value as { id: unknown }).id);
  return undefined;
}

/** Whether the record (the changed one, or its last known state when deleted) is within the entry's level. */
function withinLevel(
  entry: CallbackEntry,
  recordId: number,
  record: Record<string, unknown> | undefined,
): boolean {
  const level = entry.level.toLowerCase();
  if (level === 'owner') return true;
  // Level named after the type itself ("company" on a company callback): one specific record.
  if (sameWord(level, entry.type)) return recordId === entry.objectId;
  if (!record) return false;
  // Any other level names a reference on the record: "company" on contacts, "status"/"type"/"territory" on companies.
  const field = Object.keys(record).find((key) => sameWord(key, level) || sameWord(key, `${level}s`));
  if (!field) return false;
  const value = record[field];
  if (Array.isArray(value)) return value.some((item) => idOfReference(item) === entry.objectId);
  return idOfReference(value) === entry.objectId;
}

/**
 * Whether a change should be sent to a callback entry: same type, entry active, record within the level, and not
 * made by the entry's own member when the entry is self-suppressed.
 */
export function matchesCallbackEntry(
  entry: CallbackEntry,
  event: ChangeEvent,
  knownRecord: Record<string, unknown> | undefined,
  entryOwnerIdentifier: string | undefined,
): boolean {
  if (!event.callbackType || !sameWord(entry.type, event.callbackType)) return false;
  if (entry.inactiveFlag) return false;
  if (
    entry.isSelfSuppressedFlag &&
    entryOwnerIdentifier !== undefined &&
    entryOwnerIdentifier === event.memberIdentifier
  )
    return false;
  return withinLevel(entry, event.id, event.record ?? knownRecord);
}
