import type { HandRule } from '../registry/resource-definition.js';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Fields settable only on create (company `types`: "changes go through typeAssociations"). A PUT or PATCH that
 * sends a different value is rejected naming the endpoint to use; the same or no value keeps the stored one.
 */
export function rejectChangedCreateOnlyFields(fields: string[], hint: string): HandRule {
  return ({ record, previous, mode, sentFields, definition }) => {
    if (mode === 'create' || previous === undefined) return [];
    const errors = [];
    for (const field of fields) {
      if (sentFields.has(field) && !sameValue(idsOf(record[field]), idsOf(previous[field]))) {
        errors.push({
          code: 'InvalidField',
          message: `The ${field} field can only be set when the ${definition.objectName} is created; ${hint}.`,
          resource: definition.objectName,
          field,
        });
      }
      record[field] = previous[field];
    }
    return errors;
  };
}

function idsOf(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) =>
    typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : item,
  );
}
