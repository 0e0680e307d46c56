import { describeIssues, type ValidationIssue } from '../../errors/index.js';
import type { EntityName } from '../records/entity-names.js';

export type { ValidationIssue } from '../../errors/index.js';

export interface MissingReference {
  path: string;
  entity: EntityName;
  id: string;
}

/** Base of every error the store throws on purpose; `status` is the HTTP status the API answers with. */
export abstract class StoreError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;

  toJSON(): Record<string, unknown> {
    return { error: this.code, message: this.message };
  }
}

export class RecordValidationError extends StoreError {
  readonly status = 400;
  readonly code = 'validation_failed';

  constructor(
    readonly entity: EntityName,
    readonly issues: ValidationIssue[],
  ) {
    super(
      `${entity}: ${issues.length} invalid field${issues.length === 1 ? '' : 's'}: ` + describeIssues(issues),
    );
    this.name = 'RecordValidationError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), entity: this.entity, issues: this.issues };
  }
}

export class UnknownReferenceError extends StoreError {
  readonly status = 422;
  readonly code = 'unknown_reference';

  constructor(
    readonly entity: EntityName,
    readonly missing: Array<MissingReference & { described: string }>,
  ) {
    super(
      missing
        .map((reference) => `${reference.path} "${reference.id}" is not ${reference.described}`)
        .join('; '),
    );
    this.name = 'UnknownReferenceError';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      entity: this.entity,
      references: this.missing.map(({ path, entity, id }) => ({ path, entity, id })),
    };
  }
}

/** A write whose reference chain would lead back to the record itself (A-1 → A-2 → A-1). */
export class ReferenceCycleError extends StoreError {
  readonly status = 422;
  readonly code = 'reference_cycle';

  constructor(
    readonly entity: EntityName,
    /** the reference, e.g. `parentAccount.id` */
    readonly path: string,
    /** the record ids along the chain, starting and ending with the record written */
    readonly cycle: string[],
  ) {
    super(`${path}: ${cycle.join(' → ')} would be a cycle`);
    this.name = 'ReferenceCycleError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), entity: this.entity, path: this.path, cycle: this.cycle };
  }
}

export class VersionConflictError extends StoreError {
  readonly status = 409;
  readonly code = 'version_conflict';

  constructor(
    readonly entity: EntityName,
    readonly id: string,
    readonly expectedVersion: number,
    /** null when the record does not exist. */
    readonly actualVersion: number | null,
  ) {
    super(
      actualVersion === null
        ? `${entity} ${id}: expected version ${expectedVersion}, but the record does not exist`
        : `${entity} ${id}: expected version ${expectedVersion}, but it is at version ${actualVersion}; read it again and retry`,
    );
    this.name = 'VersionConflictError';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      entity: this.entity,
      id: this.id,
      expectedVersion: this.expectedVersion,
      actualVersion: this.actualVersion,
    };
  }
}

export class RecordNotFoundError extends StoreError {
  readonly status = 404;
  readonly code = 'not_found';

  constructor(
    readonly entity: EntityName,
    readonly id: string,
  ) {
    super(`${entity} ${id} does not exist`);
    this.name = 'RecordNotFoundError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), entity: this.entity, id: this.id };
  }
}

export class DuplicateRecordError extends StoreError {
  readonly status = 409;
  readonly code = 'duplicate_record';

  constructor(
    readonly entity: EntityName,
    readonly id: string,
  ) {
    super(`${entity} ${id} already exists; use PUT or PATCH to change it`);
    this.name = 'DuplicateRecordError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), entity: this.entity, id: this.id };
  }
}

/** A delete refused because other records still point at this one. */
export class RecordInUseError extends StoreError {
  readonly status = 409;
  readonly code = 'record_in_use';

  constructor(
    readonly entity: EntityName,
    readonly id: string,
    readonly referencedBy: Array<{ entity: EntityName; id: string; path: string }>,
  ) {
    super(
      `${entity} ${id} is still referenced by ` +
        referencedBy.map((referrer) => `${referrer.entity} ${referrer.id} (${referrer.path})`).join(', '),
    );
    this.name = 'RecordInUseError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), entity: this.entity, id: this.id, referencedBy: this.referencedBy };
  }
}
