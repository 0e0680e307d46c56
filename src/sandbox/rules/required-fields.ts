import type { FieldError } from '../http/connectwise-error.js';

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** As captured: {"code":"MissingRequiredField","message":"The firstName field is required.",...} */
export function missingRequiredField(resource: string, field: string): FieldError {
  return { code: 'MissingRequiredField', message: `The ${field} field is required.`, resource, field };
}
