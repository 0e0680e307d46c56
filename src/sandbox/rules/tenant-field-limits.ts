import type { FieldError } from '../http/connectwise-error.js';
import type { HandRule } from '../registry/resource-definition.js';

export interface FieldLimit {
  maxLength?: number;
  /** inclusive range of a number field */
  between?: [number, number];
}

/**
 * Limits real tenants enforce that the published schema does not state, worded as ConnectWise words them:
 * "The field accountNumber must be a string with a maximum length of 41." and
 * "The field yearEstablished must be between 1900 and 9999." (docs/connectwise-tenant-rules.md).
 */
export function tenantFieldLimits(limits: Record<string, FieldLimit>): HandRule {
  return ({ record, tenantRules, definition }) => {
    if (!tenantRules.enabled) return [];
    const errors: FieldError[] = [];
    const resource = definition.objectName;
    for (const [field, limit] of Object.entries(limits)) {
      const value = record[field];
      if (limit.maxLength !== undefined && typeof value === 'string' && value.length > limit.maxLength) {
        errors.push({
          code: 'MaxLengthField',
          message: `The field ${field} must be a string with a maximum length of ${limit.maxLength}.`,
          resource,
          field,
        });
      }
      const [low, high] = limit.between ?? [];
      if (
        low !== undefined &&
        high !== undefined &&
        typeof value === 'number' &&
        (value < low || value > high)
      ) {
        errors.push({
          code: 'OutOfRange',
          message: `The field ${field} must be between ${low} and ${high}.`,
          resource,
          field,
        });
      }
    }
    return errors;
  };
}
