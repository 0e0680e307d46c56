import type { ActionRegistry } from '../actions/action-registry.js';
import { runPreSyncActions } from '../actions/run-actions.js';
import { changedFields, hasChanges, type FieldChanges } from '../compare/changed-fields.js';
import { sameForConnectWise } from '../compare/connectwise-text.js';
import { sameMappedValue } from '../compare/deep-equal.js';
import { noteWrite, snapshotToCompare, withoutWriteNote } from '../compare/write-note.js';
import { pulledBase, type KnownDependency } from '../pull/pull-record.js';
import type { CompiledConnector, CompiledModule } from '../definition/load-definition.js';
import type {
  ConnectWiseGateway,
  ConnectWiseRecord,
  CreateAttempts,
  LinkRepository,
  LookupTable,
  MatchCondition,
  RecordKey,
  RecordReader,
  SyncLink,
} from '../ports.js';
import type { PushOutcome, SyncWarning } from './push-outcome.js';
import { patchOrPutWhole } from './put-after-refused-patch.js';
import { runPostSyncAfterCreate } from './after-create.js';
import { linkMany } from './link-many.js';
import { runPostSyncActions, snapshotKeysOf } from './post-sync.js';
import { resourcePath } from './resource-path.js';
import { toSyncFailure } from './to-sync-failure.js';
import { exceededFieldLimit } from './check-field-limits.js';
import { dependencyRecordId, recordsToPushAgain } from './dependency-fallbacks.js';
import { reviewOutcome } from './review-match.js';
import { holdsForAwaited } from './hold-for-awaited.js';

export interface PushContext {
  instanceId: string;
  connector: CompiledConnector;
  gateway: ConnectWiseGateway;
  links: LinkRepository;
  /** creates whose outcome is not known yet; without it, `afterUnsettledCreate` match rules never run */
  createAttempts?: CreateAttempts;
  records: RecordReader;
  lookups: LookupTable;
  serverVariables: Record<string, number | string>;
  /** `push.create` / `push.update` per module, already resolved against the definition */
  abilities: (module: string, ability: 'push.create' | 'push.update') => boolean;
  /** the connector's actions, by the names its definition uses */
  actions: ActionRegistry;
}

type MappingInput = {
  record: Record<string, unknown>;
  /** what the direction's `derived` values add (an account's billing address) */
  [derived: string]: unknown;
  vars: Record<string, number | string>;
  lookup: Record<string, string | number>;
  /** a `many` dependency's links are a map from BSS id to ConnectWise id */
  link: Record<string, number | Record<string, number> | undefined>;
  related: Record<string, Record<string, unknown> | undefined>;
  existing?: Record<string, unknown>;
  pre: Record<string, unknown>;
};

/**
 * Pushes one BSS record to ConnectWise: what it depends on must be linked first, its lookups mapped, its
 * preconditions true; then it is mapped and, if linked, only what changed since cwsync last wrote is
 * PATCHed (nothing at all when nothing changed); if unlinked, an existing ConnectWise record is looked for
 * before anything is created, so a retried or repeated push never makes a duplicate.
 */
export interface PushOptions {
  /** the ConnectWise id a person chose to link a match under review to (`cwsync link`) */
  adopt?: number;
  /**
   * the `after` dependencies this record awaits will not arrive now (their push failed or was skipped): what a
   * linked record holds back for them (a bill-to, to go out with the default contact) is written at once
   */
  writeHeld?: boolean;
  /**
   * the record's link as the caller read it just before (null: not linked), so that it is not read twice; left
   * out, it is read here (not at all when the record's `integrationIds` say there is none)
   */
  link?: SyncLink | null;
  /**
   * told whether the record was linked, once that is known (not when the push ends before: no such module or
   * record): a caller that needs it (the runner, for the report's action) need not read the link itself
   */
  linkKnown?: (linked: boolean) => void;
}

