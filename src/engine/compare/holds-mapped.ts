import { isPlainObject } from '../../shared/index.js';
import { sameMappedValue } from './deep-equal.js';

/**
 * Whether ConnectWise holds what the mapping writes: ConnectWise decorates what it stores (names beside ids,
 * ids on communication items, `_info`), so only the parts the mapping writes are compared.
 */
export function holdsMapped(mapped: unknown, held: unknown): boolean {
  if (sameMappedValue(mapped, held)) return true;
  if (Array.isArray(mapped) && Array.isArray(held)) {
    return mapped.length === held.length && mapped.every((item, index) => holdsMapped(item, held[index]));
  }
  if (isPlainObject(mapped) && isPlainObject(held)) {
    return Object.entries(mapped).every(([key, value]) => holdsMapped(value, held[key]));
  }
  return false;
}
