import { z } from 'zod';
import type { EntitySchema } from '../records/entity-schema.js';
import {
  billingFlagPath,
  csvColumnAliases,
  isBillingAddressAlias,
  normaliseHeader,
} from './csv-column-aliases.js';
import { ImportFileError } from './import-file-error.js';
import type { ImportRow } from './import-row.js';
import { findSchemaAt, propertyNamesAt, typesOf, type JsonSchemaNode } from './json-schema-lookup.js';

export interface CsvRowMapper {
  /** Header → field path, for the summary and the docs. */
  columns: Array<{ header: string; field: string }>;
  /** The field path of the column at `index`; undefined for a column with an empty header. */
  fieldAt(index: number): string | undefined;
  mapRow(cells: string[], row: number): ImportRow;
}

interface ColumnTarget {
  path: string[];
  types: Set<string>;
  marksBillingAddress: boolean;
}

/**
 * Maps a CSV header to record fields, once per file: dotted names (`type.id`, `addresses.0.city`), the record's
 * own field names in any case, `<reference>` for `<reference>.id` (`type`, `currency`, `account`), and the
 * aliases of csv-column-aliases.ts. A column that names no field stops the import before anything is written:
 * better than dropping a column of data without a word.
 */
export function mapCsvColumns(entity: EntitySchema, header: string[]): CsvRowMapper {
  const schema = z.toJSONSchema(entity.input, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const targets: Array<ColumnTarget | undefined> = [];
  const unknown: string[] = [];
  const seen = new Map<string, string>();
  for (const rawHeader of header) {
    const name = rawHeader.trim();
    if (name === '') {
      targets.push(undefined);
      continue;
    }
    const field = resolveColumn(entity, schema, name);
    if (!field) {
      unknown.push(name);
      targets.push(undefined);
      continue;
    }
    const previous = seen.get(field);
    if (previous !== undefined) {
      throw new ImportFileError(`columns "${previous}" and "${name}" both set ${field}; keep one of them`);
    }
    seen.set(field, name);
    const path = field.split('.');
    targets.push({
      path,
      types: typesOf(findSchemaAt(schema, path)),
      marksBillingAddress: isBillingAddressAlias(entity.name, normaliseHeader(name)),
    });
  }
  if (unknown.length > 0) {
    const known = propertyNamesAt(schema, []).join(', ');
    throw new ImportFileError(
      `column${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')} ` +
        `name no field of ${entity.name} (fields: ${known}; nested fields as dotted names, e.g. addresses.0.city)`,
    );
  }
  const billingFlagGiven = seen.has(billingFlagPath);
  return {
    columns: header.flatMap((name, index) => {
      const target = targets[index];
      return target ? [{ header: name, field: target.path.join('.') }] : [];
    }),
    fieldAt: (index) => targets[index]?.path.join('.'),
    mapRow(cells, row) {
      const input: Record<string, unknown> = {};
      let billingAddressGiven = false;
      cells.forEach((cell, index) => {
        const target = targets[index];
        if (!target || cell.trim() === '') return;
        setAtPath(input, target.path, coerceCell(cell.trim(), target.types));
        if (target.marksBillingAddress) billingAddressGiven = true;
      });
      if (billingAddressGiven && !billingFlagGiven) setAtPath(input, billingFlagPath.split('.'), true);
      return { row, input: compactArrays(input) as Record<string, unknown> };
    },
  };
}

function resolveColumn(entity: EntitySchema, schema: JsonSchemaNode, name: string): string | undefined {
  const direct = resolveFieldPath(schema, name);
  if (direct) return direct;
  const normalised = normaliseHeader(name);
  const alias = csvColumnAliases[entity.name]?.[normalised];
  if (alias) return alias;
  for (const property of propertyNamesAt(schema, [])) {
    if (normaliseHeader(property) === normalised) return resolveFieldPath(schema, property);
  }
  return undefined;
}

/** A field path as given, except that a reference object (`type`) means its id (`type.id`): a cell is text. */
function resolveFieldPath(schema: JsonSchemaNode, field: string): string | undefined {
  const path = field.split('.');
  const types = typesOf(findSchemaAt(schema, path));
  if (types.size === 0) return undefined;
  const onlyObject = [...types].every((type) => type === 'object');
  if (onlyObject && findSchemaAt(schema, [...path, 'id']).length > 0) return `${field}.id`;
  return field;
}

const trueWords = new Set(['true', 'yes', 'y', '1']);
const falseWords = new Set(['false', 'no', 'n', '0']);

/** CSV cells are text; give the field the JSON type its schema asks for, or leave the text for zod to reject. */
function coerceCell(cell: string, types: Set<string>): unknown {
  if (types.has('string')) return cell;
  const lower = cell.toLowerCase();
  if (types.has('boolean') && trueWords.has(lower)) return true;
  if (types.has('boolean') && falseWords.has(lower)) return false;
  if ((types.has('number') || types.has('integer')) && cell !== '' && Number.isFinite(Number(cell))) {
    return Number(cell);
  }
  if ((types.has('object') || types.has('array')) && /^[[{]/.test(cell)) {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      return cell;
    }
  }
  if (types.has('null') && lower === 'null') return null;
  return cell;
}

function setAtPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  path.forEach((segment, index) => {
    const key = segment as keyof typeof node;
    if (index === path.length - 1) {
      (node as Record<string, unknown>)[key] = value;
      return;
    }
    const existing = (node as Record<string, unknown>)[key];
    if (existing === null || typeof existing !== 'object') {
      const created = /^\d+$/.test(path[index + 1] ?? '') ? [] : {};
      (node as Record<string, unknown>)[key] = created;
      node = created;
    } else {
      node = existing as Record<string, unknown>;
    }
  });
}

/** `addresses.1.city` without an `addresses.0…` column would leave a hole; the record wants a plain list. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactArrays);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compactArrays(item)]));
  }
  return value;
}
