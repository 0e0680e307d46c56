import { changedFields, type FieldChanges } from '../compare/changed-fields.js';
import type { CompiledModule } from '../definition/load-definition.js';

/**
 * Whether a linked record's changes can wait for the `after` dependencies it awaits: they are all fields that name
 * the record itself (a company its own bill-to, left unset by a tenant that does not make it so), and the PATCH
 * that writes the awaited record's fields (the default contact) will carry them, one PATCH instead of two. Any
 * other change goes out now, with them. When the awaited records will not arrive now (`writeHeld`: their push
 * failed or was skipped), nothing is held.
 */
export async function holdsForAwaited(
  module: CompiledModule,
  input: { link: Record<string, unknown> },
  body: Record<string, unknown>,
  changes: FieldChanges,
  options: { awaiting: number; writeHeld: boolean },
): Promise<boolean> {
  if (options.awaiting === 0 || options.writeHeld) return false;
  const push = module.push!;
  // `body` was mapped knowing the record's own id; mapped without it, the fields that name the record differ.
  const withoutSelf = await push.map({ ...input, link: { ...input.link, self: undefined } });
  const naming = changedFields(withoutSelf, body, push.createOnlyTargets);
  const selfNaming = new Set([...Object.keys(naming.set), ...naming.unset]);
  const changed = [...Object.keys(changes.set), ...changes.unset];
  return changed.length > 0 && changed.every((field) => selfNaming.has(field));
}
