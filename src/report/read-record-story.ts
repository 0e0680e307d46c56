import type { Kysely } from 'kysely';
import { changesOfRecord, linksOfRecord } from '../bss/store/index.js';
import { readJsonColumn } from '../db/json-column.js';
import type { Database } from '../db/schema.js';
import { createRunLog } from '../runs/index.js';
import { createReportRepository } from './create-report-repository.js';
import { isDeepStrictEqual } from 'node:util';

/** One thing that happened to a record, on either side, as the database still knows it. */
export type StoryEvent =
  | {
      at: string;
      kind: 'bss-write';
      /** api / import: a BSS write (then pushed from the change feed); pull: ConnectWise's change written back */
      origin: 'api' | 'import' | 'pull';
      action: 'created' | 'updated' | 'deleted';
      version: number;
      /** the top-level fields this version changed */
      changedFields: string[];
      actor?: string;
    }
  | {
      at: string;
      kind: 'run-outcome';
      instanceId: string;
      runId: string;
      direction: 'push' | 'pull';
      outcome: string;
    }
  | {
      at: string;
      kind: 'linked';
      instanceId: string;
      connectwiseId: string;
      /** what the link keeps of the last write (the fields cwsync writes, as ConnectWise answered them) */
      lastPushed?: unknown;
      connectwiseLastUpdated?: string;
    }
  | {
      at: string;
      kind: 'not-in-step';
      instanceId: string;
      direction: 'push' | 'pull';
      outcome: string;
      message: string;
      /** ConnectWise's own answer, when it refused */
      connectwise?: unknown;
      attempts: number;
      firstFailedAt: string;
    };

export interface RecordStory {
  module: string;
  recordId: string;
  /** newest first */
  events: StoryEvent[];
  /** what the database does not keep, so the story cannot tell */
  cannotShow: string[];
}

export const storyLimits = [
  'each push as it was sent: only the last body written to ConnectWise is kept (with the link), and the fields a PATCH changed are the ones that differ from the write before, which is not kept',
  "ConnectWise's answers to writes that succeeded, and its answer to a failure once the record is in step again (the report keeps the current failure only)",
  'pulls that changed nothing in the BSS, and pushes outside a run that ended in step (the change feed and the report record what changed or failed, not every visit)',
  'outcomes of runs older than the run log keeps',
];

/** A record's story from what the database keeps: its BSS versions, runs, link and report entry. */
export async function readRecordStory(
  db: Kysely<Database>,
  target: { module: string; entity: string; recordId: string; instanceId?: string },
): Promise<RecordStory> {
  const events: StoryEvent[] = [];

  const changes = await changesOfRecord(db, target);
  let before: Record<string, unknown> = {};
  for (const change of changes) {
    const record = change.record === null ? {} : readJsonColumn<Record<string, unknown>>(change.record);
    const fields = [...new Set([...Object.keys(before), ...Object.keys(record)])].filter(
      (field) =>
        // the ids, the version and the times change every write; the link is its own event
        !['id', 'version', 'updatedAt', 'createdAt', 'integrationIds'].includes(field) &&
        !isDeepStrictEqual(before[field], record[field]),
    );
    events.push({
      at: change.at,
      kind: 'bss-write',
      origin: change.origin,
      action: change.action,
      version: Number(change.version),
      changedFields: fields.sort(),
      ...(change.actor !== null ? { actor: change.actor } : {}),
    });
    before = record;
  }

  const runs = createRunLog(db).outcomesOfRecord(target);
  for (const run of await runs) {
    events.push({
      at: run.at,
      kind: 'run-outcome',
      instanceId: run.instanceId,
      runId: run.runId,
      direction: run.direction,
      outcome: run.outcome,
    });
  }

  for (const link of await linksOfRecord(db, target)) {
    events.push({
      at: link.linked_at,
      kind: 'linked',
      instanceId: link.instance_id,
      connectwiseId: link.integration_id,
      ...(link.pushed_body !== null ? { lastPushed: readJsonColumn(link.pushed_body) } : {}),
      ...(link.connectwise_last_updated !== null
        ? { connectwiseLastUpdated: link.connectwise_last_updated }
        : {}),
    });
  }

  for (const entry of await createReportRepository(db).entriesOfRecord(target)) {
    events.push({
      at: entry.lastFailedAt,
      kind: 'not-in-step',
      instanceId: entry.instanceId,
      direction: entry.direction,
      outcome: entry.outcome,
      message: entry.message,
      ...(entry.connectwise !== undefined ? { connectwise: entry.connectwise } : {}),
      attempts: entry.attempts,
      firstFailedAt: entry.firstFailedAt,
    });
  }

  events.sort((a, b) => b.at.localeCompare(a.at));
  return { module: target.module, recordId: target.recordId, events, cannotShow: storyLimits };
}
