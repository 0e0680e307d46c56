import {
  isConnectWiseError,
  where,
  type ConnectWiseClient,
  type Resource,
} from '../../../connectwise/index.js';
import type { ConnectWiseGateway, ConnectWiseRecord } from '../../../engine/index.js';
import { createConnectWiseGateway } from './connectwise-gateway.js';
import type { MatchIndexResource } from './list-match-resources.js';
import { MatchKeyIndex, type IndexQuery } from './match-key-index.js';

export interface MatchIndexOptions {
  /** the gateway writes and unanswerable lookups go to; by default one over the same client */
  gateway?: ConnectWiseGateway;
  /** records per page when reading a resource; ConnectWise's maximum, 1000, by default */
  pageSize?: number;
}

export interface MatchIndexStats {
  /** per resource: records held in memory */
  indexed: Record<string, number>;
  /** lookups answered from memory (a match still reads the matched records whole, in one request) */
  answered: number;
  /** lookups passed to the gateway because the index does not hold the resource or field */
  passedThrough: number;
  /** `id in (…)` reads of matched records */
  matchReads: number;
  /** reads of the records made after a create whose outcome was unknown, or of records an uncertain update touched */
  catchUps: number;
  /** resources whose `fields=` ConnectWise refused, so whole records were read */
  readWhole: string[];
}

/** A ConnectWiseGateway for one run that answers lookups from an in-memory index of the match fields. */
export interface MatchIndex extends ConnectWiseGateway {
  /** reads every indexed resource now (otherwise each is read on its first lookup) */
  preload(): Promise<void>;
  stats(): MatchIndexStats;
}

interface IndexedResource {
  index: MatchKeyIndex;
  api: Resource<ConnectWiseRecord>;
  fields: string[];
  /** false once ConnectWise refused `fields=` for this resource: whole records are read instead */
  useFields: boolean;
  loaded?: Promise<void>;
  catchingUp?: Promise<void>;
  /** a create failed with an unknown outcome: the records above this id must be read again */
  unknownAbove?: number;
  /** an update failed with an unknown outcome: these records must be read again */
  unknownIds: Set<number>;
  /** records written through the index while a read runs: the read's older copy must not replace them */
  written: Set<number>;
  reads: number;
}

/**
 * Wraps a gateway for one run: each resource the match rules look in is read once (forward-only, 1000 per
 * page, only the match fields), and `findMatching` is answered from memory, comparing as ConnectWise does
 * (case-insensitively, trailing spaces ignored; a child condition against every element). Records created or updated through it
 * are filed as they are written; a write whose outcome is unknown makes it read what it may have missed
 * before the next answer, so a retried create still finds its first attempt. A lookup that finds
 * something reads the matched records whole (one request), so the engine links and diffs the current
 * record; a lookup that finds nothing costs no request. Other resources and fields go to the gateway.
 */
