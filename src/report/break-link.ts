import type { Kysely } from 'kysely';
import type { EntityName } from '../bss/records/entity-names.js';
import { findIntegrationId, unlinkRecord } from '../bss/store/index.js';
import type { Database } from '../db/schema.js';
import type { ReportRepository } from './create-report-repository.js';

export interface LinkToBreak {
  instanceId: string;
  /** the module the report files the record under */
  module: string;
  /** the BSS entity the link is kept for; the module's name when left out */
  entity?: EntityName;
  /** the BSS id */
  recordId: string;
}

export interface BrokenLink {
  /** the ConnectWise id the record was linked to */
  integrationId: string;
  /** the report rows removed: the record's (by BSS id) and its pull rows (by ConnectWise id) */
  removedReportRows: number;
}

/**
 * Breaks the link of a BSS record to its ConnectWise record on one instance (`cwsync unlink`, the API's
 * unlink) and clears what the report says about the pair: the next push treats the record as new (and looks
 * for a match before creating). Answers undefined, and changes nothing, when the record is not linked.
 */
export async function breakLink(
  db: Kysely<Database>,
  reports: Pick<ReportRepository, 'remove'>,
  link: LinkToBreak,
): Promise<BrokenLink | undefined> {
  const entity = link.entity ?? (link.module as EntityName);
  const integrationId = await findIntegrationId(db, {
    instanceId: link.instanceId,
    entity,
    recordId: link.recordId,
  });
  if (integrationId === undefined) return undefined;
  await unlinkRecord(db, { instanceId: link.instanceId, entity, recordId: link.recordId });
  const byRecord = await reports.remove({
    instanceId: link.instanceId,
    module: link.module,
    recordId: link.recordId,
  });
  // Pull rows are filed under the ConnectWise id.
  const byConnectwiseId =
    integrationId === link.recordId
      ? 0
      : await reports.remove({
          instanceId: link.instanceId,
          module: link.module,
          recordId: integrationId,
          direction: 'pull',
        });
  return { integrationId: integrationId, removedReportRows: byRecord + byConnectwiseId };
}
