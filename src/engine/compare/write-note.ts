import type { FieldChanges } from './changed-fields.js';
import { sameMappedValue } from './deep-equal.js';

/**
 * A write cwsync is making: noted in the link's snapshot (`pushedBody`) just before the PATCH goes out, gone once
 * the link is saved after it. A note still there is a write whose outcome cwsync does not know yet — an answer
 * lost, a process killed before it saved what ConnectWise answered — so a pull meanwhile can tell cwsync's own
 * write from a change made in ConnectWise.
 */
export interface WriteNote {
  /** the ConnectWise fields being written, with their values (an unset field as null) */
  writing: Record<string, unknown>;
  /** the same fields as cwsync last knew them, before this write */
  was: Record<string, unknown>;
}

/** The snapshot key of the note: not a ConnectWise field name, so never compared or written as one. */
export const writeNoteKey = '~writing';

export function noteWrite(snapshot: Record<string, unknown>, changes: FieldChanges): Record<string, unknown> {
  const writing: Record<string, unknown> = { ...changes.set };
  for (const field of changes.unset) writing[field] = null;
  const was = Object.fromEntries(Object.keys(writing).map((field) => [field, snapshot[field] ?? null]));
  return { ...withoutWriteNote(snapshot), [writeNoteKey]: { writing, was } satisfies WriteNote };
}

export function withoutWriteNote(snapshot: Record<string, unknown>): Record<string, unknown> {
  if (!(writeNoteKey in snapshot)) return snapshot;
  const { [writeNoteKey]: _note, ...rest } = snapshot;
  return rest;
}

/**
 * The fields of `record` that hold what a noted write was writing, each with the value it had before that write:
 * the part of the record that is cwsync's own doing. Empty without a note.
 */
export function ownWrites(
  snapshot: Record<string, unknown> | undefined,
  record: Record<string, unknown>,
): Record<string, unknown> {
  const note = snapshot?.[writeNoteKey] as WriteNote | undefined;
  if (!note || typeof note.writing !== 'object' || note.writing === null) return {};
  const before: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(note.writing)) {
    if (sameMappedValue(record[field], value) && !sameMappedValue(note.was?.[field], value))
      before[field] = note.was?.[field] ?? null;
  }
  return before;
}

/** A value no mapped value equals. */
const unknownValue = Object.freeze({ [writeNoteKey]: 'not known' });

/**
 * The snapshot a push compares its body with: without the note, and with the fields of a noted write as not known,
 * so they are written again — ConnectWise may hold the old values or the new ones.
 */
export function snapshotToCompare(snapshot: Record<string, unknown>): Record<string, unknown> {
  const note = snapshot[writeNoteKey] as WriteNote | undefined;
  const rest = withoutWriteNote(snapshot);
  if (!note || typeof note.writing !== 'object' || note.writing === null) return rest;
  return { ...rest, ...Object.fromEntries(Object.keys(note.writing).map((field) => [field, unknownValue])) };
}
