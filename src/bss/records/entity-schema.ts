import { isPlainObject } from '../../shared/index.js';
import { z } from 'zod';
import type { EntityName } from './entity-names.js';
import { isoDateTime, recordId } from './fields.js';

/** A field holding the id of another record; `[]` marks an array, e.g. `items[].product.id`. */
export interface ReferenceField {
  path: string;
  entity: EntityName;
  /**
   * A reference path of the referenced record that must hold this record's id, e.g. an account's primary
   * contact must be one of its own contacts (`account.id`).
   */
  mustReferBack?: string;
  /** How a missing or wrong reference is named in a 422, when not `described` of the entity. */
  described?: string;
  /**
   * A reference to the same entity whose chain must never lead back to the record (an account's parent, the
   * parent's parent, …): a write that would close a cycle is refused (422 `reference_cycle`).
   */
  acyclic?: boolean;
}

/** A query filter of `GET /api/v1/<entity>?<name>=…`, read from the record at `path`. */
export interface FilterField {
  name: string;
  path: string;
}

/** A rule across fields; runs even when other fields are invalid, so a 400 lists every problem at once. */
export interface CrossFieldRule {
  rule: string;
  path: string[];
  message: string;
  holds: (input: Record<string, unknown>) => boolean;
}

export interface EntitySchema<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: EntityName;
  kind: 'record' | 'lookup';
  /** "an account type": used in messages such as `type.id "x" is not an account type`. */
  described: string;
  /** "Account": names the schemas in the OpenAPI document. */
  title: string;
  /** What a client sends. Read-only fields are accepted (so a GET body can be sent back) and ignored. */
  input: z.ZodObject<ReturnType<typeof inputShape<Shape>>, z.core.$strict>;
  /** What the store returns. */
  record: z.ZodObject<ReturnType<typeof recordShape<Shape>>>;
  references: ReferenceField[];
  filters: FilterField[];
}

export const integrationIds = z
  .record(z.string(), z.string())
  .describe('The ConnectWise id of this record per connector instance; empty when unlinked.');

function inputShape<Shape extends z.ZodRawShape>(shape: Shape) {
  return {
    id: recordId.optional(),
    ...shape,
    version: z.int().min(1).optional().describe('The version you last read; a stale one is refused (409).'),
    createdAt: z.string().optional().describe('Read-only; ignored.'),
    updatedAt: z.string().optional().describe('Read-only; ignored.'),
    integrationIds: z.unknown().optional().describe('Read-only; ignored.'),
  };
}

function recordShape<Shape extends z.ZodRawShape>(shape: Shape) {
  return {
    id: recordId,
    ...shape,
    version: z.int().min(1),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    integrationIds,
  };
}

export function defineEntity<Shape extends z.ZodRawShape>(definition: {
  name: EntityName;
  kind: 'record' | 'lookup';
  described: string;
  title: string;
  shape: Shape;
  rules?: CrossFieldRule[];
  references?: ReferenceField[];
  filters?: FilterField[];
}): EntitySchema<Shape> {
  let input = z.strictObject(inputShape(definition.shape));
  for (const rule of definition.rules ?? []) {
    input = input.refine((value) => !isPlainObject(value) || rule.holds(value), {
      path: rule.path,
      message: rule.message,
      params: { rule: rule.rule },
      when: () => true,
    });
  }
  return {
    name: definition.name,
    kind: definition.kind,
    described: definition.described,
    title: definition.title,
    input,
    record: z.object(recordShape(definition.shape)),
    references: definition.references ?? [],
    filters: definition.filters ?? [],
  };
}
