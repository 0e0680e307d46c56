import type { SandboxStore } from '../context.js';
import type { FieldError } from '../http/connectwise-error.js';
import type { HandRule } from '../registry/resource-definition.js';
import { isBlank, missingRequiredField } from './required-fields.js';

const communicationTypes = ['Email', 'Fax', 'Phone'];

/** The channel a communication type stands for, from its flags (the type rows carry no communicationType). */
function channelOfType(store: SandboxStore, typeId: unknown): string {
  const typeRecord = typeof typeId === 'number' ? store.get('company/communicationTypes', typeId) : undefined;
  if (typeRecord?.emailFlag === true) return 'Email';
  if (typeRecord?.faxFlag === true) return 'Fax';
  return 'Phone';
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function emailDomain(value: string): string | undefined {
  const at = value.lastIndexOf('@');
  return at >= 0 ? value.slice(at) : undefined;
}

/**
 * Contact `communicationItems`, as the captured PATCH scenarios show them: items that keep their id keep it,
 * new items get a new id, the type reference is filled from company/communicationTypes, e-mail items get their
 * `domain`, and a new default item of a communication type (Email/Phone/Fax) clears the earlier default one.
 */
export const normalizeCommunicationItems: HandRule = (input) => {
  const { record, previous, definition } = input;
  const sent = record.communicationItems;
  if (sent === undefined || sent === null) {
    record.communicationItems = [];
    return [];
  }
  const resource = definition.objectName;
  if (!Array.isArray(sent)) {
    return [
      {
        code: 'InvalidField',
        message: 'The communicationItems field must be an array.',
        resource,
        field: 'communicationItems',
      },
    ];
  }
  const previousIds = new Set(
    ((previous?.communicationItems as unknown[] | undefined) ?? []).map((item) => asObject(item)?.id),
  );
  const errors: FieldError[] = [];
  const items: Array<Record<string, unknown>> = [];
  for (const [index, raw] of sent.entries()) {
    const field = `communicationItems/${index}`;
    const item = asObject(raw);
    if (item === undefined) {
      errors.push({
        code: 'InvalidField',
        message: `The ${field} element must be an object.`,
        resource,
        field,
      });
      continue;
    }
    if (isBlank(item.type)) {
      errors.push(missingRequiredField(resource, `${field}/type`));
      continue;
    }
    const type = input.resolveReference('CommunicationTypeReference', item.type, `${field}/type`);
    if (!type.ok) {
      errors.push(type.error);
      continue;
    }
    const value =
      typeof item.value === 'string' || typeof item.value === 'number' ? String(item.value) : undefined;
    if (value === undefined || value.trim() === '') {
      errors.push(missingRequiredField(resource, `${field}/value`));
      continue;
    }
    const communicationType = item.communicationType ?? channelOfType(input.store, type.reference?.id);
    if (typeof communicationType !== 'string' || !communicationTypes.includes(communicationType)) {
      errors.push({
        code: 'InvalidField',
        message: `The ${field}/communicationType field must be one of ${communicationTypes.join(', ')}.`,
        resource,
        field: `${field}/communicationType`,
      });
      continue;
    }
    const id =
      typeof item.id === 'number' && previousIds.has(item.id)
        ? item.id
        : input.nextElementId('communicationItems');
    const normalized: Record<string, unknown> = { id, type: type.reference, value };
    if (typeof item.extension === 'string' && item.extension !== '') normalized.extension = item.extension;
    normalized.defaultFlag = item.defaultFlag === true || item.defaultFlag === 'true';
    const domain = communicationType === 'Email' ? emailDomain(value) : undefined;
    if (domain !== undefined) normalized.domain = domain;
    normalized.communicationType = communicationType;
    items.push(normalized);
  }
  const defaultOfType = new Map<unknown, Record<string, unknown>>();
  for (const item of items) if (item.defaultFlag === true) defaultOfType.set(item.communicationType, item);
  for (const item of items)
    if (item.defaultFlag === true) item.defaultFlag = defaultOfType.get(item.communicationType) === item;
  record.communicationItems = items;
  return errors;
};
