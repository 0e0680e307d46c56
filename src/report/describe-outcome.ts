import type { PullOutcome, PushOutcome, WriteDifference } from '../engine/index.js';
import type { ReportEntry } from './report-types.js';
import { describeDifferences } from './describe-differences.js';

/** What an outcome means for the report: a row to keep, a row to drop (in step), or no change (skipped). */
export type OutcomeEffect =
  | {
      kind: 'not-in-step';
      row: Pick<ReportEntry, 'outcome' | 'field' | 'message' | 'connectwise' | 'candidates' | 'differences'>;
    }
  /** `keepsWarning`: nothing was written, so a warning about an earlier write still stands */
  | { kind: 'in-step'; keepsWarning?: boolean }
  | { kind: 'unchanged' };

/** `differences`: what ConnectWise kept differently in the writes of this outcome (a warning when in step). */
export function describeOutcome(
  outcome: PushOutcome | PullOutcome,
  differences: readonly WriteDifference[] = [],
): OutcomeEffect {
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
      const warnings = 'warnings' in outcome && outcome.warnings ? outcome.warnings : [];
      if (differences.length > 0 || warnings.length > 0) {
        const fields = new Set([
          ...differences.map((difference) => difference.path),
          ...warnings.flatMap((warning) => (warning.field !== undefined ? [warning.field] : [])),
        ]);
        const [field] = fields;
        const messages = [
          ...warnings.map((warning) => warning.message),
          ...(differences.length > 0 ? [describeDifferences(differences)] : []),
        ];
        return {
          kind: 'not-in-step',
          row: {
            outcome: 'warning',
            message: messages.join('; '),
            ...(fields.size === 1 && field !== undefined ? { field } : {}),
            ...(differences.length > 0 ? { differences: [...differences] } : {}),
          },
        };
      }
      return outcome.outcome === 'unchanged' ? { kind: 'in-step', keepsWarning: true } : { kind: 'in-step' };
    }
  }
}
