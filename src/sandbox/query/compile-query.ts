import type { Clause, FieldPath } from './ast.js';
import { checkClauseKind } from './check-clause-kind.js';
import { checkFieldPath } from './check-field-path.js';
import { compileClause } from './compile-clause.js';
import { compileCondition, type Predicate } from './compile-condition.js';
import { compileElementConditions } from './compile-element-conditions.js';
import { compileOrderBy } from './compile-order-by.js';
import { customFieldCatalog, customFieldsArrayName } from './custom-field-catalog.js';
import type { FieldCatalog } from './field-catalog.js';
import { parseConditions } from './parse-conditions.js';
import { parseFields } from './parse-fields.js';
import { parseOrderBy } from './parse-order-by.js';
import { compileProjection } from './project-fields.js';
import { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';
import { createFieldReader } from './read-field.js';

type RecordLike = Record<string, unknown>;

export interface QueryParameters {
  conditions?: string;
  childConditions?: string;
  customFieldConditions?: string;
  orderBy?: string;
  fields?: string;
}

export interface CompiledQuery {
  /** true when the record passes conditions + childConditions + customFieldConditions */
  matches(record: RecordLike): boolean;
  /** comparator for orderBy (ties fall back to id ascending) */
  compare(a: RecordLike, b: RecordLike): number;
  /** the records in orderBy order, as a new array: the same order as compare, read once per record */
  sort(records: readonly RecordLike[]): RecordLike[];
  /** projection for `fields` (identity when not given) */
  project(record: RecordLike): RecordLike;
}

/**
 * Compiles a list request's query parameters once; throws QuerySyntaxError (naming the parameter) for
 * any syntax error, unknown field or impossible comparison. With no catalog every path is accepted.
 */
export function compileQuery(params: QueryParameters, catalog?: FieldCatalog): CompiledQuery {
  const filters = [
    compileGuarded('conditions', params.conditions, (input) => compileConditions(input, catalog)),
    compileGuarded('childConditions', params.childConditions, (input) =>
      compileChildConditions(input, catalog),
    ),
    compileGuarded('customFieldConditions', params.customFieldConditions, compileCustomFieldConditions),
  ].filter((filter) => filter !== undefined);
  const ordering = compileOrderBy(
    compileGuarded('orderBy', params.orderBy, (input) => parseOrderParameter(input, catalog)) ?? [],
  );
  return {
    matches: combineFilters(filters),
    compare: ordering.compare,
    sort: ordering.sort,
    project:
      compileGuarded('fields', params.fields, (input) => compileFieldsParameter(input, catalog)) ??
      keepRecord,
  };
}

/**
 * Runs `compile` on a parameter that was given and is not blank. Whatever goes wrong comes out as a
 * QuerySyntaxError naming the parameter, so that even a defect here (or in a catalog) is a 400, not a 500.
 */
function compileGuarded<T>(
  parameter: QueryParameter,
  input: unknown,
  compile: (input: string) => T,
): T | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'string')
    throw new QuerySyntaxError(parameter, 'The parameter must be given once, as text');
  if (input.trim() === '') return undefined;
  try {
    return compile(input);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new QuerySyntaxError(parameter, `The parameter could not be compiled (${reason})`);
  }
}

const keepRecord = (record: RecordLike): RecordLike => record;

function compileConditions(input: string, catalog: FieldCatalog | undefined) {
  return compileCondition(parseConditions(input, 'conditions'), (clause: Clause): Predicate<RecordLike> => {
    const kind = checkFieldPath(clause.path, catalog, { parameter: 'conditions', mayCrossArrays: false });
    checkClauseKind(clause, kind, 'conditions');
    const test = compileClause(clause, kind);
    const read = createFieldReader(clause.path.segments);
    return (record) => test(read(record));
  });
}

function compileChildConditions(input: string, catalog: FieldCatalog | undefined) {
  const compileTest = (clause: Clause) => {
    const kind = checkFieldPath(clause.path, catalog, { parameter: 'childConditions', mayCrossArrays: true });
    rejectNonArrayRoot(clause.path, catalog);
    // a one-segment path compares the element itself, whose kind the catalog does not describe
    const elementKind = clause.path.segments.length === 1 ? undefined : kind;
    checkClauseKind(clause, elementKind, 'childConditions');
    return compileClause(clause, elementKind);
  };
  const paths = {
    arrayOf: (path: FieldPath) => path.segments[0]!,
    pathInElement: (path: FieldPath) => path.segments.slice(1),
  };
  return compileElementConditions(
    parseConditions(input, 'childConditions'),
    paths,
    compileTest,
    'childConditions',
  );
}

/** childConditions filter arrays; a path that starts elsewhere belongs in conditions. */
function rejectNonArrayRoot(path: FieldPath, catalog: FieldCatalog | undefined): void {
  const rootKind = catalog?.kindOf?.(path.segments.slice(0, 1));
  if (rootKind === undefined || rootKind === 'array') return;
  const root = path.segments[0]!;
  throw new QuerySyntaxError(
    'childConditions',
    `${root} is not an array; childConditions paths start with an array field (filter ${root} with conditions)`,
    path.position,
  );
}

function compileCustomFieldConditions(input: string) {
  const compileTest = (clause: Clause) => {
    const kind = checkFieldPath(clause.path, customFieldCatalog, {
      parameter: 'customFieldConditions',
      mayCrossArrays: false,
    });
    checkClauseKind(clause, kind, 'customFieldConditions');
    return compileClause(clause, kind);
  };
  const paths = { arrayOf: () => customFieldsArrayName, pathInElement: (path: FieldPath) => path.segments };
  return compileElementConditions(
    parseConditions(input, 'customFieldConditions'),
    paths,
    compileTest,
    'customFieldConditions',
  );
}

function parseOrderParameter(input: string, catalog: FieldCatalog | undefined) {
  const keys = parseOrderBy(input);
  for (const { path } of keys) {
    const kind = checkFieldPath(path, catalog, { parameter: 'orderBy', mayCrossArrays: false });
    if (kind === 'reference' || kind === 'array') {
      throw new QuerySyntaxError(
        'orderBy',
        `${path.text} is ${kind === 'array' ? 'an array' : 'a reference'}; sort by one of its fields, e.g. ${path.text}/name`,
        path.position,
      );
    }
  }
  return keys;
}

function compileFieldsParameter(input: string, catalog: FieldCatalog | undefined) {
  const paths = parseFields(input);
  for (const path of paths) checkFieldPath(path, catalog, { parameter: 'fields', mayCrossArrays: true });
  return compileProjection(paths);
}

function combineFilters(filters: Array<Predicate<RecordLike>>): Predicate<RecordLike> {
  if (filters.length === 0) return () => true;
  if (filters.length === 1) return filters[0]!;
  return (record) => filters.every((filter) => filter(record));
}
