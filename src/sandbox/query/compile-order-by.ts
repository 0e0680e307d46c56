import type { OrderKey } from './ast.js';
import { compareSortValues, toSortValue, type SortValue } from './compare-values.js';
import { createFieldReader } from './read-field.js';

type RecordLike = Record<string, unknown>;

export interface RecordOrdering {
  compare(a: RecordLike, b: RecordLike): number;
  /** a sorted copy; reads each record's sort values once instead of on every comparison */
  sort(records: readonly RecordLike[]): RecordLike[];
}

/** Orders records by the sort keys, then by id ascending so that equal keys keep a total order. */
export function compileOrderBy(keys: readonly OrderKey[]): RecordOrdering {
  const readers = [...keys.map((key) => createFieldReader(key.path.segments)), createFieldReader(['id'])];
  const signs = [...keys.map((key) => (key.descending ? -1 : 1)), 1];
  const compareValues = (valuesA: readonly SortValue[], valuesB: readonly SortValue[]): number => {
    for (let index = 0; index < signs.length; index += 1) {
      const order = compareSortValues(valuesA[index]!, valuesB[index]!);
      if (order !== 0) return signs[index]! * order;
    }
    return 0;
  };
  return {
    compare(a, b) {
      for (let index = 0; index < signs.length; index += 1) {
        const read = readers[index]!;
        const order = compareSortValues(toSortValue(read(a)), toSortValue(read(b)));
        if (order !== 0) return signs[index]! * order;
      }
      return 0;
    },
    sort(records) {
      const decorated = records.map((record) => ({
        record,
        values: readers.map((read) => toSortValue(read(record))),
      }));
      decorated.sort((a, b) => compareValues(a.values, b.values));
      return decorated.map(({ record }) => record);
    },
  };
}
