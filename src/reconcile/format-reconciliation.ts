import type { DriftGroup, FieldDriftKind, MissingSide, Reconciliation } from './drift-types.js';

const kindLabels: Record<FieldDriftKind, string> = {
  bss: 'changed in the BSS',
  connectwise: 'changed in ConnectWise',
  both: 'changed on both sides',
};
const missingLabels: Record<MissingSide, string> = {
  connectwise: 'gone from ConnectWise (still linked)',
  bss: 'gone from the BSS (still linked)',
};

/** A group's kind as words. */
export function describeGroupKind(group: Pick<DriftGroup, 'kind'>): string {
  if (group.kind === 'missing-in-connectwise') return missingLabels.connectwise;
  if (group.kind === 'missing-in-bss') return missingLabels.bss;
  return kindLabels[group.kind];
}

const show = (value: unknown) =>
  value === null || value === undefined ? '(nothing)' : JSON.stringify(value);

/** The reconciliation as text: per module its counts and drifted records field by field, then the groups. */
export function formatReconciliation(result: Reconciliation): string {
  const lines = [`Reconciliation of ${result.instanceId}: nothing was written.`];
  for (const tally of result.modules) {
    lines.push(
      `${tally.module}: ${tally.linked} linked, ${tally.inStep} in step, ${tally.drifted} drifted, ${tally.notCompared} not compared`,
    );
    for (const record of result.drift.filter((drift) => drift.module === tally.module)) {
      const head = `  ${record.module} ${record.recordId} (ConnectWise #${record.connectwiseId})`;
      if (record.missing) {
        lines.push(`${head}: ${missingLabels[record.missing]}`);
        continue;
      }
      lines.push(head);
      for (const field of record.fields) {
        lines.push(
          `    ${field.field}: ${kindLabels[field.kind]}: BSS ${show(field.bss)}, ConnectWise ${show(field.connectwise)}, last synced ${show(field.lastSynced)}`,
        );
      }
    }
  }
  if (result.groups.length > 0) {
    lines.push('', 'Groups (resolve one with --group <key>):');
    for (const group of result.groups) {
      const what =
        group.field !== undefined ? `${group.field} ${describeGroupKind(group)}` : describeGroupKind(group);
      lines.push(
        `  ${group.key}  ${group.count} record${group.count === 1 ? '' : 's'}: ${group.module} ${what}`,
      );
    }
  }
  if (result.notCompared.length > 0) {
    lines.push('', 'Not compared (see cwsync report):');
    for (const record of result.notCompared)
      lines.push(`  ${record.module} ${record.recordId}: ${record.reason}`);
  }
  lines.push('');
  lines.push(
    result.drift.length === 0
      ? 'Every linked record is in step.'
      : `${result.drift.length} record${result.drift.length === 1 ? ' drifts' : 's drift'}: --push puts ConnectWise in step with the BSS, --pull the BSS with ConnectWise.`,
  );
  lines.push(`ConnectWise requests: ${result.connectwiseRequests}.`);
  return lines.join('\n');
}
