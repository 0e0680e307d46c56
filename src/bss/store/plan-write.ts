import { isDeepStrictEqual } from 'node:util';
import type { EntityName } from '../records/entity-names.js';
import type { PlannedWrite } from './apply-writes.js';
import { VersionConflictError } from './errors.js';
import type { StoredRecord } from './record-rows.js';

export function checkExpectedVersion(
  entity: EntityName,
  id: string,
  current: StoredRecord | undefined,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion === undefined) return;
  if (current === undefined || current.version !== expectedVersion) {
    throw new VersionConflictError(entity, id, expectedVersion, current?.version ?? null);
  }
}

/**
 * The write that stores `data` as record `id`, or null when it would change nothing: a repeated PUT or import
 * row makes no new version and no change row, so it never triggers a push.
 */
export function planSave(
  entity: EntityName,
  id: string,
  current: StoredRecord | undefined,
  data: Record<string, unknown>,
  expectedVersion: number | undefined,
  now: string,
): PlannedWrite | null {
  checkExpectedVersion(entity, id, current, expectedVersion);
  if (current === undefined) {
    return { action: 'created', stored: { id, version: 1, data, createdAt: now, updatedAt: now } };
  }
  if (isDeepStrictEqual(current.data, data)) return null;
  return {
    action: 'updated',
    stored: { id, version: current.version + 1, data, createdAt: current.createdAt, updatedAt: now },
  };
}

export function planDelete(current: StoredRecord, now: string): PlannedWrite {
  return { action: 'deleted', stored: { ...current, version: current.version + 1, updatedAt: now } };
}
