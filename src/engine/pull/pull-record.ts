import type { ActionRegistry } from '../actions/action-registry.js';
import { runPreSyncActions } from '../actions/run-actions.js';
import { BssWriteError } from '../bss-write-error.js';
import { sameMappedValue } from '../compare/deep-equal.js';
import { decidePull } from '../compare/resolve-conflicts.js';
import { ownWrites } from '../compare/write-note.js';
import type { CompiledConnector, CompiledModule } from '../definition/load-definition.js';
import type {
  ConnectWiseRecord,
  LinkRepository,
  LookupTable,
  RecordReader,
  RecordWriter,
  SyncLink,
} from '../ports.js';
import { toSyncFailure } from '../push/to-sync-failure.js';
import type { PullOutcome } from './pull-outcome.js';

export interface PullContext {
  instanceId: string;
  connector: CompiledConnector;
  links: LinkRepository;
  records: RecordReader;
  writer: RecordWriter;
  lookups: LookupTable;
  abilities: (module: string, ability: 'pull.create' | 'pull.update') => boolean;
  /** the connector's actions, by the names its definition uses */
  actions: ActionRegistry;
}

/** What mapping a ConnectWise record into BSS fields reads: no writes. */
export type PullMappingContext = Pick<
  PullContext,
  'instanceId' | 'connector' | 'links' | 'lookups' | 'actions'
>;

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || String(value).trim() === '';

/**
 * Takes one ConnectWise record into the BSS: mapped back through the definition, matched to the BSS record it
 * already is (or created), and written only where ConnectWise really changed something since the two were
 * last in step; what cwsync itself wrote never comes back as a change (no echo).
 *
 * Two pulls of the same record may run at once (a callback's pull job on one worker, the poll reaching the same
 * record on another). The one that writes second finds the record created or changed under it — the BSS refuses
 * the duplicate id or the stale version — and looks again: it then sees the first one's record and link and
 * updates or skips, so the race settles as one write and no failure.
 */
export async function pullRecord(
  context: PullContext,
  moduleName: string,
  record: ConnectWiseRecord,
): Promise<PullOutcome> {
  const module = context.connector.modules.get(moduleName);
  if (!module || !isPulled(module)) {
    return { outcome: 'skipped', reason: `the connector does not pull ${moduleName}` };
  }
  try {
    return await pullOnce(context, module, record, false);
  } catch (error) {
    if (!(error instanceof BssWriteError && error.refusal !== 'refused')) {
      return { outcome: 'failed', failure: toSyncFailure(error) };
    }
  }
  // Once more: the other pull's write is there now.
  try {
    return await pullOnce(context, module, record, true);
  } catch (error) {
    return { outcome: 'failed', failure: toSyncFailure(error) };
  }
}

/** Whether ConnectWise's `lastUpdated` of a record is the same as, or before, the one cwsync knows. */
function notNewer(lastUpdated: string, known: string | undefined): boolean {
  if (known === undefined) return false;
  if (lastUpdated === known) return true;
  const [at, knownAt] = [Date.parse(lastUpdated), Date.parse(known)];
  return Number.isFinite(at) && Number.isFinite(knownAt) && at < knownAt;
}

type PulledModule = CompiledModule & { pull: NonNullable<CompiledModule['pull']> };

const isPulled = (module: CompiledModule): module is PulledModule => module.pull !== undefined;

/**
 * One look and write; throws what the BSS or ConnectWise refused. `lookingAgain`: a write of this pull was just
 * refused as a concurrent one's, whose record may not be linked yet.
 */
