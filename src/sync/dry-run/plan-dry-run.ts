import { ValidationError } from '../../errors/index.js';
import type { RecordStore } from '../../bss/store/index.js';
import { isEntityName } from '../../bss/records/index.js';
import type { ListChangedOptions } from '../../engine/index.js';
import type { SyncDirection } from '../../report/index.js';
import type { RuntimeCache } from '../instance-runtime.js';
import { defaultPollOverlapMs, pollCursorName, type PollCheckpoint } from '../poll-job.js';
import type { SyncState } from '../sync-state.js';
import { summarise } from './describe-entry.js';
import type { DryRunPlan } from './dry-run-types.js';
import { createPlanner } from './plan-records.js';

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
        const listing = await nextPollListing(deps.state, request.instanceId, name);
        for await (const record of runtime.gateway.listChanged(
          module.definition.connectwise.resource,
          listing,
        ))
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
async function nextPollListing(
  state: DryRunDependencies['state'],
  instanceId: string,
  module: string,
): Promise<ListChangedOptions> {
  const saved = await state.getCursor(instanceId, pollCursorName(module));
  if (saved === undefined) return {};
  const checkpoint = JSON.parse(saved) as Partial<PollCheckpoint>;
  const underWay = typeof checkpoint.lastId === 'number';
  const since = underWay
    ? Date.parse(String(checkpoint.since))
    : Date.parse(String(checkpoint.watermark)) - defaultPollOverlapMs;
  return {
    ...(Number.isNaN(since) ? {} : { since: new Date(since) }),
    ...(underWay && checkpoint.lastId ? { afterId: checkpoint.lastId } : {}),
  };
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