export async function pushRecord(
  context: PushContext,
  moduleName: string,
  recordId: string,
  options: PushOptions = {},
): Promise<PushOutcome> {
  const module = context.connector.modules.get(moduleName);
  if (!module?.push) return { outcome: 'skipped', reason: `the connector does not push ${moduleName}` };
  // read with its own links when the reader can: a linked record's snapshot is then not read again
  const record = context.records.getWithLinks
    ? await context.records.getWithLinks(module.definition.bssEntity, recordId)
    : await context.records.get(module.definition.bssEntity, recordId);
  if (!record)
    return {
      outcome: 'skipped',
      reason: `${module.definition.label} ${recordId} no longer exists (deletes are not pushed)`,
    };
  const link =
    options.link === undefined
      ? await linkOf(context, moduleName, recordId, record)
      : (options.link ?? undefined);
  options.linkKnown?.(link !== undefined);
  const ability = link ? 'push.update' : 'push.create';
  if (!context.abilities(moduleName, ability)) {
    return { outcome: 'skipped', reason: `${ability} is switched off for ${moduleName} on this instance` };
  }
  try {
    const prepared = await prepareInput(context, module, record, link);
    if ('outcome' in prepared) return prepared;
    const { input, awaiting, known } = prepared;
    const warnings: SyncWarning[] = [];
    // Every PATCH of the record goes through here: a tenant that refuses it for its own stored data gets a PUT.
    const update = async (path: string, id: number, changes: FieldChanges) => {
      const leaveOut = module.definition.connectwise.putWhenPatchRefused?.leaveOut;
      const { written, warning } = await patchOrPutWhole(context.gateway, path, id, changes, leaveOut);
      if (warning) warnings.push(warning);
      return written;
    };
    const settled = async (outcome: PushOutcome): Promise<PushOutcome> => {
      if (!('connectwiseId' in outcome)) return outcome;
      const pushAgain = await recordsToPushAgain(module, record, outcome.connectwiseId, {
        instanceId: context.instanceId,
        repository: context.links,
        related: input.related,
      });
      return {
        ...outcome,
        ...(awaiting.length > 0 ? { awaiting } : {}),
        ...(pushAgain.length > 0 ? { pushAgain } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    };
    const body = await module.push.map(input);
    const overLimit = exceededFieldLimit(body, module.push.maxLengths);
    if (overLimit) return { outcome: 'failed', failure: overLimit };
    const resource = module.definition.connectwise.resource;
    if (link) {
      const hold = { awaiting: awaiting.length, writeHeld: options.writeHeld === true };
      return await settled(await updateLinked(context, module, link, body, input, known, update, hold));
    }
    // Noted before it is looked for: a note found already is a create whose outcome is not known (a lost answer,
    // or a process killed after its POST), and the record is then looked for in ConnectWise itself.
    const attempts = context.createAttempts;
    const attempt = { instanceId: context.instanceId, module: moduleName, recordId };
    const unsettled = (await attempts?.begin(attempt)) === true;
    const { matched, ambiguous } = await matchExisting(context, moduleName, module, body, record, unsettled, {
      input,
      recordId,
      adopt: options.adopt,
    });
    const keepAsWritten = module.push.keepAsWrittenTargets;
    if (ambiguous) return ambiguous;
    if (matched) {
      // As after a create: the fields that name the record itself (a company is its own bill-to) need its id.
      const linkedBody = await module.push.remapWithSelf(
        { ...input, link: { ...input.link, self: matched.id } },
        body,
      );
      const changes = changedFields(project(matched, linkedBody), linkedBody, module.push.createOnlyTargets);
      const written = hasChanges(changes)
        ? await update(resourcePath(resource, matched), matched.id, changes)
        : matched;
      await saveLink(
        context,
        moduleName,
        record,
        recordId,
        written,
        linkedBody,
        keepAsWritten,
        known,
        attempt,
      );
      const linkedInput = { ...input, link: { ...input.link, self: matched.id } };
      await runPostSyncAfterCreate(context, module, recordId, linkedInput, false);
      return await settled({ outcome: 'linked', connectwiseId: matched.id, body: linkedBody });
    }
    const created = await context.gateway.create(resourcePath(resource, body), body).catch(async (error) => {
      // ConnectWise answered with a refusal: nothing was made, so the next push need not look for it.
      if (refusedByConnectWise(error)) await attempts?.settle(attempt);
      throw error;
    });
    if (awaiting.length > 0) {
      // The record is pushed again once what it awaits is in ConnectWise: the fields that name it and the
      // ones that name the record itself go out then, in one PATCH instead of two. The snapshot holds those
      // self-naming fields as ConnectWise answered them: where it already made them so (a new company its own
      // bill-to), they are not written at all, and a push before the awaited record's writes nothing.
      const remapped = await module.push.remapWithSelf(
        { ...input, link: { ...input.link, self: created.id } },
        body,
      );
      await saveLink(context, moduleName, record, recordId, created, remapped, keepAsWritten, known, attempt);
      const createdInput = { ...input, link: { ...input.link, self: created.id } };
      await runPostSyncAfterCreate(context, module, recordId, createdInput, true);
      return await settled({ outcome: 'created', connectwiseId: created.id, body });
    }
    // Fields that name the new record itself (a company is its own bill-to) can only be mapped now.
    const remapped = await module.push.remapWithSelf(
      { ...input, link: { ...input.link, self: created.id } },
      body,
    );
    const followUp = selfDependentChanges(body, remapped, created, module.push.createOnlyTargets);
    const written = hasChanges(followUp)
      ? await update(resourcePath(resource, body), created.id, followUp)
      : created;
    await saveLink(context, moduleName, record, recordId, written, remapped, keepAsWritten, known, attempt);
    const createdInput = { ...input, link: { ...input.link, self: created.id } };
    await runPostSyncAfterCreate(context, module, recordId, createdInput, true);
    return await settled({ outcome: 'created', connectwiseId: created.id, body: remapped });
  } catch (error) {
    return { outcome: 'failed', failure: toSyncFailure(error) };
  }
}

/**
 * The record's own link: as the record was read with it (`RecordReader.getWithLinks`: one statement for both), else
 * none when the `integrationIds` it was read with say it is not linked on this instance (most records of an initial
 * push), else read (the engine diffs against its snapshot).
 */
async function linkOf(
  context: PushContext,
  moduleName: string,
  recordId: string,
  record: Record<string, unknown>,
): Promise<SyncLink | undefined> {
  const carried = context.links.linkInRecord?.(context.instanceId, moduleName, record);
  if (carried !== undefined) return carried ?? undefined;
  if (context.links.idInRecord?.(context.instanceId, record) === null) return undefined;
  return context.links.find(context.instanceId, moduleName, recordId);
}

/**
 * A dependency's ConnectWise id on this instance, or undefined while it is not in ConnectWise: from the
 * `integrationIds` its record was read with (the same link row, read in the record's statement), else its link.
 */
async function connectwiseIdOf(
  context: PushContext,
  module: string,
  recordId: string,
  record: Record<string, unknown>,
): Promise<number | undefined> {
  const inRecord = context.links.idInRecord?.(context.instanceId, record);
  if (inRecord !== undefined) return inRecord ?? undefined;
  return (await context.links.find(context.instanceId, module, recordId))?.connectwiseId;
}

async function prepareInput(
  context: PushContext,
  module: CompiledModule,
  record: Record<string, unknown>,
  link: SyncLink | undefined,
): Promise<
  | {
      input: MappingInput;
      awaiting: Array<{ module: string; recordId: string }>;
      /** the dependencies found linked, for the conflict base (`pulledBase`) */
      known: Record<string, KnownDependency>;
    }
  | PushOutcome
> {
  const links: MappingInput['link'] = { self: link?.connectwiseId };
  const known: Record<string, KnownDependency> = {};
  const related: Record<string, Record<string, unknown> | undefined> = {};
  const waiting: Array<{ module: string; recordId: string; as?: string }> = [];
  const awaiting: Array<{ module: string; recordId: string }> = [];
  for (const dependency of module.dependencyIds) {
    if (dependency.many) {
      const many = await linkMany(context, dependency, record);
      if (many.missing)
        return failed(dependency.as, `${dependency.as} "${many.missing}" does not exist in the BSS`);
      links[dependency.as] = many.ids;
      related[dependency.as] = many.records;
      const pending = dependency.order === 'before' ? waiting : awaiting;
      pending.push(...many.unlinked.map((id) => ({ module: dependency.module, recordId: id })));
      continue;
    }
    const source = dependency.of ? related[dependency.of] : record;
    if (!source) continue;
    const dependencyModule = context.connector.modules.get(dependency.module)!;
    const named = await dependencyRecordId(
      context.records,
      dependency,
      dependencyModule.definition.bssEntity,
      source,
    );
    if (named === undefined) continue;
    const id = named.id;
    // A record that may be pushed again once this one is in (a primary contact's account) is read with its links
    // whole: whether its last write already names this one is then known without reading its link again.
    const readWithLinks = dependency.pushAgainUnlessWritten !== undefined && context.records.getWithLinks;
    related[dependency.as] =
      named.found ??
      (readWithLinks
        ? await context.records.getWithLinks!(dependencyModule.definition.bssEntity, id)
        : await context.records.get(dependencyModule.definition.bssEntity, id));
    if (!related[dependency.as]) {
      return failed(dependency.as, `${dependency.as} "${id}" does not exist in the BSS`);
    }
    const dependencyId = await connectwiseIdOf(context, dependency.module, id, related[dependency.as]!);
    if (dependencyId !== undefined) {
      links[dependency.as] = dependencyId;
      known[dependency.as] = { recordId: id, connectwiseId: dependencyId };
    } else if (dependency.order === 'before') {
      waiting.push({ module: dependency.module, recordId: id, as: dependency.as });
    } else awaiting.push({ module: dependency.module, recordId: id });
  }
  if (waiting.length > 0) return { outcome: 'waiting', dependencies: waiting };

  const lookup: Record<string, string | number> = {};
  for (const use of module.lookupIds) {
    const internalId = await use.internalId.evaluate(record);
    if (internalId === undefined || internalId === null || internalId === '') continue;
    const integrationId = context.lookups.integrationId(use.lookup, String(internalId));
    if (integrationId === undefined) {
      if (use.required) return failed(use.as, use.missingMessage.replace('{value}', String(internalId)));
      continue;
    }
    lookup[use.as] = /^\d+$/.test(integrationId) ? Number(integrationId) : integrationId;
  }

  const input: MappingInput = {
    record,
    vars: context.serverVariables,
    lookup,
    link: links,
    related,
    existing: link?.pushedBody,
    pre: {},
  };
  // What the definition derives from the record (the one address ConnectWise keeps: the billing one).
  for (const [name, expression] of module.push!.derived) input[name] = await expression.evaluate(input);
  for (const precondition of module.preconditions) {
    if ((await precondition.check.evaluate(input)) !== true) return failed(undefined, precondition.message);
  }
  await runPreSyncActions(module.push!.preSync, input, context.actions, { gateway: context.gateway });
  return { input, awaiting, known };
}

async function updateLinked(
  context: PushContext,
  module: CompiledModule,
  link: SyncLink,
  body: Record<string, unknown>,
  input: MappingInput,
  known: Readonly<Record<string, KnownDependency>>,
  update: (path: string, id: number, changes: FieldChanges) => Promise<ConnectWiseRecord>,
  hold: { awaiting: number; writeHeld: boolean },
): Promise<PushOutcome> {
  // What post-synchronization actions keep in the snapshot (an order's lines) is theirs, not a field.
  const snapshotKeys = snapshotKeysOf(module.push!.postSync);
  const kept = Object.fromEntries(snapshotKeys.map((key) => [key, link.pushedBody[key]]));
  const fields = Object.fromEntries(
    Object.entries(snapshotToCompare(link.pushedBody)).filter(([key]) => !snapshotKeys.includes(key)),
  );
  const mapped = changedFields(fields, body, module.push!.createOnlyTargets);
  // Only fields that name the record itself changed, and the record awaits another whose fields go out in a PATCH
  // anyway (a company's bill-to, on a tenant that leaves it unset, waits for its default contact): nothing now.
  const held = await holdsForAwaited(module, input, body, mapped, hold);
  const changes = held ? { set: {}, unset: [] } : mapped;
  let progress = link.pushedBody;
  // What the create-only fields can only change through other endpoints (a company's type associations).
  const viaActions = await runPostSyncActions(module.push!.postSync, input, context.actions, {
    gateway: context.gateway,
    connectwiseId: link.connectwiseId,
    existing: link.pushedBody,
    async saveProgress(written) {
      progress = { ...progress, ...written };
      await context.links.save({ ...link, pushedBody: progress });
    },
  });
  const actionsWrote = Object.keys(viaActions).length > 0;
  if (!hasChanges(changes) && !actionsWrote) {
    return { outcome: 'unchanged', connectwiseId: link.connectwiseId, body };
  }
  // A record under a parent (an agreement's addition) is addressed under the parent it was created in.
  const path = resourcePath(module.definition.connectwise.resource, link.pushedBody);
  // Noted first: if the answer is lost, a pull meanwhile knows the values for cwsync's own, and the retry sends them.
  if (hasChanges(changes)) await context.links.save({ ...link, pushedBody: noteWrite(progress, changes) });
  const written = hasChanges(changes) ? await update(path, link.connectwiseId, changes) : undefined;
  const pushedBody = {
    ...(written
      ? { ...kept, ...project(written, body, module.push!.keepAsWrittenTargets) }
      : withoutWriteNote(progress)),
    ...viaActions,
  };
  await context.links.save({
    ...link,
    pushedBody,
    bssValues: written
      ? ((await pulledBase(context, module.name, written, input.record, known)) ?? link.bssValues)
      : link.bssValues,
    connectwiseLastUpdated:
      (written?._info as Record<string, string> | undefined)?.lastUpdated ?? link.connectwiseLastUpdated,
  });
  return { outcome: 'updated', connectwiseId: link.connectwiseId, body };
}

/** An error that is ConnectWise's answer refusing the request (4xx): the request made nothing. */
function refusedByConnectWise(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Looks for the ConnectWise record this one may already be: a unique match is linked, several are for a person.
 * Rules kept for after a create whose outcome is not known run only when `unsettled`.
 */
async function matchExisting(
  context: PushContext,
  moduleName: string,
  module: CompiledModule,
  body: Record<string, unknown>,
  record: Record<string, unknown>,
  unsettled: boolean,
  review: { input: MappingInput; recordId: string; adopt?: number },
): Promise<{ matched?: ConnectWiseRecord; ambiguous?: PushOutcome }> {
  for (const rule of module.matchRules) {
    if (rule.when === 'afterUnsettledCreate' && !unsettled) continue;
    const conditions: MatchCondition[] = [];
    for (const condition of rule.conditions) {
      const value = await condition.value.evaluate(condition.of === 'record' ? record : body);
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) break;
      if (typeof value === 'object') break;
      const date = condition.date ? new Date(String(value)) : undefined;
      if (date !== undefined && Number.isNaN(date.getTime())) break;
      conditions.push({
        field: condition.connectwiseField,
        value: date ?? (value as string | number | boolean),
        child: condition.child,
        ...(condition.customField !== undefined ? { customField: condition.customField } : {}),
      });
    }
    // A blank key never matches: the rule is skipped rather than matching everything.
    if (conditions.length !== rule.conditions.length) continue;
    let candidates = await context.gateway.findMatching(
      resourcePath(module.definition.connectwise.resource, body),
      conditions,
      unsettled ? { live: true } : undefined,
    );
    if (rule.when === 'afterUnsettledCreate') {
      // Looking for what the lost create made: a record another BSS record is linked to was not made by it.
      const free: ConnectWiseRecord[] = [];
      for (const candidate of candidates) {
        const owner = await context.links.findByConnectwiseId(context.instanceId, moduleName, candidate.id);
        if (!owner) free.push(candidate);
      }
      candidates = free;
    }
    if (candidates.length === 1) {
      const found = candidates[0]!;
      const differs = rule.reviewWhenDiffers.find((field) => !sameForConnectWise(found[field], body[field]));
      if (differs === undefined || review.adopt === found.id) return { matched: found };
      if (rule.adoptWhen && (await rule.adoptWhen.evaluate(review.input)) === true) return { matched: found };
      const by = rule.conditions.map((condition) => condition.connectwiseField).join(' and ');
      return {
        ambiguous: reviewOutcome(
          module,
          { instanceId: context.instanceId, recordId: review.recordId },
          rule.description,
          by,
          found,
          body,
          differs,
        ),
      };
    }
    if (candidates.length > 1 && rule.requireUnique) {
      const ids = candidates.map((candidate) => candidate.id);
      return { ambiguous: { outcome: 'ambiguous', candidates: ids, rule: rule.description } };
    }
  }
  return {};
}

/**
 * What only the new record's own id makes writable: the fields whose mapping changed once the id was known,
 * and only where ConnectWise does not already hold that value (it may make a company its own bill-to by
 * itself). Everything else was in the create; comparing it again with ConnectWise's decorated answer (items
 * with ids, a domain) would rewrite it for nothing, or without the ids that keep it from being duplicated.
 */
function selfDependentChanges(
  body: Record<string, unknown>,
  remapped: Record<string, unknown>,
  created: Record<string, unknown>,
  createOnly: ReadonlySet<string>,
): FieldChanges {
  const dependsOnId = changedFields(body, remapped, createOnly);
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(dependsOnId.set)) {
    if (!sameMappedValue(created[field], value)) set[field] = value;
  }
  return { set, unset: dependsOnId.unset.filter((field) => !sameMappedValue(created[field], undefined)) };
}

/**
 * The fields of a ConnectWise record that the mapping writes, as ConnectWise holds them; those in
 * `keepAsWritten` as cwsync wrote them (ConnectWise answers every custom field of the screen, decorated).
 */
function project(
  record: Record<string, unknown>,
  body: Record<string, unknown>,
  keepAsWritten: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const projection: Record<string, unknown> = {};
  for (const field of Object.keys(body)) {
    if (keepAsWritten.has(field)) projection[field] = body[field];
    else if (field in record) projection[field] = record[field];
  }
  return projection;
}

/** The link a create or a match made, saved with the create note's removal (one commit) when there is one. */
async function saveLink(
  context: PushContext,
  module: string,
  record: Record<string, unknown>,
  recordId: string,
  written: ConnectWiseRecord,
  body: Record<string, unknown>,
  keepAsWritten: ReadonlySet<string>,
  known: Readonly<Record<string, KnownDependency>>,
  attempt: RecordKey,
): Promise<void> {
  const info = written._info as Record<string, string> | undefined;
  // as a pull of what was written would find them: the base of the next pull's echo and conflict checks
  const bssValues = await pulledBase(context, module, written, record, known);
  const link: SyncLink = {
    instanceId: context.instanceId,
    module,
    recordId,
    connectwiseId: written.id,
    pushedBody: project(written, body, keepAsWritten),
    ...(bssValues ? { bssValues } : {}),
    ...(info?.lastUpdated !== undefined ? { connectwiseLastUpdated: info.lastUpdated } : {}),
  };
  if (context.createAttempts) await context.createAttempts.settle(attempt, link);
  else await context.links.save(link);
}

function failed(field: string | undefined, message: string): PushOutcome {
  return { outcome: 'failed', failure: { field, message, retryable: false } };
}
