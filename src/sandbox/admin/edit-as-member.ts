import { z } from 'zod';
import type { SandboxStore } from '../context.js';

export const editAsMemberSchema = z.strictObject({
  /** e.g. company/companies */
  resource: z.string().regex(/^[a-z]+(\/[a-zA-Z]+)+$/),
  id: z.number().int().positive(),
  /** top-level fields to set */
  set: z.record(z.string(), z.unknown()),
  /** the member who makes the change (a person of the demo seed, e.g. jsmith): not the API member */
  member: z.string().regex(/^[A-Za-z0-9_.-]{1,30}$/),
});

export type EditAsMember = z.infer<typeof editAsMemberSchema>;

/**
 * A change made in ConnectWise by a person, not through the API: the record's fields are set and `_info.updatedBy`
 * is the member, so callbacks registered self-suppressed by the API member still fire, as they do when someone
 * edits a company in ConnectWise's screens. For benchmarks and tests of the callback path; no validation.
 */
export function editAsMember(store: SandboxStore, edit: EditAsMember): Record<string, unknown> | undefined {
  const current = store.get(edit.resource, edit.id);
  if (current === undefined) return undefined;
  return store.replace(edit.resource, edit.id, { ...current, ...edit.set }, edit.member);
}
