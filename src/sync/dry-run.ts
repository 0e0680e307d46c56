import { ValidationError } from '../errors/index.js';
import type { RecordStore } from '../bss/store/index.js';
import { isEntityName } from '../bss/records/index.js';
import { allOf, where, type Condition, type PatchOperation } from '../connectwise/index.js';
import { MatchKeyIndex } from '../engine/adapters/match-key-index.js';
import { listMatchResources } from '../engine/adapters/list-match-resources.js';
import { toPatchOperations } from '../engine/adapters/connectwise-gateway.js';
import type { FieldConflict } from '../engine/compare/resolve-conflicts.js';
import type {
  ConnectWiseGateway,
  ConnectWiseRecord,
  LinkRepository,
  RecordReader,
  RecordWriter,
  SyncLink,
} from '../engine/ports.js';
import type { PullOutcome } from '../engine/pull/pull-outcome.js';
import { pullRecord } from '../engine/pull/pull-record.js';
import type { PushOutcome } from '../engine/push/push-outcome.js';
import { pushRecord } from '../engine/push/push-record.js';
import type { SyncDirection } from '../report/index.js';
import type { InstanceRuntime, RuntimeCache } from './instance-runtime.js';
import { defaultPollOverlapMs, pollCursorName, type PollCheckpoint } from './poll-job.js';
import type { SyncState } from './sync-state.js';

/** What a sync would do to one record. */
export type DryRunAction =
  'create' | 'update' | 'link' | 'unchanged' | 'skipped' | 'failed' | 'waiting' | 'ambiguous';

/** A write the sync would make: to ConnectWise on push, to the BSS on pull. */
export type DryRunWrite =
  | { to: 'connectwise'; method: 'POST'; path: string; body: Record<string, unknown> }
  | { to: 'connectwise'; method: 'PATCH'; path: string; operations: PatchOperation[] }
  | { to: 'connectwise'; method: 'DELETE'; path: string }
  | { to: 'bss'; method: 'create'; entity: string; id?: string; fields: Record<string, unknown> }
  | { to: 'bss'; method: 'update'; entity: string; id: string; fields: Record<string, unknown> };

export interface DryRunEntry {
  instanceId: string;
  direction: SyncDirection;
  module: string;
  /** push: the BSS record's id; pull: the ConnectWise record's id */
  id: string;
  action: DryRunAction;
  /** push: the ConnectWise id (negative: a record this plan would create); pull: the BSS id */
  target?: number | string;
  /** why a record is skipped, failed, waiting or ambiguous; what a create leaves for later */
  message?: string;
  /** the field a person must fix, for a failed record */
  field?: string;
  /** the records it waits for, and what the dry run found each of them would do */
  waitsFor?: Array<{ module: string; id: string; wouldBe?: DryRunAction }>;
  writes: DryRunWrite[];
  /** pull: fields both sides changed, with both values and the one the policy keeps */
  conflicts?: FieldConflict[];
}

export interface DryRunSummary {
  instanceId: string;
  direction: SyncDirection;
  module: string;
  counts: Partial<Record<DryRunAction, number>>;
}

export interface DryRunPlan {
  entries: DryRunEntry[];
  summary: DryRunSummary[];
}

export interface DryRunDependencies {
  runtimes: Pick<RuntimeCache, 'get' | 'invalidate'>;
  store: RecordStore;
  /** where the pollers keep their checkpoints: a dry pull reads what the next poll would */
  state: Pick<SyncState, 'getCursor'>;
}

export interface DryRunRequest {
  instanceId: string;
  /** default: every module */
  modules?: readonly string[];
  /** default: both, each where the module has it */
  directions?: readonly SyncDirection[];
}

/**
 * Runs the engine over a read-only view of one instance and answers what a sync would do, record by record,
 * with the payloads — writing nothing: not ConnectWise, not the BSS, not the links, the report or the queue.
 * Push covers every BSS record of the module(s); pull every ConnectWise record of the module(s). A record
 * waiting for another has that one planned too (a real run queues it) and is shown waiting for it, "would be
 * created" when that is what the dry run found.
 */
