import { sameMappedValue } from './deep-equal.js';

export type ConflictPolicy = 'bss-wins' | 'connectwise-wins' | 'newest-wins';

export interface FieldConflict {
  field: string;
  bssValue: unknown;
  connectwiseValue: unknown;
  winner: 'bss' | 'connectwise';
}

export interface PullDecision {
  /** fields the pull writes into the BSS record */
  apply: Record<string, unknown>;
  /** fields both sides changed since the last sync, with both values and who won */
  conflicts: FieldConflict[];
}

/**
 * Decides what a pull writes. `incoming` is the ConnectWise record mapped to BSS fields; `current` the BSS
 * record now; `base` the BSS field values when the two were last in step (undefined for a first pull).
 * A field the ConnectWise side did not change since the last sync is never written back (no echo); a field
 * both sides changed is a conflict, settled by the module's policy.
 */
export function decidePull(
  incoming: Record<string, unknown>,
  current: Record<string, unknown> | undefined,
  base: Record<string, unknown> | undefined,
  policy: ConflictPolicy,
  newest: 'bss' | 'connectwise' = 'connectwise',
): PullDecision {
  const apply: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(incoming)) {
    const now = current?.[field];
    if (sameMappedValue(now, value)) continue;
    if (!base) {
      apply[field] = value;
      continue;
    }
    const connectwiseChanged = !sameMappedValue(base[field], value);
    const bssChanged = !sameMappedValue(base[field], now);
    if (!connectwiseChanged) continue;
    if (!bssChanged) {
      apply[field] = value;
      continue;
    }
    const winner = policy === 'bss-wins' ? 'bss' : policy === 'connectwise-wins' ? 'connectwise' : newest;
    conflicts.push({ field, bssValue: now, connectwiseValue: value, winner });
    if (winner === 'connectwise') apply[field] = value;
  }
  return { apply, conflicts };
}
