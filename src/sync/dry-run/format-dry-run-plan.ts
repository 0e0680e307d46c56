import type { DryRunEntry, DryRunPlan, DryRunWrite } from './dry-run-types.js';

/** The plan as text: a line per record with its payloads under it, then the counts per module. */
export function formatDryRunPlan(plan: DryRunPlan): string {
  const lines = [
    'Dry run: nothing was written (not ConnectWise, the BSS, the links, the report or the queue).',
  ];
  for (const entry of plan.entries) {
    const record = entry.direction === 'push' ? entry.id : `ConnectWise #${entry.id}`;
    const field = entry.field !== undefined ? `${entry.field}: ` : '';
    const message = entry.message !== undefined ? `: ${field}${entry.message}` : '';
    lines.push(
      `${entry.instanceId} ${entry.direction} ${entry.module} ${record}: ${entry.action}${describeTarget(entry)}${message}`,
    );
    for (const write of entry.writes) lines.push(`  ${describeWrite(write)}`);
    for (const conflict of entry.conflicts ?? []) {
      lines.push(
        `  conflict on ${conflict.field}: BSS ${JSON.stringify(conflict.bssValue)}, ConnectWise ` +
          `${JSON.stringify(conflict.connectwiseValue)}; ${conflict.winner === 'bss' ? 'the BSS' : 'ConnectWise'} wins`,
      );
    }
  }
  if (plan.entries.length === 0) lines.push('No records to sync.');
  lines.push('', 'Summary:');
  for (const summary of plan.summary) {
    const counts = Object.entries(summary.counts).map(([action, count]) => `${count} ${action}`);
    lines.push(`  ${summary.instanceId} ${summary.direction} ${summary.module}: ${counts.join(', ')}`);
  }
  return lines.join('\n');
}

function describeTarget(entry: DryRunEntry): string {
  if (entry.target === undefined) return '';
  if (entry.direction === 'pull') return ` (BSS ${entry.target})`;
  const id = entry.target as number;
  return id < 0 ? ` (new ConnectWise record, ${id} in this plan)` : ` (ConnectWise #${id})`;
}

function describeWrite(write: DryRunWrite): string {
  if (write.to === 'bss') {
    return `BSS ${write.method} ${write.entity} ${write.id ?? '(new id)'} ${JSON.stringify(write.fields)}`;
  }
  switch (write.method) {
    case 'POST':
      return `POST ${write.path} ${JSON.stringify(write.body)}`;
    case 'PATCH':
      return `PATCH ${write.path} ${JSON.stringify(write.operations)}`;
    case 'DELETE':
      return `DELETE ${write.path}`;
  }
}
