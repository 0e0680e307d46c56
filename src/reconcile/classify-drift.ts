import type { FieldDrift, FieldDriftKind } from './drift-types.js';
import {
  type CompiledModule,
  type ConnectWiseRecord,
  holdsMapped,
  sameMappedValue,
  type SyncLink,
} from '../engine/index.js';

/**
 * The fields of a linked record whose ConnectWise value is not what the push mapping makes of the BSS record,
 * each with the side that moved. The link's snapshot (`pushedBody`: what cwsync last wrote, or read when it
 * linked) is the base: the BSS moved when the push would write the field (the mapped value is not the
 * snapshot's, exactly as the push decides), ConnectWise moved when it no longer holds the snapshot's value.
 * Create-only fields are left out: the push never updates them, so a difference there is expected.
 */
export function classifyDrift(
  module: CompiledModule,
  mapped: Record<string, unknown>,
  held: ConnectWiseRecord,
  link: SyncLink,
): FieldDrift[] {
  const drift: FieldDrift[] = [];
  for (const field of module.push?.fields ?? []) {
    if (field.createOnly) continue;
    const target = field.target;
    if (holdsMapped(mapped[target], held[target])) continue;
    const base = link.pushedBody[target];
    const bssMoved = !sameMappedValue(base, mapped[target]);
    const connectwiseMoved = !holdsMapped(base, held[target]);
    drift.push({
      field: target,
      kind: kindOf(bssMoved, connectwiseMoved),
      bss: mapped[target] ?? null,
      connectwise: held[target] ?? null,
      lastSynced: base ?? null,
    });
  }
  return drift;
}

function kindOf(bssMoved: boolean, connectwiseMoved: boolean): FieldDriftKind {
  if (bssMoved && connectwiseMoved) return 'both';
  if (bssMoved) return 'bss';
  // Neither moved yet they differ (a snapshot ConnectWise never held): the push would not write it, so it is
  // ConnectWise's value that stands.
  return 'connectwise';
}
