import type { PullOutcome, PushOutcome } from '../../engine/index.js';
import type { DryRunAction, DryRunEntry, DryRunSummary, DryRunWrite } from './dry-run-types.js';

const actionOf: Record<string, DryRunAction> = {
  created: 'create',
  updated: 'update',
  linked: 'link',
  unchanged: 'unchanged',
  skipped: 'skipped',
  failed: 'failed',
  waiting: 'waiting',
  ambiguous: 'ambiguous',
};

export type PlannedOutcome =
  { direction: 'push'; outcome: PushOutcome } | { direction: 'pull'; outcome: PullOutcome };

/**
 * One record's line of the plan: what the engine answered, in the words of a dry run. A push names its
 * ConnectWise target (and what a create leaves for later), a pull its BSS target (and the conflicts it settled).
 */
export function describeEntry(
  instanceId: string,
  module: string,
  id: string,
  planned: PlannedOutcome,
  writes: DryRunWrite[],
  waitsFor: DryRunEntry['waitsFor'],
): DryRunEntry {
  const { direction, outcome } = planned;
  const entry: DryRunEntry = {
    instanceId,
    direction,
    module,
    id,
    action: actionOf[outcome.outcome]!,
    writes,
  };
  switch (outcome.outcome) {
    case 'created':
    case 'updated':
    case 'linked':
    case 'unchanged':
      if (planned.direction === 'push') {
        const done = planned.outcome as Extract<PushOutcome, { connectwiseId: number }>;
        entry.target = done.connectwiseId;
        if (done.awaiting && done.awaiting.length > 0) {
          const names = done.awaiting.map((other) => `${other.module} ${other.recordId}`).join(', ');
          entry.message = `the fields naming ${names} are written once ${names} is in ConnectWise`;
        }
      } else {
        const done = planned.outcome as Extract<PullOutcome, { recordId: string }>;
        entry.target = done.recordId;
        if (done.conflicts.length > 0) entry.conflicts = done.conflicts;
      }
      break;
    case 'skipped':
      entry.message = outcome.reason;
      break;
    case 'failed':
      entry.message = outcome.failure.message;
      if (outcome.failure.field !== undefined) entry.field = outcome.failure.field;
      break;
    case 'ambiguous':
      entry.message =
        direction === 'push'
          ? `${outcome.rule}: ConnectWise ${outcome.candidates.map((candidate) => `#${candidate}`).join(', ')}`
          : `${outcome.rule}: BSS ${outcome.candidates.join(', ')}`;
      break;
    case 'waiting':
      entry.waitsFor = waitsFor;
      entry.message = describeWaits(waitsFor ?? [], direction === 'push' ? '' : 'ConnectWise #');
      break;
  }
  return entry;
}

const waitNotes: Partial<Record<DryRunAction, string>> = {
  create: 'would be created',
  failed: 'which would fail',
  waiting: 'which waits too',
  skipped: 'which would be skipped',
  ambiguous: 'whose match is ambiguous',
};

function describeWaits(waitsFor: NonNullable<DryRunEntry['waitsFor']>, idPrefix: string): string {
  const parts = waitsFor.map(({ module, id, wouldBe: action }) => {
    const note = action === undefined ? undefined : waitNotes[action];
    return `${module} ${idPrefix}${id}${note ? ` (${note})` : ''}`;
  });
  return `waits for ${parts.join(', ')}`;
}

/** The counts of each action per instance, direction and module. */
export function summarise(entries: readonly DryRunEntry[]): DryRunSummary[] {
  const byModule = new Map<string, DryRunSummary>();
  for (const entry of entries) {
    const key = `${entry.instanceId}\u0000${entry.direction}\u0000${entry.module}`;
    let summary = byModule.get(key);
    if (!summary) {
      summary = {
        instanceId: entry.instanceId,
        direction: entry.direction,
        module: entry.module,
        counts: {},
      };
      byModule.set(key, summary);
    }
    summary.counts[entry.action] = (summary.counts[entry.action] ?? 0) + 1;
  }
  return [...byModule.values()];
}
