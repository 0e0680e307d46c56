import type { FieldConflict } from '../compare/resolve-conflicts.js';
import type { SyncFailure } from '../push/push-outcome.js';

export type PullOutcome =
  | { outcome: 'created' | 'updated' | 'linked' | 'unchanged'; recordId: string; conflicts: FieldConflict[] }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'waiting'; dependencies: Array<{ module: string; connectwiseId: number }> }
  | { outcome: 'ambiguous'; candidates: string[]; rule: string }
  | { outcome: 'failed'; failure: SyncFailure };
