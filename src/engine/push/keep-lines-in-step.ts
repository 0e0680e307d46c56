import { changedFields, hasChanges } from '../compare/changed-fields.js';
import { sameMappedValue } from '../compare/deep-equal.js';
import type { ConnectWiseGateway, ConnectWiseRecord } from '../ports.js';
import { ActionError } from '../actions/action-error.js';
import { runResumableStep, type ResumableStep } from '../steps/resumable-step.js';

export interface LinesInput {
  /** the ConnectWise resource of the lines, e.g. `procurement/products` */
  resource: string;
  /** the line field naming the parent record, e.g. `salesOrder` (written as `{id}`) */
  parentField: string;
  /** the line field that carries the BSS item's stable key, e.g. `integrationXRef` (mapped with the line) */
  keyField: string;
  /** the lines as the definition maps them */
  lines: Array<Record<string, unknown>>;
  /** line fields written when a line is made and never updated (its position: `sequenceNumber`) */
  createOnly?: readonly string[];
}

/**
 * What the link keeps of the lines: per key the ConnectWise line id and the body as ConnectWise held it after
 * cwsync's last write. `writing` is set before the first write and cleared after the last: a snapshot that
 * still says so was left by a push that failed or crashed half-way, and the lines must be read back.
 */
export interface LinesSnapshot {
  writing?: boolean;
  byKey: Record<string, { id: number; body: Record<string, unknown> }>;
}

export interface LinesContext {
  gateway: ConnectWiseGateway;
  /** the parent's ConnectWise id */
  parentId: number;
  /** the snapshot of the last push, if any */
  previous: LinesSnapshot | undefined;
  /** the parent was created by this very push: it can have no lines yet, so none are read */
  fresh: boolean;
  /** keeps a snapshot in the link before the writes begin */
  saveProgress(snapshot: LinesSnapshot): Promise<void>;
}

/**
 * Keeps the child lines of a record (an order's or an invoice's product lines) in step with the BSS items,
 * line by line: an item added is POSTed, a changed one PATCHed (only what changed), a removed one DELETEd —
 * all at once — and unchanged lines cost nothing. Each line carries its item's key (in `keyField`), so a push that failed
 * half-way — even between a POST and the saving of its answer — reads the parent's lines back and pairs them
 * by key: nothing is made twice, no line is lost, and lines of items no longer there are removed. Lines
 * without a key are a person's and are never touched. Answers the new snapshot, or undefined when nothing
 * changed.
 */
export async function keepLinesInStep(
  input: LinesInput,
  context: LinesContext,
): Promise<LinesSnapshot | undefined> {
  return runResumableStep(linesStep(input, context, wantedLines(input, context.parentId)));
}

/** The lines the items want, by key, each naming its parent; a missing or repeated key is the definition's error. */
function wantedLines(input: LinesInput, parentId: number): Map<string, Record<string, unknown>> {
  const { parentField, keyField } = input;
  const wanted = new Map<string, Record<string, unknown>>();
  for (const line of input.lines) {
    const key = line[keyField];
    if (typeof key !== 'string' || key === '') {
      throw new ActionError('keepLinesInStep', keyField, `every line needs a key in ${keyField}`);
    }
    if (wanted.has(key)) {
      throw new ActionError('keepLinesInStep', keyField, `two items have the same key "${key}"`);
    }
    wanted.set(key, { ...line, [parentField]: { id: parentId } });
  }
  return wanted;
}

/**
 * The lines as one resumable step. Resume: the snapshot of the last push, or — when that push was cut short
 * (`writing`) or there is none for a parent that already existed — the lines read back and paired by key.
 * Write: every line still missing, changed or removed. No compensation: a line written before another failed is
 * kept in the snapshot and the next push finishes the rest (undoing it would cost a call and redo it later).
 */
function linesStep(
  input: LinesInput,
  context: LinesContext,
  wanted: ReadonlyMap<string, Record<string, unknown>>,
): ResumableStep<LinesSnapshot['byKey'], LinesSnapshot | undefined> {
  const { resource } = input;
  const { gateway, parentId } = context;
  const createOnly = new Set(input.createOnly ?? []);
  const mustRead = context.previous === undefined ? !context.fresh : context.previous.writing === true;
  return {
    id: 'keepLinesInStep',
    resume: async () =>
      mustRead ? readBack(gateway, input, parentId, wanted) : { ...(context.previous?.byKey ?? {}) },
    async write(byKey) {
      const removed = Object.keys(byKey).filter((key) => !wanted.has(key));
      const toWrite = [...wanted].filter(([key, body]) => {
        const held = byKey[key];
        return held === undefined || hasChanges(changedFields(held.body, body, createOnly));
      });
      if (removed.length === 0 && toWrite.length === 0) {
        return mustRead || context.previous === undefined ? { byKey } : undefined;
      }
      await context.saveProgress({ writing: true, byKey });
      // Every line at once (each names its parent, which exists): an order of three lines takes one round trip
      // after the order's, not three. A line that fails leaves the others written and kept.
      const settled = await Promise.allSettled([
        ...removed.map(async (key) => {
          await removeLine(gateway, resource, byKey[key]!.id);
          delete byKey[key];
        }),
        ...toWrite.map(async ([key, body]) => {
          const held = byKey[key];
          const written = held
            ? await gateway.update(resource, held.id, changedFields(held.body, body, createOnly))
            : await gateway.create(resource, body);
          byKey[key] = { id: written.id, body: project(written, body) };
        }),
      ]);
      const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure !== undefined) {
        // Still `writing`: the next push reads the lines back; what was written meanwhile is kept, not redone.
        await context.saveProgress({ writing: true, byKey });
        throw failure.reason;
      }
      return { byKey };
    },
  };
}

/** The parent's lines as ConnectWise holds them, paired with the items by key; orphans and duplicates go. */
async function readBack(
  gateway: ConnectWiseGateway,
  input: LinesInput,
  parentId: number,
  wanted: ReadonlyMap<string, Record<string, unknown>>,
): Promise<LinesSnapshot['byKey']> {
  const held = await gateway.findMatching(input.resource, [
    { field: `${input.parentField}/id`, value: parentId, child: false },
  ]);
  const byKey: LinesSnapshot['byKey'] = {};
  for (const line of [...held].sort((a, b) => a.id - b.id)) {
    const key = line[input.keyField];
    if (typeof key !== 'string' || key === '') continue;
    const body = wanted.get(key);
    if (body && !byKey[key]) byKey[key] = { id: line.id, body: asHeld(line, body) };
    else await removeLine(gateway, input.resource, line.id);
  }
  return byKey;
}

async function removeLine(gateway: ConnectWiseGateway, resource: string, id: number): Promise<void> {
  if (!gateway.remove) throw new Error('this ConnectWise gateway cannot remove lines');
  await gateway.remove(resource, id);
}

/** The fields of a line that the mapping writes, as ConnectWise holds them. */
function asHeld(line: ConnectWiseRecord, body: Record<string, unknown>): Record<string, unknown> {
  const projection: Record<string, unknown> = {};
  for (const field of Object.keys(body)) projection[field] = line[field];
  return projection;
}

/** What cwsync wrote, with ConnectWise's decorated form where it holds the same value. */
function project(line: ConnectWiseRecord, body: Record<string, unknown>): Record<string, unknown> {
  const projection: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    projection[field] = field in line && sameMappedValue(line[field], value) ? line[field] : value;
  }
  return projection;
}
