import type { Kysely } from 'kysely';
import { isEntityName } from '../bss/records/index.js';
import type { RecordStore } from '../bss/store/index.js';
import type { Database } from '../db/schema.js';
import type { JobQueue } from '../jobs/index.js';
import { breakLink, type ReportRepository } from '../report/index.js';
import { pullJobKind, pushJobKind, type RuntimeCache } from '../sync/index.js';
import type { RecordDrift } from './drift-types.js';

/** `bss`: push this side (the BSS record → ConnectWise); `connectwise`: pull that side (ConnectWise → the BSS). */
export type ResolveSide = 'bss' | 'connectwise';

export interface ResolveDependencies {
  runtimes: Pick<RuntimeCache, 'get'>;
  db: Kysely<Database>;
  store: Pick<RecordStore, 'get'>;
  reports: Pick<ReportRepository, 'remove'>;
  queue: Pick<JobQueue, 'enqueue'>;
}

export interface QueuedResolution {
  module: string;
  recordId: string;
  direction: 'push' | 'pull';
  /** the job's record: the BSS id on push, the ConnectWise id on pull */
  jobRecordId: string;
}

export interface ResolveResult {
  queued: QueuedResolution[];
  refused: Array<{ module: string; recordId: string; reason: string }>;
}

/**
 * Puts drifted records in step one way, through the ordinary push and pull jobs (so the queue, the report and
 * a record's history show them as any other sync). The link's snapshot is first set to say which side is
 * right — the push and the pull write only what moved since the last sync, so without that a push would leave
 * a value changed in ConnectWise alone, and a pull a value changed in the BSS:
 * - push: the snapshot takes ConnectWise's current values of the drifted fields, so the push writes them all;
 *   a record gone from ConnectWise is unlinked first, so the push looks for a match, then creates it;
 * - pull: the snapshot's BSS values become the BSS record's current ones and ConnectWise's last update is
 *   forgotten, so the pull writes every field ConnectWise holds differently (as the instance's sync options
 *   allow: `pull.update` switched off skips it); a record gone from the BSS is unlinked first, so the pull
 *   creates it again (`pull.create`).
 */
export async function resolveDrift(
  deps: ResolveDependencies,
  instanceId: string,
  records: readonly RecordDrift[],
  side: ResolveSide,
): Promise<ResolveResult> {
  const runtime = await deps.runtimes.get(instanceId);
  const result: ResolveResult = { queued: [], refused: [] };
  for (const record of records) {
    const module = runtime.connector.modules.get(record.module);
    const refuse = (reason: string) =>
      result.refused.push({ module: record.module, recordId: record.recordId, reason });
    if (!module) {
      refuse(`the connector has no module ${record.module}`);
      continue;
    }
    const entity = module.definition.bssEntity;
    if (side === 'bss' ? !record.canPush : !record.canPull) {
      refuse(refusal(record, side));
      continue;
    }
    const link = await runtime.links.find(instanceId, record.module, record.recordId);
    if (link?.connectwiseId !== record.connectwiseId) {
      refuse('the link changed since the reconciliation: reconcile again');
      continue;
    }
    if (record.missing) {
      await breakLink(deps.db, deps.reports, {
        instanceId,
        module: record.module,
        ...(isEntityName(entity) ? { entity } : {}),
        recordId: record.recordId,
      });
    } else if (side === 'bss') {
      const pushedBody = { ...link.pushedBody };
      for (const field of record.fields) {
        if (field.connectwise === null || field.connectwise === undefined) delete pushedBody[field.field];
        else pushedBody[field.field] = field.connectwise;
      }
      await runtime.links.save({ ...link, pushedBody });
    } else {
      const current = isEntityName(entity) ? await deps.store.get(entity, record.recordId) : undefined;
      if (!current) {
        refuse(`${entity} ${record.recordId} no longer exists in the BSS: reconcile again`);
        continue;
      }
      const { connectwiseLastUpdated: _forgotten, ...rest } = link;
      await runtime.links.save({ ...rest, bssValues: { ...current } });
    }
    const direction = side === 'bss' ? 'push' : 'pull';
    const jobRecordId = direction === 'push' ? record.recordId : String(record.connectwiseId);
    await deps.queue.enqueue({
      kind: direction === 'push' ? pushJobKind : pullJobKind,
      instanceId,
      module: record.module,
      recordId: jobRecordId,
    });
    result.queued.push({ module: record.module, recordId: record.recordId, direction, jobRecordId });
  }
  return result;
}

function refusal(record: RecordDrift, side: ResolveSide): string {
  if (side === 'bss') {
    return record.missing === 'bss'
      ? 'the BSS record is gone and deletes are not pushed: pull it back, or unlink it'
      : `the instance does not push ${record.missing === 'connectwise' ? 'creates' : 'updates'} of ${record.module}`;
  }
  if (record.missing === 'connectwise') return 'the ConnectWise record is gone: nothing to pull';
  return `the instance does not pull ${record.missing === 'bss' ? 'creates' : 'updates'} of ${record.module}`;
}
