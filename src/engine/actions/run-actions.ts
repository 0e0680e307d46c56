import type { CompiledAction } from '../definition/compile-mapping.js';
import { DefinitionError } from '../definition/compile-expression.js';
import type { ActionRegistry, PreSyncContext } from './action-registry.js';

/**
 * Runs a direction's pre-synchronization actions in order, each result at `input.pre[<as>]` for the next.
 * The actions come from the connector's registry; those that read or write ConnectWise itself use the push's
 * gateway from the context.
 */
export async function runPreSyncActions(
  actions: readonly CompiledAction[],
  input: { pre: Record<string, unknown> },
  registry: ActionRegistry,
  context: PreSyncContext = {},
): Promise<void> {
  for (const action of actions) {
    const registered = registry.get(action.action);
    if (registered?.phase !== 'preSync') {
      throw new DefinitionError(`preSync.${action.as}`, `unknown action "${action.action}"`);
    }
    const actionInput = await action.input.evaluate(input);
    input.pre[action.as] = await registered.run(actionInput, context);
  }
}
