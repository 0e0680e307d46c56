import type { MatchIndexResource } from './list-match-resources.js';
import type { MatchCondition } from '../../../engine/index.js';
import {
  isIndexableQueryValue,
  keysOfField,
  keysOfQueryValue,
  parseFieldPath,
  type FieldPath,
} from './match-keys.js';

type Condition = MatchCondition;

/** A query the index can answer: per condition, the field it is about and the keys an equal value has. */
export type IndexQuery = Array<{ field: number; keys: string[] }>;

/**
 * The match keys of one resource's records, in memory: per record only the keys of the fields the match
 * rules compare (a few strings), and per field the records under each key.
 */
export class MatchKeyIndex {
  private readonly fields: Array<{ lowerName: string; path: FieldPath; child: boolean }>;
  private readonly keysById = new Map<number, string[][]>();
  private readonly idsByKey: Array<Map<string, Set<number>>>;
  /** the highest record id seen: a record created after it has a higher one */
  highestId = 0;

  constructor(fields: MatchIndexResource['fields']) {
    this.fields = fields.map(({ field, child }) => ({
      lowerName: field.toLowerCase(),
      path: parseFieldPath(field),
      child,
    }));
    this.idsByKey = this.fields.map(() => new Map());
  }

  get size(): number {
    return this.keysById.size;
  }

  /** Files (or re-files) a record as it is now. */
  put(record: Record<string, unknown> & { id: number }): void {
    this.remove(record.id);
    const keys = this.fields.map((field) => keysOfField(record, field.path, field.child));
    this.keysById.set(record.id, keys);
    keys.forEach((fieldKeys, field) => {
      const byKey = this.idsByKey[field]!;
      for (const key of fieldKeys) {
        let ids = byKey.get(key);
        if (!ids) byKey.set(key, (ids = new Set()));
        ids.add(record.id);
      }
    });
    if (record.id > this.highestId) this.highestId = record.id;
  }

  remove(id: number): void {
    const keys = this.keysById.get(id);
    if (!keys) return;
    this.keysById.delete(id);
    keys.forEach((fieldKeys, field) => {
      const byKey = this.idsByKey[field]!;
      for (const key of fieldKeys) {
        const ids = byKey.get(key);
        ids?.delete(id);
        if (ids?.size === 0) byKey.delete(key);
      }
    });
  }

  /**
   * The conditions as an index query, or undefined when the index cannot answer them exactly as ConnectWise
   * would: a field it does not hold, a value compared as a date, no condition at all, or several child
   * conditions (those must hold on one and the same array element).
   */
  plan(conditions: readonly Condition[]): IndexQuery | undefined {
    if (conditions.length === 0) return undefined;
    if (conditions.filter((condition) => condition.child).length > 1) return undefined;
    const query: IndexQuery = [];
    for (const condition of conditions) {
      // a custom field's value, or a date, is compared by ConnectWise's rules, not the index's
      if (condition.customField !== undefined || condition.value instanceof Date) return undefined;
      if (!isIndexableQueryValue(condition.value)) return undefined;
      const lowerName = condition.field.toLowerCase();
      const field = this.fields.findIndex(
        (candidate) => candidate.lowerName === lowerName && candidate.child === condition.child,
      );
      if (field < 0) return undefined;
      query.push({ field, keys: keysOfQueryValue(condition.value) });
    }
    return query;
  }

  /** The ids of the records meeting every condition, lowest first (ConnectWise's default order). */
  find(query: IndexQuery): number[] {
    const candidateSets = query.map(({ field, keys }) => this.idsUnder(field, keys));
    const narrowest = candidateSets.reduce((best, ids) => (ids.size < best.size ? ids : best));
    return [...narrowest]
      .filter((id) => candidateSets.every((ids) => ids.has(id)))
      .sort((left, right) => left - right);
  }

  /** Whether a record (e.g. read again whole) meets every condition of the query. */
  matches(record: Record<string, unknown>, query: IndexQuery): boolean {
    return query.every(({ field, keys }) => {
      const { path, child } = this.fields[field]!;
      const recordKeys = keysOfField(record, path, child);
      return keys.some((key) => recordKeys.includes(key));
    });
  }

  private idsUnder(field: number, keys: string[]): Set<number> {
    const byKey = this.idsByKey[field]!;
    if (keys.length === 1) return byKey.get(keys[0]!) ?? new Set();
    const ids = new Set<number>();
    for (const key of keys) for (const id of byKey.get(key) ?? []) ids.add(id);
    return ids;
  }
}
