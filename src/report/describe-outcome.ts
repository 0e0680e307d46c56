import type { PullOutcome } from '../engine/pull/pull-outcome.js';
import type { PushOutcome } from '../engine/push/push-outcome.js';
import type { ReportEntry } from './report-types.js';

/** What an outcome means for the report: a row to keep, a row to drop (in step), or no change (skipped). */
export type OutcomeEffect =
  | {
      kind: 'not-in-step';
      row: Pick<ReportEntry, 'outcome' | 'field' | 'message' | 'connectwise' | 'candidates'>;
    }
  | { kind: 'in-step' }
  | { kind: 'unchanged' };

export function describeOutcome(outcome: PushOutcome | PullOutcome): OutcomeEffect {
  switch (outcome.outcome) {
    case 'failed': {
      const { field, message, connectwise } = outcome.failure;
      return {
        kind: 'not-in-step',
        row: {
          outcome: 'failed',
          message,
          ...(field !== undefined ? { field } : {}),
          ...(connectwise !== undefined ? { connectwise } : {}),
        },
      };
    }
    case 'waiting': {
      const waitsFor = outcome.dependencies.map((dependency) =>
        'recordId' in dependency
          ? `${dependency.module} ${dependency.recordId}`
          : `${dependency.module} ConnectWise #${dependency.connectwiseId}`,
      );
      return {
        kind: 'not-in-step',
        row: { outcome: 'waiting', message: `waiting for ${waitsFor.join(', ') || 'its dependencies'}` },
      };
    }
    case 'ambiguous':
      if ('review' in outcome && outcome.review)
        return {
          kind: 'not-in-step',
          row: {
            outcome: 'review',
            field: outcome.review.field,
            message: outcome.review.message,
            candidates: [...outcome.candidates],
          },
        };
      return {
        kind: 'not-in-step',
        row: {
          outcome: 'ambiguous',
          message: `${outcome.candidates.length} records match (${outcome.rule}); link one by hand`,
          candidates: [...outcome.candidates],
        },
      };
    case 'skipped':
      return { kind: 'unchanged' };
    default: {
      if ('conflicts' in outcome && outcome.conflicts.length > 0) {
        const fields = outcome.conflicts.map((conflict) => conflict.field);
        const settled = outcome.conflicts.map((conflict) => `${conflict.field} (${conflict.winner} won)`);
        return {
          kind: 'not-in-step',
          row: {
            outcome: 'conflict',
            message: `changed on both sides: ${settled.join(', ')}`,
            ...(fields.length === 1 && fields[0] !== undefined ? { field: fields[0] } : {}),
          },
        };
      }
      if ('warnings' in outcome && outcome.warnings && outcome.warnings.length > 0) {
        const [first] = outcome.warnings;
        return {
          kind: 'not-in-step',
          row: {
            outcome: 'warning',
            message: outcome.warnings.map((warning) => warning.message).join('; '),
            ...(first?.field !== undefined ? { field: first.field } : {}),
          },
        };
      }
      return { kind: 'in-step' };
    }
  }
}
