import type { ResourceDefinition } from './resource-definition.js';
import { companyResources } from './resources/company.js';
import { contactResources } from './resources/contact.js';
import { financeResources } from './resources/finance.js';
import { procurementResources } from './resources/procurement.js';
import { referenceDataResources } from './resources/reference-data.js';
import { salesResources } from './resources/sales.js';
import { systemResources } from './resources/system.js';

export const sandboxResources: ResourceDefinition[] = [
  ...companyResources,
  ...contactResources,
  ...referenceDataResources,
  ...financeResources,
  ...procurementResources,
  ...salesResources,
  ...systemResources,
];

const byPath = new Map(sandboxResources.map((definition) => [definition.path, definition]));

export function findResource(path: string): ResourceDefinition | undefined {
  return byPath.get(path);
}

/** The store key of a resource (nested views store their rows under another resource). */
export function storeKeyOf(definition: ResourceDefinition): string {
  return definition.storedAs ?? definition.path;
}

export function callbackTypeOf(resource: string): string | null {
  return byPath.get(resource)?.callbackType ?? null;
}
