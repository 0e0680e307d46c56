/**
 * The ConnectWise query language of the sandbox: `conditions`, `childConditions`, `customFieldConditions`,
 * `orderBy` and `fields`, compiled once per list request (tokenize → parse → compile to closures) and run
 * per record. Every rejection is a QuerySyntaxError naming the parameter, what is wrong and where.
 */
export { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';
export { createFieldCatalog, type FieldCatalog, type FieldKind, type FieldShape } from './field-catalog.js';
export { compileQuery, type CompiledQuery, type QueryParameters } from './compile-query.js';
export { queryLimits } from './query-limits.js';
