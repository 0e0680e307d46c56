import type { CompiledAction } from '../definition/compile-mapping.js';
import { DefinitionError } from '../definition/compile-expression.js';
import type { ConnectWiseGateway } from '../ports.js';

/** What a writing post-synchronization action may use: the record's ConnectWise id and what cwsync last wrote. */
export interface PostSyncContext {
  gateway: ConnectWiseGateway;
  connectwiseId: number;
  /** the pushed body as ConnectWise held it after cwsync's last write */
  existing: Record<string, unknown>;
}

/** A post-synchronization action that writes to ConnectWise; it answers the fields it changed, as now held. */
export type PostSyncAction = (input: unknown, context: PostSyncContext) => Promise<Record<string, unknown>>;

const idOf = (value: unknown): number | undefined => {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
};

export const postSyncActions: Record<string, PostSyncAction> = {
  /**
   * A company's type is settable on create only; a later change of the account's type goes through the
   * company's type associations: the new type is associated, then the association of the type cwsync set
   * before is removed (types a person added in ConnectWise stay).
   */
  async companyTypeAssociation(input, { gateway, connectwiseId, existing }) {
    const typeId = (input as { typeId?: unknown } | null)?.typeId;
    if (typeof typeId !== 'number') return {};
    const types = Array.isArray(existing.types) ? (existing.types as unknown[]) : [];
    const previous = idOf(types[0]);
    if (previous === typeId) return {};
    const associations = `company/companies/${connectwiseId}/typeAssociations`;
    const held = await gateway.findMatching(associations, [
      { field: 'type/id', value: typeId, child: false },
    ]);
    if (held.length === 0) await gateway.create(associations, { type: { id: typeId } });
    if (previous !== undefined) {
      if (!gateway.remove) throw new Error('this ConnectWise gateway cannot remove type associations');
      const old = await gateway.findMatching(associations, [
        { field: 'type/id', value: previous, child: false },
      ]);
      for (const association of old) await gateway.remove(associations, association.id);
    }
    return {
      types: [{ id: typeId }, ...types.filter((type) => idOf(type) !== previous && idOf(type) !== typeId)],
    };
  },
};

/**
 * Runs a direction's post-synchronization actions after a linked record was written (or found unchanged);
 * answers the fields they changed, to be kept in the link's snapshot so the next push does not redo them.
 */
export async function runPostSyncActions(
  actions: readonly CompiledAction[],
  input: unknown,
  context: PostSyncContext,
): Promise<Record<string, unknown>> {
  const changed: Record<string, unknown> = {};
  for (const action of actions) {
    const run = postSyncActions[action.action];
    if (!run) throw new DefinitionError(`postSync.${action.as}`, `unknown action "${action.action}"`);
    Object.assign(changed, await run(await action.input.evaluate(input), context));
  }
  return changed;
}
