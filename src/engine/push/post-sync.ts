import type { CompiledAction } from '../definition/compile-mapping.js';
import { DefinitionError } from '../definition/compile-expression.js';
import type { ConnectWiseGateway } from '../ports.js';
import { keepLinesInStep, type LinesInput, type LinesSnapshot } from './keep-lines-in-step.js';

/** What a writing post-synchronization action may use: the record's ConnectWise id and what cwsync last wrote. */
export interface PostSyncContext {
  gateway: ConnectWiseGateway;
  connectwiseId: number;
  /** the pushed body as ConnectWise held it after cwsync's last write */
  existing: Record<string, unknown>;
  /** the record was created by this push (so it has no child lines yet) */
  fresh?: boolean;
  /** keeps fields in the link's snapshot before the action's writes are done (a multi-call write's progress) */
  saveProgress?(fields: Record<string, unknown>): Promise<void>;
}

/**
 * A post-synchronization action that writes to ConnectWise; it answers the fields it changed, as now held
 * (an action that keeps state of its own, such as lines, answers it under its `as` name).
 */
export type PostSyncAction = (
  input: unknown,
  context: PostSyncContext,
  as: string,
) => Promise<Record<string, unknown>>;

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

  /**
   * Child lines (an order's or an invoice's product lines) written after their parent and kept in step line
   * by line; the link keeps them under the action's name (see keepLinesInStep).
   */
  async keepLinesInStep(input, { gateway, connectwiseId, existing, fresh, saveProgress }, as) {
    const snapshot = await keepLinesInStep(input as LinesInput, {
      gateway,
      parentId: connectwiseId,
      previous: existing[as] as LinesSnapshot | undefined,
      fresh: fresh ?? false,
      saveProgress: async (progress) => saveProgress?.({ [as]: progress }),
    });
    return snapshot ? { [as]: snapshot } : {};
  },
};

/** The lines an action declares, mapped: each BSS item's body through the lines' fields. */
async function mapLines(
  lines: NonNullable<CompiledAction['lines']>,
  input: unknown,
): Promise<Array<Record<string, unknown>>> {
  const items = await lines.items.evaluate(input);
  const list = items === undefined || items === null ? [] : Array.isArray(items) ? items : [items];
  const mapped: Array<Record<string, unknown>> = [];
  for (const [index, item] of list.entries()) {
    mapped.push(await lines.map({ ...(input as Record<string, unknown>), item, index }));
  }
  return mapped;
}

/** The action names whose state the link keeps beside the mapped fields (never compared with the body). */
export function snapshotKeysOf(actions: readonly CompiledAction[]): string[] {
  return actions.filter((action) => action.lines !== undefined).map((action) => action.as);
}

/**
 * Runs a direction's post-synchronization actions after a linked record was written (or found unchanged);
 * answers the fields they changed, to be kept in the link's snapshot so the next push does not redo them.
 */
export async function runPostSyncActions(
  actions: readonly CompiledAction[],
  input: unknown,
  context: PostSyncContext,
  /** after a create or a link: only the actions declared `onCreate` */
  creating = false,
): Promise<Record<string, unknown>> {
  const changed: Record<string, unknown> = {};
  for (const action of actions) {
    if (creating && !action.onCreate) continue;
    const run = postSyncActions[action.action];
    if (!run) throw new DefinitionError(`postSync.${action.as}`, `unknown action "${action.action}"`);
    const evaluated = await action.input.evaluate(input);
    const actionInput = action.lines
      ? { ...(evaluated as Record<string, unknown>), lines: await mapLines(action.lines, input) }
      : evaluated;
    Object.assign(changed, await run(actionInput, context, action.as));
  }
  return changed;
}
