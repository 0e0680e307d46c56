import type { FieldKind } from './field-catalog.js';

/**
 * The `_info` entries every ConnectWise record carries. A query may name them without `_info/`
 * (`lastUpdated > [...]` works on every entity), so they are found there when a record has no field of
 * that name itself.
 */
export const infoFieldKinds: ReadonlyMap<string, FieldKind> = new Map<string, FieldKind>([
  ['lastupdated', 'datetime'],
  ['dateentered', 'datetime'],
  ['updatedby', 'string'],
  ['enteredby', 'string'],
]);

export const infoKey = '_info';