async function pullOnce(
  context: PullContext,
  module: PulledModule,
  record: ConnectWiseRecord,
  lookingAgain: boolean,
): Promise<PullOutcome> {
  const moduleName = module.name;
  const entity = module.definition.bssEntity;
  const link = await context.links.findByConnectwiseId(context.instanceId, moduleName, record.id);
  const lastUpdated = (record._info as Record<string, string> | undefined)?.lastUpdated;
  // Unchanged since cwsync last wrote or read it: what it shows is what cwsync already knows. Or older than that (a
  // poll's page read before cwsync's last write): what it shows has been overwritten since, by cwsync.
  if (link && lastUpdated !== undefined && notNewer(lastUpdated, link.connectwiseLastUpdated)) {
    return { outcome: 'unchanged', recordId: link.recordId, conflicts: [] };
  }
  const prepared = await prepareInput(context, module, record);
  if ('outcome' in prepared) return prepared;
  const { input } = prepared;
  let current = link ? await context.records.get(entity, link.recordId) : undefined;
  let outcome: 'created' | 'updated' | 'linked' | 'unchanged' = 'unchanged';
  if (!current && lookingAgain) {
    current = await createdMeanwhile(context, module, input, record);
    if (current) outcome = 'linked';
  }
  // The mapping a match by fields made, with no current record: what a record that matched none maps to.
  let mappedUnmatched: Record<string, unknown> | undefined;
  if (!current) {
    const { matched, ambiguous, mapped } = await matchBssRecord(context, module, input);
    if (ambiguous) return ambiguous;
    current = matched;
    mappedUnmatched = mapped;
    if (current) outcome = 'linked';
  }
  input.current = current;
  const incoming = !current && mappedUnmatched ? mappedUnmatched : await module.pull.map(input);
  if (!current) {
    if (!context.abilities(moduleName, 'pull.create')) {
      return {
        outcome: 'skipped',
        reason: `pull.create is switched off for ${moduleName} on this instance`,
      };
    }
    const wantedId = module.pull.newRecordId ? await module.pull.newRecordId.evaluate(input) : undefined;
    const created = await context.writer.create(
      entity,
      isBlank(wantedId) ? undefined : String(wantedId),
      incoming,
    );
    await saveLink(context, module, record, String(created.id), incoming, link);
    return { outcome: 'created', recordId: String(created.id), conflicts: [] };
  }
  const recordId = String(current.id);
  const newest =
    Date.parse(String((record._info as Record<string, string> | undefined)?.lastUpdated ?? '')) >=
    Date.parse(String(current.updatedAt ?? ''))
      ? 'connectwise'
      : 'bss';
  const base = await baseWithoutOwnWrites(module, input, record, incoming, link);
  const decision = decidePull(incoming, current, base, module.definition.conflictPolicy, newest);
  if (Object.keys(decision.apply).length > 0) {
    if (!context.abilities(moduleName, 'pull.update')) {
      return {
        outcome: 'skipped',
        reason: `pull.update is switched off for ${moduleName} on this instance`,
      };
    }
    await context.writer.update(entity, recordId, decision.apply, current.version as number | undefined);
    if (outcome === 'unchanged') outcome = 'updated';
  }
  await saveLink(context, module, record, recordId, incoming, link);
  return { outcome, recordId, conflicts: decision.conflicts };
}

/**
 * The base of the echo and conflict checks. What ConnectWise holds because of a write of cwsync's own whose outcome
 * it did not know yet (an answer lost, a process killed before it saved the answer) is not a change made in
 * ConnectWise: the BSS fields it maps to count as unchanged there, so a BSS change made since is no conflict.
 */
async function baseWithoutOwnWrites(
  module: PulledModule,
  input: PullInput,
  record: ConnectWiseRecord,
  incoming: Record<string, unknown>,
  link: SyncLink | undefined,
): Promise<Record<string, unknown> | undefined> {
  const own = ownWrites(link?.pushedBody, record);
  if (Object.keys(own).length === 0) return link?.bssValues;
  const before = await module.pull.map({ ...input, [recordKeyOf(module)]: { ...record, ...own } });
  const base = { ...(link?.bssValues ?? before) };
  for (const [field, value] of Object.entries(incoming)) {
    if (!sameMappedValue(value, before[field])) base[field] = value;
  }
  return base;
}

