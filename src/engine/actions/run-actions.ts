import type { CompiledAction } from '../definition/compile-mapping.js';
import { DefinitionError } from '../definition/compile-expression.js';
import type { ConnectWiseGateway } from '../ports.js';
import { actionCatalog, type ActionContext } from '../../connectors/connectwise/actions/catalog.js';
import { connectwiseActions } from '../../connectors/connectwise/actions/connectwise-actions.js';

/**
 * Runs a direction's pre-synchronization actions in order, each result at `input.pre[<as>]` for the next.
 * Actions over cached reference data come from the catalog; those that read or write ConnectWise itself
 * (an agreement found or made, custom fields found by caption) need the push's gateway.
 */
export async function runPreSyncActions(
  actions: readonly CompiledAction[],
  input: { pre: Record<string, unknown> },
  context: ActionContext,
  gateway?: ConnectWiseGateway,
): Promise<void> {
  for (const action of actions) {
    const run = actionCatalog[action.action];
    const overConnectWise = connectwiseActions[action.action];
    const actionInput = await action.input.evaluate(input);
    if (run) input.pre[action.as] = run(actionInput, context);
    else if (overConnectWise && gateway) input.pre[action.as] = await overConnectWise(actionInput, gateway);
    else throw new DefinitionError(`preSync.${action.as}`, `unknown action "${action.action}"`);
  }
}