export async function dryRunSync(deps: DryRunDependencies, request: DryRunRequest): Promise<DryRunPlan> {
  // ConnectWise as it is now, as a manual run sees it: the runtime (its match index) is built afresh.
  await deps.runtimes.invalidate(request.instanceId);
  const runtime = await deps.runtimes.get(request.instanceId);
  const connector = runtime.connector;
  const modules = request.modules ?? [...connector.modules.keys()];
  for (const name of modules) {
    if (!connector.modules.has(name)) {
      throw ValidationError.at(
        'module',
        'knownModule',
        `"${name}" is not a module of the connector (it has ${[...connector.modules.keys()].join(', ')})`,
      );
    }
  }
  const planner = createPlanner(runtime);
  for (const direction of request.directions ?? (['push', 'pull'] as const)) {
    for (const name of modules) {
      const module = connector.modules.get(name)!;
      if (!module[direction]) continue;
      if (direction === 'push') {
        for await (const id of bssRecordIds(deps.store, module.definition.bssEntity))
          await planner.push(name, id);
      } else {
        const resource = runtime.client.resource<ConnectWiseRecord>(
          module.definition.connectwise.resource,
          undefined,
          { forwardOnly: true },
        );
        const conditions = await nextPollConditions(deps.state, request.instanceId, name);
        for await (const record of resource.list(conditions ? { conditions } : {}))
          await planner.pull(name, record);
      }
    }
  }
  const entries = planner.entries();
  return { entries, summary: summarise(entries) };
}

/**
 * What the module's next poll would list (see poll-job.ts): a poll under way goes on after its last record; after
 * a finished one, the records changed since its start minus the overlap; before the first, everything.
 */
async function nextPollConditions(
  state: DryRunDependencies['state'],
  instanceId: string,
  module: string,
): Promise<Condition | undefined> {
  const saved = await state.getCursor(instanceId, pollCursorName(module));
  if (saved === undefined) return undefined;
  const checkpoint = JSON.parse(saved) as Partial<PollCheckpoint>;
  const underWay = typeof checkpoint.lastId === 'number';
  const since = underWay
    ? Date.parse(String(checkpoint.since))
    : Date.parse(String(checkpoint.watermark)) - defaultPollOverlapMs;
  return allOf(
    Number.isNaN(since) ? undefined : where('lastUpdated', '>=', new Date(since)),
    underWay && checkpoint.lastId ? where('id', '>', checkpoint.lastId) : undefined,
  );
}

