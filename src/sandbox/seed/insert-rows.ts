import type { SandboxStore } from '../context.js';
import { seedAuthor } from './seed-author.js';

/** Inserts rows in order (ids follow the order) and returns them as stored. */
export function insertRows(
  store: SandboxStore,
  resource: string,
  rows: ReadonlyArray<Record<string, unknown>>,
): Array<Record<string, unknown>> {
  return rows.map((row) => store.insert(resource, { ...row }, seedAuthor));
}
