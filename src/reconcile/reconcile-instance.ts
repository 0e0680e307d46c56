import type { Kysely } from 'kysely';
import { isEntityName } from '../bss/records/index.js';
import type { RecordStore } from '../bss/store/index.js';
import type { Database } from '../db/schema.js';
import { createPushPreviewer, type InstanceRuntime, type RuntimeCache } from '../sync/index.js';
import { classifyDrift } from './classify-drift.js';
import type {
  NotCompared,
  Reconciliation,
  ReconcileProgress,
  RecordDrift,
  ModuleTally,
} from './drift-types.js';
import { groupDrift } from './group-drift.js';
import { countLinks } from '../bss/store/index.js';
import { pagesOfLinks, readHeldRecords } from './read-linked-records.js';
import {
  type CompiledModule,
  type ConnectWiseGateway,
  type ConnectWiseRecord,
  type PushOutcome,
  type SyncLink,
} from '../engine/index.js';

export interface ReconcileDependencies {
  runtimes: Pick<RuntimeCache, 'get'>;
  db: Kysely<Database>;
  store: Pick<RecordStore, 'get'>;
}

export interface ReconcileRequest {
  instanceId: string;
  /** default: every module the connector pushes */
  modules?: readonly string[];
  onProgress?(progress: ReconcileProgress): void;
}

/** The modules a reconciliation compares: those the connector pushes (their mapping is the comparison). */
export function reconcilableModules(runtime: Pick<InstanceRuntime, 'connector'>): string[] {
  return [...runtime.connector.modules.values()].filter((module) => module.push).map((module) => module.name);
}

/**
 * Compares every linked record of an instance with ConnectWise's copy through the push mapping, writing
 * nothing: the BSS side is mapped by the push itself run as a preview (every write captured, none sent), and
 * ConnectWise is read in pages of ids. Each differing field is told apart by the link's snapshot: changed on
 * the BSS side, on ConnectWise's, or on both; a link whose record is gone on one side is listed as missing.
 */
export async function reconcileInstance(
  deps: ReconcileDependencies,
  request: ReconcileRequest,
): Promise<Reconciliation> {
  const runtime = await deps.runtimes.get(request.instanceId);
  const instanceId = runtime.instance.id;
  const known = reconcilableModules(runtime);
  for (const name of request.modules ?? []) {
    if (!known.includes(name)) {
      throw new Error(`module: "${name}" is not a module the connector pushes (it has ${known.join(', ')})`);
    }
  }
  const requestsBefore = runtime.connection.stats().counters.requests;
  const previewer = createPushPreviewer(runtime, rememberingReads(runtime.push.gateway));
  const drift: RecordDrift[] = [];
  const notCompared: NotCompared[] = [];
  const modules: ModuleTally[] = [];
  for (const name of request.modules ?? known) {
    const module = runtime.connector.modules.get(name)!;
    const entity = module.definition.bssEntity;
    const tally: ModuleTally = { module: name, linked: 0, inStep: 0, drifted: 0, notCompared: 0 };
    modules.push(tally);
    const total = await countLinks(deps.db, instanceId, entity);
    request.onProgress?.({ module: name, done: 0, total });
    for await (const links of pagesOfLinks(deps.db, instanceId, name, entity)) {
      const { held, unaddressable } = await readHeldRecords(
        runtime.connection.client,
        module.definition.connectwise.resource,
        links,
      );
      for (const link of links) {
        tally.linked += 1;
        const reason = unaddressable.get(link.recordId);
        const found = reason
          ? { reason }
          : await compareLinked(runtime, module, link, held.get(link.recordId), deps.store, previewer);
        if ('reason' in found) {
          tally.notCompared += 1;
          notCompared.push({
            module: name,
            recordId: link.recordId,
            connectwiseId: link.connectwiseId,
            reason: found.reason,
          });
        } else if (found.drift) {
          tally.drifted += 1;
          drift.push(found.drift);
        } else tally.inStep += 1;
        request.onProgress?.({ module: name, done: tally.linked, total: Math.max(total, tally.linked) });
      }
    }
  }
  return {
    instanceId,
    modules,
    drift,
    groups: groupDrift(drift),
    notCompared,
    connectwiseRequests: runtime.connection.stats().counters.requests - requestsBefore,
  };
}

async function compareLinked(
  runtime: InstanceRuntime,
  module: CompiledModule,
  link: SyncLink,
  held: ConnectWiseRecord | undefined,
  store: Pick<RecordStore, 'get'>,
  preview: ReturnType<typeof createPushPreviewer>,
): Promise<{ drift?: RecordDrift } | { reason: string }> {
  const name = module.name;
  const entity = module.definition.bssEntity;
  const record = isEntityName(entity) ? await store.get(entity, link.recordId) : undefined;
  const base = { module: name, recordId: link.recordId, connectwiseId: link.connectwiseId };
  const pulls = module.pull !== undefined;
  if (!record) {
    return {
      drift: {
        ...base,
        missing: 'bss',
        fields: [],
        canPush: false,
        canPull: pulls && held !== undefined && runtime.pull.abilities(name, 'pull.create'),
      },
    };
  }
  if (!held) {
    return {
      drift: {
        ...base,
        missing: 'connectwise',
        fields: [],
        canPush: runtime.push.abilities(name, 'push.create'),
        canPull: false,
      },
    };
  }
  const { outcome } = await preview(name, link.recordId);
  const mapped = mappedBody(outcome);
  if (!mapped) return { reason: describeOutcome(outcome) };
  const fields = classifyDrift(module, mapped, held, link);
  if (fields.length === 0) return {};
  return {
    drift: {
      ...base,
      fields,
      canPush: runtime.push.abilities(name, 'push.update'),
      canPull: pulls && runtime.pull.abilities(name, 'pull.update'),
    },
  };
}

/** The body a push of a linked record maps; undefined when the push would not get that far. */
function mappedBody(outcome: PushOutcome): Record<string, unknown> | undefined {
  return outcome.outcome === 'unchanged' || outcome.outcome === 'updated' ? outcome.body : undefined;
}

function describeOutcome(outcome: PushOutcome): string {
  switch (outcome.outcome) {
    case 'failed':
      return `the push would fail: ${outcome.failure.field ? `${outcome.failure.field}: ` : ''}${outcome.failure.message}`;
    case 'skipped':
      return outcome.reason;
    case 'waiting':
      return `the push waits for ${outcome.dependencies.map((dependency) => `${dependency.module} ${dependency.recordId}`).join(', ')}`;
    default:
      return `the push would answer ${outcome.outcome}`;
  }
}

/**
 * The runtime's lookups (its match index first), each answer kept for the whole reconciliation: records that
 * share a parent or a reference (the subscriptions of one account and its agreement) read it once.
 */
function rememberingReads(gateway: ConnectWiseGateway): Pick<ConnectWiseGateway, 'findMatching'> {
  const answers = new Map<string, Promise<ConnectWiseRecord[]>>();
  return {
    findMatching(resource, conditions, options) {
      const key = JSON.stringify([resource, conditions, options?.live === true]);
      let answer = answers.get(key);
      if (!answer) {
        answer = gateway.findMatching(resource, conditions, options);
        answer.catch(() => answers.delete(key));
        answers.set(key, answer);
      }
      return answer;
    },
  };
}
