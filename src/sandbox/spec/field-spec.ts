import type { ApiVersion } from '../context.js';
import generated from './fields.generated.json' with { type: 'json' };

export type FieldType =
  'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'reference' | 'array' | 'object';

export interface FieldFact {
  name: string;
  type: FieldType;
  required?: boolean;
  maxLength?: number;
  enum?: string[];
  /** referenced schema for references; item schema or scalar type for arrays */
  of?: string;
}

export type SchemaName = keyof typeof generated.schemas;

const schemas = generated.schemas as unknown as Record<string, Partial<Record<ApiVersion, FieldFact[]>>>;

/** The fields of a ConnectWise schema in one API version (the nearest older version when that one is absent). */
export function fieldsOf(schema: string, version: ApiVersion): FieldFact[] {
  const byVersion = schemas[schema];
  if (byVersion === undefined)
    throw new Error(`No field facts for schema ${schema}; run scripts/generate-sandbox-spec.ts`);
  const facts = byVersion[version] ?? byVersion['2025.8'] ?? byVersion['2022.1'];
  if (facts === undefined) throw new Error(`No field facts for schema ${schema} in API version ${version}`);
  return facts;
}
