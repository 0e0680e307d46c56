import type { CompiledAction } from '../definition/compile-mapping.js';
import { DefinitionError } from '../definition/compile-expression.js';
import type {
  ActionRegistry,
  ConnectorAction,
  PostSyncAction,
  PostSyncContext,
} from '../actions/action-registry.js';
import { keepLinesInStep, type LinesInput, type LinesSnapshot } from './keep-lines-in-step.js';

const keepLines: PostSyncAction = async (
  input,
  { gateway, connectwiseId, existing, fresh, saveProgress },
  as,
) => {
  const snapshot = await keepLinesInStep(input as LinesInput, {
    gateway,
    parentId: connectwiseId,
    previous: existing[as] as LinesSnapshot | undefined,
    fresh: fresh ?? false,
    saveProgress: async (progress) => saveProgress?.({ [as]: progress }),
  });
  return snapshot ? { [as]: snapshot } : {};
};

/**
 * Child lines (an order's or an invoice's product lines) written after their parent and kept in step line
 * by line; the link keeps them under the action's name (see keepLinesInStep). A building block a connector
 * registers under the name its definition uses.
 */
export const keepLinesInStepAction: ConnectorAction = { phase: 'postSync', run: keepLines };

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
  registry: ActionRegistry,
  context: PostSyncContext,
  /** after a create or a link: only the actions declared `onCreate` */
  creating = false,
): Promise<Record<string, unknown>> {
  const changed: Record<string, unknown> = {};
  for (const action of actions) {
    if (creating && !action.onCreate) continue;
    const registered = registry.get(action.action);
    if (registered?.phase !== 'postSync')
      throw new DefinitionError(`postSync.${action.as}`, `unknown action "${action.action}"`);
    const evaluated = await action.input.evaluate(input);
    const actionInput = action.lines
      ? {
          ...(evaluated as Record<string, unknown>),
          lines: await mapLines(action.lines, input),
          createOnly: action.lines.fields.filter((field) => field.createOnly).map((field) => field.target),
        }
      : evaluated;
    Object.assign(changed, await registered.run(actionInput, context, action.as));
  }
  return changed;
}
