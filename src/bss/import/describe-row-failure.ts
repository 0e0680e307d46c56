import {
  RecordValidationError,
  ReferenceCycleError,
  UnknownReferenceError,
  VersionConflictError,
  type StoreError,
} from '../store/errors.js';
import type { ImportRowError } from './import-row.js';

/** A store refusal as import report lines: one per field, each naming the rule. */
export function describeRowFailure(row: number, id: string | undefined, error: StoreError): ImportRowError[] {
  const at = { row, ...(id === undefined ? {} : { id }) };
  if (error instanceof RecordValidationError) {
    return error.issues.map((issue) => ({
      ...at,
      field: issue.path,
      rule: issue.rule,
      message: issue.message,
    }));
  }
  if (error instanceof UnknownReferenceError) {
    return error.missing.map((reference) => ({
      ...at,
      field: reference.path,
      rule: 'unknownReference',
      message: `"${reference.id}" is not ${reference.described}`,
    }));
  }
  if (error instanceof ReferenceCycleError) {
    return [
      { ...at, field: error.path, rule: 'noCycle', message: `${error.cycle.join(' → ')} would be a cycle` },
    ];
  }
  if (error instanceof VersionConflictError) {
    return [{ ...at, field: 'version', rule: 'versionConflict', message: error.message }];
  }
  return [{ ...at, field: '', rule: error.code, message: error.message }];
}
