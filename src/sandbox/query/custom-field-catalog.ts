import type { FieldCatalog, FieldKind } from './field-catalog.js';

/** The fields of a CustomFieldValue, which customFieldConditions paths name. */
const customFieldKinds = new Map<string, FieldKind | undefined>([
  ['id', 'number'],
  ['caption', 'string'],
  ['type', 'string'],
  ['entrymethod', 'string'],
  ['numberofdecimals', 'number'],
  ['value', undefined], // text, number, boolean or date depending on the custom field's type
  ['connectwiseid', 'string'],
  ['rownum', 'number'],
  ['userdefinedfieldrecid', 'number'],
  ['podid', 'string'],
]);

export const customFieldCatalog: FieldCatalog = {
  hasPath: (segments) => segments.length === 1 && customFieldKinds.has(segments[0]!.toLowerCase()),
  kindOf: (segments) =>
    segments.length === 1 ? customFieldKinds.get(segments[0]!.toLowerCase()) : undefined,
};

export const customFieldsArrayName = 'customFields';
