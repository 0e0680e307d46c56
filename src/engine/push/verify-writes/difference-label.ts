import type { WriteDifference } from './kept-differences.js';

/**
 * The field a difference is counted under: the field itself on the module's own resource (`name`), qualified by
 * the resource elsewhere, its ids left out (`procurement/products.description`, a line of an order).
 */
export function differenceLabel(difference: WriteDifference, ownResource: string): string {
  if (difference.resource === ownResource) return difference.field;
  return `${difference.resource.replace(/\/\d+(?=\/|$)/g, '/{id}')}.${difference.field}`;
}