async function* bssRecordIds(store: RecordStore, entity: string): AsyncGenerator<string> {
  if (!isEntityName(entity)) throw new Error(`the BSS has no entity "${entity}"`);
  let after: string | undefined;
  do {
    const page = await store.list(entity, { limit: 500, ...(after ? { after } : {}) });
    for (const record of page.items) yield String(record.id);
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
}

/** Plans records one at a time (the ports collect the writes of the record in hand). */
function createPlanner(runtime: InstanceRuntime) {
  const instanceId = runtime.instance.id;
  const connector = runtime.connector;
  const gateway = createDryRunGateway(runtime);
  const writer = createDryRunWriter(runtime.pull.records);
  const entityOf = (module: string) => connector.modules.get(module)?.definition.bssEntity ?? module;
  // A record this plan would create is not in ConnectWise (or the BSS) yet: its dependents wait for it.
  const links = createDryRunLinks(
    runtime.links,
    (link) => link.connectwiseId < 0 || writer.wouldCreate(entityOf(link.module), link.recordId),
  );
  const push = { ...runtime.push, gateway: gateway.port, links };
  const pull = { ...runtime.pull, links, writer: writer.port };
  const planned = new Map<string, DryRunEntry>();
  const inProgress = new Set<string>();

  async function planPush(module: string, recordId: string): Promise<DryRunEntry | undefined> {
    const key = `push\u0000${module}\u0000${recordId}`;
    if (planned.has(key)) return planned.get(key);
    if (inProgress.has(key)) return undefined;
    inProgress.add(key);
    let outcome = await pushRecord(push, module, recordId);
    let writes = gateway.takeWrites();
    let waitsFor: DryRunEntry['waitsFor'];
    if (outcome.outcome === 'waiting') {
      waitsFor = [];
      for (const dependency of outcome.dependencies) {
        const found = await planPush(dependency.module, dependency.recordId);
        waitsFor.push({ module: dependency.module, id: dependency.recordId, ...wouldBe(found) });
      }
      // A real run wakes the record once what it waits for is in ConnectWise (e.g. matched and linked).
      const linked = await Promise.all(
        outcome.dependencies.map((dependency) =>
          links.find(instanceId, dependency.module, dependency.recordId),
        ),
      );
      if (linked.every((link) => link !== undefined)) {
        outcome = await pushRecord(push, module, recordId);
        writes = gateway.takeWrites();
        waitsFor = undefined;
      }
    }
    const entry = describePush(instanceId, module, recordId, outcome, writes, waitsFor);
    planned.set(key, entry);
    inProgress.delete(key);
    return entry;
  }

  async function planPull(module: string, record: ConnectWiseRecord): Promise<DryRunEntry | undefined> {
    const key = `pull\u0000${module}\u0000${record.id}`;
    if (planned.has(key)) return planned.get(key);
    if (inProgress.has(key)) return undefined;
    inProgress.add(key);
    let outcome = await pullRecord(pull, module, record);
    let writes = writer.takeWrites();
    let waitsFor: DryRunEntry['waitsFor'];
    if (outcome.outcome === 'waiting') {
      waitsFor = [];
      for (const dependency of outcome.dependencies) {
        const resource = connector.modules.get(dependency.module)!.definition.connectwise.resource;
        const other = await runtime.client
          .resource<ConnectWiseRecord>(resource)
          .find(dependency.connectwiseId);
        const found = other ? await planPull(dependency.module, other) : undefined;
        waitsFor.push({ module: dependency.module, id: String(dependency.connectwiseId), ...wouldBe(found) });
      }
      const linked = await Promise.all(
        outcome.dependencies.map((dependency) =>
          links.findByConnectwiseId(instanceId, dependency.module, dependency.connectwiseId),
        ),
      );
      if (linked.every((link) => link !== undefined)) {
        outcome = await pullRecord(pull, module, record);
        writes = writer.takeWrites();
        waitsFor = undefined;
      }
    }
    const entry = describePull(instanceId, module, record.id, outcome, writes, waitsFor);
    planned.set(key, entry);
    inProgress.delete(key);
    return entry;
  }

  return {
    push: planPush,
    pull: planPull,
    entries: () => [...planned.values()],
  };
}

const wouldBe = (entry: DryRunEntry | undefined) => (entry ? { wouldBe: entry.action } : {});

const actionOf: Record<string, DryRunAction> = {
  created: 'create',
  updated: 'update',
  linked: 'link',
  unchanged: 'unchanged',
  skipped: 'skipped',
  failed: 'failed',
  waiting: 'waiting',
  ambiguous: 'ambiguous',
};

function describePush(
  instanceId: string,
  module: string,
  recordId: string,
  outcome: PushOutcome,
  writes: DryRunWrite[],
  waitsFor: DryRunEntry['waitsFor'],
): DryRunEntry {
  const entry: DryRunEntry = {
    instanceId,
    direction: 'push',
    module,
    id: recordId,
    action: actionOf[outcome.outcome]!,
    writes,
  };
  switch (outcome.outcome) {
    case 'created':
    case 'updated':
    case 'linked':
    case 'unchanged':
      entry.target = outcome.connectwiseId;
      if (outcome.awaiting && outcome.awaiting.length > 0) {
        const names = outcome.awaiting.map((other) => `${other.module} ${other.recordId}`).join(', ');
        entry.message = `the fields naming ${names} are written once ${names} is in ConnectWise`;
      }
      break;
    case 'skipped':
      entry.message = outcome.reason;
      break;
    case 'failed':
      entry.message = outcome.failure.message;
      if (outcome.failure.field !== undefined) entry.field = outcome.failure.field;
      break;
    case 'ambiguous':
      entry.message = `${outcome.rule}: ConnectWise ${outcome.candidates.map((id) => `#${id}`).join(', ')}`;
      break;
    case 'waiting':
      entry.waitsFor = waitsFor;
      entry.message = describeWaits(waitsFor ?? []);
      break;
  }
  return entry;
}

function describePull(
  instanceId: string,
  module: string,
  connectwiseId: number,
  outcome: PullOutcome,
  writes: DryRunWrite[],
  waitsFor: DryRunEntry['waitsFor'],
): DryRunEntry {
  const entry: DryRunEntry = {
    instanceId,
    direction: 'pull',
    module,
    id: String(connectwiseId),
    action: actionOf[outcome.outcome]!,
    writes,
  };
  switch (outcome.outcome) {
    case 'created':
    case 'updated':
    case 'linked':
    case 'unchanged':
      entry.target = outcome.recordId;
      if (outcome.conflicts.length > 0) entry.conflicts = outcome.conflicts;
      break;
    case 'skipped':
      entry.message = outcome.reason;
      break;
    case 'failed':
      entry.message = outcome.failure.message;
      if (outcome.failure.field !== undefined) entry.field = outcome.failure.field;
      break;
    case 'ambiguous':
      entry.message = `${outcome.rule}: BSS ${outcome.candidates.join(', ')}`;
      break;
    case 'waiting':
      entry.waitsFor = waitsFor;
      entry.message = describeWaits(waitsFor ?? [], 'ConnectWise #');
      break;
  }
  return entry;
}

const waitNotes: Partial<Record<DryRunAction, string>> = {
  create: 'would be created',
  failed: 'which would fail',
  waiting: 'which waits too',
  skipped: 'which would be skipped',
  ambiguous: 'whose match is ambiguous',
};

function describeWaits(waitsFor: NonNullable<DryRunEntry['waitsFor']>, idPrefix = ''): string {
  const parts = waitsFor.map(({ module, id, wouldBe: action }) => {
    const note = action === undefined ? undefined : waitNotes[action];
    return `${module} ${idPrefix}${id}${note ? ` (${note})` : ''}`;
  });
  return `waits for ${parts.join(', ')}`;
}

function summarise(entries: readonly DryRunEntry[]): DryRunSummary[] {
  const byModule = new Map<string, DryRunSummary>();
  for (const entry of entries) {
    const key = `${entry.instanceId}\u0000${entry.direction}\u0000${entry.module}`;
    let summary = byModule.get(key);
    if (!summary) {
      summary = {
        instanceId: entry.instanceId,
        direction: entry.direction,
        module: entry.module,
        counts: {},
      };
      byModule.set(key, summary);
    }
    summary.counts[entry.action] = (summary.counts[entry.action] ?? 0) + 1;
  }
  return [...byModule.values()];
}

/**
 * The gateway of a dry run: reads (matches, GETs) go to ConnectWise; a create records its body and answers it
 * with a placeholder id (-1, -2, …), an update records its PATCH operations and answers the merged record, a
 * delete is recorded. Records the plan would create are matched like ConnectWise's own, so a second BSS
 * record with the same key is shown linking to the first, as a real run would.
 */
function createDryRunGateway(runtime: InstanceRuntime) {
  let writes: DryRunWrite[] = [];
  let nextPlaceholder = -1;
  const known = new Map<string, ConnectWiseRecord>();
  const wouldCreate = new Map<string, { index: MatchKeyIndex; records: Map<number, ConnectWiseRecord> }>();
  for (const { resource, fields } of listMatchResources(runtime.connector)) {
    wouldCreate.set(resource, { index: new MatchKeyIndex(fields), records: new Map() });
  }
  const keyOf = (resource: string, id: number) => `${resource}#${id}`;
  const remember = (resource: string, record: ConnectWiseRecord) => {
    known.set(keyOf(resource, record.id), record);
    const planned = wouldCreate.get(resource);
    if (record.id < 0 && planned) {
      planned.index.put(record);
      planned.records.set(record.id, record);
    }
  };

  const port: ConnectWiseGateway = {
    async findMatching(resource, conditions) {
      const found = await runtime.gateway.findMatching(resource, conditions);
      for (const record of found) known.set(keyOf(resource, record.id), record);
      const planned = wouldCreate.get(resource);
      const query = planned?.index.plan(conditions);
      if (!planned || !query) return found;
      return [...found, ...planned.index.find(query).map((id) => planned.records.get(id)!)];
    },
    async create(resource, body) {
      writes.push({ to: 'connectwise', method: 'POST', path: resource, body });
      const record = { ...body, id: nextPlaceholder-- };
      remember(resource, record);
      return record;
    },
    async update(resource, id, changes) {
      writes.push({
        to: 'connectwise',
        method: 'PATCH',
        path: `${resource}/${id}`,
        operations: toPatchOperations(changes),
      });
      const current =
        known.get(keyOf(resource, id)) ??
        (await runtime.client.resource<ConnectWiseRecord>(resource).get(id));
      const merged: ConnectWiseRecord = { ...current, ...changes.set, id };
      for (const field of changes.unset) delete merged[field];
      remember(resource, merged);
      return merged;
    },
    async remove(resource, id) {
      writes.push({ to: 'connectwise', method: 'DELETE', path: `${resource}/${id}` });
    },
  };
  return {
    port,
    /** the writes of the record in hand, handed over once */
    takeWrites(): DryRunWrite[] {
      const taken = writes;
      writes = [];
      return taken;
    },
  };
}

/** The RecordWriter of a dry pull: records what it would write, answers as the store would. */
function createDryRunWriter(reader: RecordReader) {
  let writes: DryRunWrite[] = [];
  let nextNew = 1;
  const created = new Set<string>();
  const port: RecordWriter = {
    async create(entity, id, fields) {
      writes.push({ to: 'bss', method: 'create', entity, ...(id !== undefined ? { id } : {}), fields });
      const newId = id ?? `(new ${nextNew++})`;
      created.add(`${entity}\u0000${newId}`);
      return { ...fields, id: newId, version: 1 };
    },
    async update(entity, id, fields) {
      writes.push({ to: 'bss', method: 'update', entity, id, fields });
      return { ...(await reader.get(entity, id)), ...fields, id };
    },
  };
  return {
    port,
    wouldCreate: (entity: string, id: string) => created.has(`${entity}\u0000${id}`),
    takeWrites(): DryRunWrite[] {
      const taken = writes;
      writes = [];
      return taken;
    },
  };
}

/**
 * The links of a dry run: the real ones, read from the database, under the links the plan would save (kept
 * in memory). A link to a record the plan would create is hidden, so what depends on it waits, as it would.
 */
function createDryRunLinks(real: LinkRepository, wouldCreate: (link: SyncLink) => boolean): LinkRepository {
  const byRecord = new Map<string, SyncLink>();
  const byConnectwiseId = new Map<string, SyncLink>();
  const recordKey = (instanceId: string, module: string, recordId: string) =>
    `${instanceId}\u0000${module}\u0000${recordId}`;
  const connectwiseKey = (instanceId: string, module: string, connectwiseId: number) =>
    `${instanceId}\u0000${module}\u0000#${connectwiseId}`;
  const visible = (link: SyncLink) => (wouldCreate(link) ? undefined : link);
  return {
    async find(instanceId, module, recordId) {
      const saved = byRecord.get(recordKey(instanceId, module, recordId));
      return saved ? visible(saved) : real.find(instanceId, module, recordId);
    },
    async findByConnectwiseId(instanceId, module, connectwiseId) {
      const saved = byConnectwiseId.get(connectwiseKey(instanceId, module, connectwiseId));
      return saved ? visible(saved) : real.findByConnectwiseId(instanceId, module, connectwiseId);
    },
    async save(link) {
      byRecord.set(recordKey(link.instanceId, link.module, link.recordId), link);
      byConnectwiseId.set(connectwiseKey(link.instanceId, link.module, link.connectwiseId), link);
    },
  };
}

/** The plan as text: a line per record with its payloads under it, then the counts per module. */
export function formatDryRunPlan(plan: DryRunPlan): string {
  const lines = [
    'Dry run: nothing was written (not ConnectWise, the BSS, the links, the report or the queue).',
  ];
  for (const entry of plan.entries) {
    const record = entry.direction === 'push' ? entry.id : `ConnectWise #${entry.id}`;
    const field = entry.field !== undefined ? `${entry.field}: ` : '';
    const message = entry.message !== undefined ? `: ${field}${entry.message}` : '';
    lines.push(
      `${entry.instanceId} ${entry.direction} ${entry.module} ${record}: ${entry.action}${describeTarget(entry)}${message}`,
    );
    for (const write of entry.writes) lines.push(`  ${describeWrite(write)}`);
    for (const conflict of entry.conflicts ?? []) {
      lines.push(
        `  conflict on ${conflict.field}: BSS ${JSON.stringify(conflict.bssValue)}, ConnectWise ` +
          `${JSON.stringify(conflict.connectwiseValue)}; ${conflict.winner === 'bss' ? 'the BSS' : 'ConnectWise'} wins`,
      );
    }
  }
  if (plan.entries.length === 0) lines.push('No records to sync.');
  lines.push('', 'Summary:');
  for (const summary of plan.summary) {
    const counts = Object.entries(summary.counts).map(([action, count]) => `${count} ${action}`);
    lines.push(`  ${summary.instanceId} ${summary.direction} ${summary.module}: ${counts.join(', ')}`);
  }
  return lines.join('\n');
}

function describeTarget(entry: DryRunEntry): string {
  if (entry.target === undefined) return '';
  if (entry.direction === 'pull') return ` (BSS ${entry.target})`;
  const id = entry.target as number;
  return id < 0 ? ` (new ConnectWise record, ${id} in this plan)` : ` (ConnectWise #${id})`;
}

function describeWrite(write: DryRunWrite): string {
  if (write.to === 'bss') {
    return `BSS ${write.method} ${write.entity} ${write.id ?? '(new id)'} ${JSON.stringify(write.fields)}`;
  }
  switch (write.method) {
    case 'POST':
      return `POST ${write.path} ${JSON.stringify(write.body)}`;
    case 'PATCH':
      return `PATCH ${write.path} ${JSON.stringify(write.operations)}`;
    case 'DELETE':
      return `DELETE ${write.path}`;
  }
}