/** The pull expressions name the ConnectWise record after its kind: `company`, `contact`. */
function recordKeyOf(module: CompiledModule): string {
  const label = module.definition.connectwise.label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * A dependency the push already found linked: its BSS id and the ConnectWise id its link holds. A pull of what the
 * push wrote names the same dependency by that id, so the link need not be looked up again (at most one BSS record
 * is linked to a ConnectWise record, per instance and module).
 */
export interface KnownDependency {
  recordId: string;
  connectwiseId: number;
}

/**
 * The BSS values a pull of `record` compares with (`bssValues`), for cwsync's own write of it: after a push both
 * sides are in step as ConnectWise answered, and the next pull's echo and conflict checks start from there, not
 * from the last pull. Undefined when the module is not pulled or its mapping cannot be made now. `known`: the
 * dependencies the push found linked, by their `as` name; one the answer names by another id is looked up.
 */
export async function pulledBase(
  context: PullMappingContext,
  moduleName: string,
  record: ConnectWiseRecord,
  current: Record<string, unknown>,
  known: Readonly<Record<string, KnownDependency>> = {},
): Promise<Record<string, unknown> | undefined> {
  const module = context.connector.modules.get(moduleName);
  if (!module || !isPulled(module)) return undefined;
  try {
    const prepared = await prepareInput(context, module, record, known);
    if ('outcome' in prepared) return undefined;
    return await module.pull.map({ ...prepared.input, current });
  } catch {
    return undefined;
  }
}

type PullInput = Record<string, unknown> & {
  current?: Record<string, unknown>;
  lookup: Record<string, string>;
  link: Record<string, string>;
  pre: Record<string, unknown>;
};

async function prepareInput(
  context: PullMappingContext,
  module: CompiledModule,
  record: ConnectWiseRecord,
  known: Readonly<Record<string, KnownDependency>> = {},
): Promise<{ input: PullInput } | PullOutcome> {
  const input: PullInput = {
    [recordKeyOf(module)]: record,
    lookup: {},
    link: {},
    pre: {},
  };
  const waiting: Array<{ module: string; connectwiseId: number }> = [];
  for (const dependency of module.dependencyIds) {
    if (!dependency.connectwiseId) continue;
    const connectwiseId = await dependency.connectwiseId.evaluate(record);
    if (isBlank(connectwiseId)) continue;
    const already = known[dependency.as];
    if (already && already.connectwiseId === Number(connectwiseId)) {
      input.link[dependency.as] = already.recordId;
      continue;
    }
    const dependencyLink = await context.links.findByConnectwiseId(
      context.instanceId,
      dependency.module,
      Number(connectwiseId),
    );
    if (dependencyLink) input.link[dependency.as] = dependencyLink.recordId;
    else if (dependency.order === 'before')
      waiting.push({ module: dependency.module, connectwiseId: Number(connectwiseId) });
  }
  if (waiting.length > 0) return { outcome: 'waiting', dependencies: waiting };
  for (const use of module.lookupIds) {
    if (!use.integrationId) continue;
    const integrationId = await use.integrationId.evaluate(record);
    if (isBlank(integrationId)) continue;
    const internalId = context.lookups.internalId(use.lookup, String(integrationId));
    if (internalId !== undefined) input.lookup[use.as] = internalId;
  }
  await runPreSyncActions(module.pull!.preSync, input, context.actions);
  return { input };
}

/**
 * The BSS record the match rules find for `input` (which has no current record), or the ambiguity; `mapped` is
 * the record's mapping a rule by fields made, which is what the pull writes when nothing matched.
 */
async function matchBssRecord(
  context: PullContext,
  module: CompiledModule,
  input: PullInput,
): Promise<{
  matched?: Record<string, unknown>;
  ambiguous?: PullOutcome;
  mapped?: Record<string, unknown>;
}> {
  const entity = module.definition.bssEntity;
  let mapped: Record<string, unknown> | undefined;
  for (const rule of module.pull!.match) {
    if (rule.recordId) {
      const id = await rule.recordId.evaluate(input);
      if (isBlank(id)) continue;
      const found = await context.records.get(entity, String(id));
      if (found && !(await isLinkedElsewhere(context, module.name, String(found.id))))
        return { matched: found };
      continue;
    }
    if (rule.fields) {
      mapped ??= await module.pull!.map(input);
      const where: Record<string, string> = {};
      for (const [field, source] of rule.fields) {
        const value = await source.evaluate(mapped);
        if (isBlank(value)) break;
        where[field] = String(value);
      }
      if (Object.keys(where).length !== rule.fields.length) continue;
      const candidates = [];
      for (const candidate of await context.records.findWhere(entity, where)) {
        if (!(await isLinkedElsewhere(context, module.name, String(candidate.id))))
          candidates.push(candidate);
      }
      if (candidates.length === 1) return { matched: candidates[0] };
      if (candidates.length > 1) {
        const ids = candidates.map((candidate) => String(candidate.id));
        return { ambiguous: { outcome: 'ambiguous', candidates: ids, rule: rule.description } };
      }
    }
  }
  return mapped ? { mapped } : {};
}

/**
 * The record with the id this pull creates records under, when no other ConnectWise record holds it: a concurrent
 * pull of the same record made it and may not have linked it yet (a contact's id is cwsync's own, and has no
 * match rule that would find it).
 */
async function createdMeanwhile(
  context: PullContext,
  module: PulledModule,
  input: PullInput,
  record: ConnectWiseRecord,
): Promise<Record<string, unknown> | undefined> {
  const wantedId = module.pull.newRecordId ? await module.pull.newRecordId.evaluate(input) : undefined;
  if (isBlank(wantedId)) return undefined;
  const found = await context.records.get(module.definition.bssEntity, String(wantedId));
  if (!found) return undefined;
  const holder = await context.links.find(context.instanceId, module.name, String(found.id));
  return holder === undefined || holder.connectwiseId === record.id ? found : undefined;
}

/** A BSS record already linked to another ConnectWise record is not a match. */
async function isLinkedElsewhere(context: PullContext, module: string, recordId: string): Promise<boolean> {
  return (await context.links.find(context.instanceId, module, recordId)) !== undefined;
}

async function saveLink(
  context: PullContext,
  module: CompiledModule,
  record: ConnectWiseRecord,
  recordId: string,
  incoming: Record<string, unknown>,
  previous: SyncLink | undefined,
): Promise<void> {
  // What ConnectWise now holds for the pushed fields, so the write the pull causes does not echo back out.
  const pushedFields = new Set([
    ...Object.keys(previous?.pushedBody ?? {}),
    ...(module.push?.fields ?? []).map((f) => f.target),
  ]);
  const pushedBody: Record<string, unknown> = {};
  for (const field of pushedFields) if (field in record) pushedBody[field] = record[field];
  await context.links.save({
    instanceId: context.instanceId,
    module: module.name,
    recordId,
    connectwiseId: record.id,
    pushedBody,
    bssValues: incoming,
    connectwiseLastUpdated: (record._info as Record<string, string> | undefined)?.lastUpdated,
  });
}
