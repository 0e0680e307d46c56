import type { FieldFact } from '../spec/field-spec.js';
import { formatConnectWiseTimestamp } from '../store/memory-store.js';

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

function typeError(fact: FieldFact, expected: string): Coerced {
  return { ok: false, message: `The ${fact.name} field must be ${expected}.` };
}

function coerceNumber(fact: FieldFact, value: unknown): Coerced {
  // JSON.NET, which ConnectWise's API deserialises with, reads numeric strings into number fields (the captured
  // payloads send reference ids as "13").
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return typeError(fact, 'a number');
  if (fact.type === 'integer' && !Number.isInteger(number)) return typeError(fact, 'a whole number');
  return { ok: true, value: number };
}

function coerceScalar(fact: FieldFact, type: string, value: unknown): Coerced {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
      return typeError(fact, 'a string');
    case 'integer':
    case 'number':
      return coerceNumber({ ...fact, type }, value);
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return typeError(fact, 'true or false');
    case 'datetime': {
      const date = typeof value === 'string' ? new Date(value) : undefined;
      if (date === undefined || Number.isNaN(date.getTime()))
        return typeError(fact, 'a date-time such as 2026-01-31T00:00:00Z');
      return { ok: true, value: formatConnectWiseTimestamp(date) };
    }
    default:
      return { ok: true, value };
  }
}

/**
 * Reads one sent value into the field's type. References and arrays of objects only get their shape checked
 * here; their content is resolved by the reference and hand-rule steps.
 */
export function coerceField(fact: FieldFact, value: unknown): Coerced {
  if (value === null) return { ok: true, value: null };
  switch (fact.type) {
    case 'reference':
      if (typeof value === 'object' && !Array.isArray(value)) return { ok: true, value };
      return typeError(fact, 'a reference object such as {"id": 5}');
    case 'array': {
      if (!Array.isArray(value)) return typeError(fact, 'an array');
      const itemType = fact.of ?? 'object';
      if (!['string', 'integer', 'number', 'boolean', 'datetime'].includes(itemType))
        return { ok: true, value };
      const items: unknown[] = [];
      for (const item of value) {
        const coerced = coerceScalar(fact, itemType, item);
        if (!coerced.ok) return typeError(fact, `an array of ${itemType} values`);
        items.push(coerced.value);
      }
      return { ok: true, value: items };
    }
    case 'object':
      return { ok: true, value };
    default:
      return coerceScalar(fact, fact.type, value);
  }
}