export function createMatchIndex(
  client: ConnectWiseClient,
  resources: readonly MatchIndexResource[],
  options: MatchIndexOptions = {},
): MatchIndex {
  const gateway = options.gateway ?? createConnectWiseGateway(client);
  const pageSize = options.pageSize ?? 1000;
  const counters = { answered: 0, passedThrough: 0, matchReads: 0, catchUps: 0 };
  const indexed = new Map<string, IndexedResource>();
  for (const { resource, fields } of resources) {
    // A child field is read as its whole array: ConnectWise documents `fields` paths through objects
    // (`company/id`), not into the elements of an array, and a value it left out would be a missed match.
    const paths = [
      ...new Set(['id', ...fields.map(({ field, child }) => (child ? field.split('/')[0]! : field))]),
    ];
    indexed.set(resource, {
      index: new MatchKeyIndex(fields),
      api: client.resource<ConnectWiseRecord>(resource, undefined, { forwardOnly: true }),
      fields: paths,
      useFields: true,
      unknownIds: new Set(),
      written: new Set(),
      reads: 0,
    });
  }

  /** Reads records into the index; a record written through the index meanwhile keeps its newer copy. */
  async function readInto(state: IndexedResource, aboveId?: number): Promise<void> {
    state.reads += 1;
    try {
      for (;;) {
        try {
          for await (const record of state.api.list({
            pageSize,
            fields: state.useFields ? state.fields : undefined,
            conditions: aboveId === undefined ? undefined : where('id', '>', aboveId),
          })) {
            if (!state.written.has(record.id)) state.index.put(record);
          }
          return;
        } catch (error) {
          // Some ConnectWise versions refuse nested `fields=` paths: read whole records instead.
          if (!state.useFields || !isConnectWiseError(error) || error.kind !== 'validation') throw error;
          state.useFields = false;
        }
      }
    } finally {
      state.reads -= 1;
      if (state.reads === 0) state.written.clear();
    }
  }

  async function readAgain(state: IndexedResource, ids: readonly number[]): Promise<ConnectWiseRecord[]> {
    const found: ConnectWiseRecord[] = [];
    for await (const record of state.api.listByIds(ids)) {
      state.index.put(record);
      found.push(record);
    }
    const present = new Set(found.map((record) => record.id));
    for (const id of ids) if (!present.has(id)) state.index.remove(id);
    return found;
  }

  /** Loads the resource once, then reads what uncertain writes may have changed. */
  async function bringUpToDate(state: IndexedResource): Promise<void> {
    if (!state.loaded) {
      state.loaded = readInto(state).catch((error: unknown) => {
        state.loaded = undefined; // the next lookup tries again
        throw error;
      });
    }
    await state.loaded;
    while (state.catchingUp || state.unknownAbove !== undefined || state.unknownIds.size > 0) {
      if (!state.catchingUp) {
        const above = state.unknownAbove;
        const ids = [...state.unknownIds];
        state.unknownAbove = undefined;
        state.unknownIds.clear();
        counters.catchUps += 1;
        state.catchingUp = (async () => {
          try {
            if (above !== undefined) await readInto(state, above);
            if (ids.length > 0) await readAgain(state, ids);
          } catch (error) {
            if (above !== undefined) state.unknownAbove = Math.min(state.unknownAbove ?? above, above);
            for (const id of ids) state.unknownIds.add(id);
            throw error;
          } finally {
            state.catchingUp = undefined;
          }
        })();
      }
      await state.catchingUp;
    }
  }

  function file(state: IndexedResource | undefined, record: ConnectWiseRecord): void {
    if (!state) return;
    if (state.reads > 0) state.written.add(record.id);
    state.index.put(record);
  }

  return {
    async findMatching(resource, conditions, options) {
      const state = indexed.get(resource);
      const query: IndexQuery | undefined = state?.index.plan(conditions);
      if (options?.live && state) {
        // A create whose outcome is not known may have been made by another process after this view was read:
        // only ConnectWise itself can say (one request, and only after such a create).
        counters.passedThrough += 1;
        const found = await gateway.findMatching(resource, conditions);
        for (const record of found) file(state, record);
        return found;
      }
      if (!state || !query) {
        counters.passedThrough += 1;
        return gateway.findMatching(resource, conditions);
      }
      await bringUpToDate(state);
      counters.answered += 1;
      const ids = state.index.find(query);
      if (ids.length === 0) return [];
      counters.matchReads += 1;
      // The index may be minutes old: read the candidates whole, and keep those that still match.
      const current = await readAgain(state, ids);
      return current.filter((record) => state.index.matches(record, query));
    },

    async create(resource, body) {
      const state = indexed.get(resource);
      const highestBefore = state?.index.highestId ?? 0;
      try {
        const created = await gateway.create(resource, body);
        file(state, created);
        return created;
      } catch (error) {
        if (state && mayHaveBeenWritten(error)) {
          state.unknownAbove = Math.min(state.unknownAbove ?? highestBefore, highestBefore);
        }
        throw error;
      }
    },

    async update(resource, id, changes) {
      const state = indexed.get(resource);
      try {
        const updated = await gateway.update(resource, id, changes);
        file(state, updated);
        return updated;
      } catch (error) {
        if (state && mayHaveBeenWritten(error)) state.unknownIds.add(id);
        throw error;
      }
    },

    async read(resource, id) {
      if (!gateway.read) throw new Error('the gateway under the match index cannot read a record');
      return gateway.read(resource, id);
    },

    async replace(resource, id, body) {
      if (!gateway.replace) throw new Error('the gateway under the match index cannot replace a record');
      const state = indexed.get(resource);
      try {
        const replaced = await gateway.replace(resource, id, body);
        file(state, replaced);
        return replaced;
      } catch (error) {
        if (state && mayHaveBeenWritten(error)) state.unknownIds.add(id);
        throw error;
      }
    },

    async remove(resource, id) {
      if (!gateway.remove) throw new Error('the gateway under the match index cannot delete');
      await gateway.remove(resource, id);
      // A deleted record is simply never matched again: matches read the matched records whole first.
    },

    async preload() {
      await Promise.all([...indexed.values()].map((state) => bringUpToDate(state)));
    },

    stats() {
      return {
        indexed: Object.fromEntries([...indexed].map(([resource, state]) => [resource, state.index.size])),
        ...counters,
        readWhole: [...indexed].filter(([, state]) => !state.useFields).map(([resource]) => resource),
      };
    },
  };
}

/** Only a definite refusal (a 4xx other than a timeout) proves that ConnectWise wrote nothing. */
function mayHaveBeenWritten(error: unknown): boolean {
  if (!isConnectWiseError(error) || error.outcomeUnknown) return true;
  const status = error.status;
  return status === undefined || status < 400 || status >= 500 || status === 408;
}
