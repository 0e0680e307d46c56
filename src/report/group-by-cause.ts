import type { ConnectorDefinition } from '../engine/index.js';
import type { ReportEntry, ReportKey, ReportOutcome, SyncDirection } from './report-types.js';

/** The BSS value a lookup does not map: fixing the group is mapping this one value. */
export interface UnmappedLookupValue {
  lookup: string;
  label: string;
  internalId: string;
}

/** Records not in step for one cause, with the count, the records behind it and the fix. */
export interface CauseGroup {
  /** stable for as long as the cause is: pass it to the resync-group route */
  key: string;
  outcome: ReportOutcome;
  /** the message, as one of the records has it (the records' own ids and names aside, they all do) */
  message: string;
  field?: string;
  modules: string[];
  direction: SyncDirection;
  count: number;
  records: ReportKey[];
  /** what a person does about it */
  fix: string;
  unmappedLookup?: UnmappedLookupValue;
}

/**
 * Groups report rows by what a person must fix: the unmapped lookup value (across modules: one mapping fixes
 * every record it blocks), or else the module, the outcome, the field and the message — ConnectWise's own field
 * errors included — with the records' own ids, names and numbers taken out so they do not split a cause.
 * Largest groups first.
 */
export function groupByCause(entries: ReportEntry[], definition: ConnectorDefinition): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const entry of entries) {
    const unmapped = unmappedLookupOf(entry, definition);
    const key = unmapped
      ? `lookup:${unmapped.lookup}:${unmapped.internalId}:${entry.direction}`
      : [entry.module, entry.direction, entry.outcome, entry.field ?? '', normaliseCause(entry)].join('|');
    const record = {
      instanceId: entry.instanceId,
      module: entry.module,
      recordId: entry.recordId,
      direction: entry.direction,
    };
    const group = groups.get(key);
    if (group) {
      group.count += 1;
      group.records.push(record);
      if (!group.modules.includes(entry.module)) group.modules.push(entry.module);
      continue;
    }
    groups.set(key, {
      key: Buffer.from(key).toString('base64url'),
      outcome: entry.outcome,
      message: unmapped ? entry.message : describeCause(entry),
      ...(entry.field !== undefined ? { field: entry.field } : {}),
      modules: [entry.module],
      direction: entry.direction,
      count: 1,
      records: [record],
      fix: fixOf(entry, unmapped),
      ...(unmapped ? { unmappedLookup: unmapped } : {}),
    });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** The lookup and value an "unmapped value" failure names, read back through the module's missingMessage. */
export function unmappedLookupOf(
  entry: Pick<ReportEntry, 'module' | 'outcome' | 'field' | 'message'>,
  definition: ConnectorDefinition,
): UnmappedLookupValue | undefined {
  if (entry.outcome !== 'failed' || entry.field === undefined) return undefined;
  const use = definition.modules[entry.module]?.lookups.find((candidate) => candidate.as === entry.field);
  if (!use) return undefined;
  const [before, after] = use.missingMessage.split('{value}') as [string, string | undefined];
  if (after === undefined) return undefined;
  const { message } = entry;
  if (
    !message.startsWith(before) ||
    !message.endsWith(after) ||
    message.length < before.length + after.length
  )
    return undefined;
  const internalId = message.slice(before.length, message.length - after.length);
  const lookup = definition.lookups[use.lookup];
  return { lookup: use.lookup, label: lookup?.label ?? use.lookup, internalId };
}

/** The message and ConnectWise's field errors without what names one record: quoted text, ids, numbers. */
function normaliseCause(entry: ReportEntry): string {
  return describeCause(entry)
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\S*\d\S*/g, '#');
}

function describeCause(entry: ReportEntry): string {
  const errors = (entry.connectwise?.errors ?? []).map((error) =>
    [error.field, error.message ?? error.code].filter((part) => part !== undefined).join(': '),
  );
  if (entry.connectwise === undefined) return entry.message;
  return `${entry.message} (ConnectWise ${entry.connectwise.status}${errors.length > 0 ? `: ${errors.join('; ')}` : ''})`;
}

function fixOf(entry: ReportEntry, unmapped: UnmappedLookupValue | undefined): string {
  if (unmapped)
    return `map "${unmapped.internalId}" in the ${unmapped.label} lookup to a ConnectWise value, then re-sync the group`;
  switch (entry.outcome) {
    case 'waiting':
      return 'none needed: these records follow by themselves once what they wait for is in ConnectWise';
    case 'ambiguous':
      return 'link each record to one of its candidates by hand (or unlink the wrong one), then re-sync';
    case 'conflict':
      return 'both sides changed the field: check the value kept, and correct the other side if needed';
    case 'warning':
      return entry.differences && entry.differences.length > 0
        ? "ConnectWise keeps the value otherwise than sent: fix the tenant (the field's length, a workflow) or the mapping, then re-sync the group"
        : 'in step, written an unusual way: fix the record in ConnectWise (the message says what); nothing to re-sync';
    case 'review':
      return 'a match waits for a person: link each record to the ConnectWise record found (cwsync link), or change its identifier';
    default:
      if (entry.connectwise !== undefined)
        return `change ${entry.field !== undefined ? `the ${entry.field} field` : 'the records'} (in the BSS, or the instance's mapping) so ConnectWise takes it, then re-sync the group`;
      // the connector's own messages say what to fill after a semicolon
      return entry.message.includes('; ')
        ? `${entry.message.slice(entry.message.indexOf('; ') + 2)}, then re-sync the group`
        : 'correct the records as the message says, then re-sync the group';
  }
}
