import type { DriftGroup, RecordDrift } from './drift-types.js';

/** The same drift across records: per module, one group per field and kind, and one per missing side. */
export function groupDrift(drift: readonly RecordDrift[]): DriftGroup[] {
  const groups = new Map<string, DriftGroup>();
  const add = (key: string, make: () => Omit<DriftGroup, 'count' | 'recordIds'>, recordId: string) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ...make(), count: 0, recordIds: [] }));
    if (group.recordIds.includes(recordId)) return;
    group.count += 1;
    group.recordIds.push(recordId);
  };
  for (const record of drift) {
    if (record.missing) {
      const kind = `missing-in-${record.missing}` as const;
      add(
        `${record.module}|missing|${record.missing}`,
        () => ({ key: '', module: record.module, kind }),
        record.recordId,
      );
      continue;
    }
    for (const field of record.fields) {
      add(
        `${record.module}|${field.field}|${field.kind}`,
        () => ({ key: '', module: record.module, field: field.field, kind: field.kind }),
        record.recordId,
      );
    }
  }
  return [...groups].map(([key, group]) => ({ ...group, key }));
}

/** The records of a group key: `module|field|kind`, `module|missing|side`, or `module` (the module's drift). */
export function recordsOfGroup(drift: readonly RecordDrift[], key: string): RecordDrift[] {
  const [module, field, kind] = key.split('|');
  return drift.filter((record) => {
    if (record.module !== module) return false;
    if (field === undefined) return true;
    if (field === 'missing') return record.missing === kind;
    return record.fields.some((drifted) => drifted.field === field && drifted.kind === kind);
  });
}
