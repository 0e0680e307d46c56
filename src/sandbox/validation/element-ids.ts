import type { SandboxStore } from '../context.js';

/**
 * Ids for elements of nested arrays (contact communication items), unique across a resource like ConnectWise's
 * own row ids. The first call per array scans the stored records once; later ids only grow.
 */
export function createElementIdAllocator(
  store: SandboxStore,
): (resource: string, arrayField: string) => number {
  const next = new Map<string, number>();
  return (resource, arrayField) => {
    const key = `${resource}#${arrayField}`;
    let candidate = next.get(key);
    if (candidate === undefined) {
      let highest = 0;
      for (const record of store.list(resource)) {
        const items = record[arrayField];
        if (!Array.isArray(items)) continue;
        for (const item of items) {
          const id = (item as { id?: unknown } | null)?.id;
          if (typeof id === 'number' && id > highest) highest = id;
        }
      }
      candidate = highest + 1;
    }
    next.set(key, candidate + 1);
    return candidate;
  };
}
