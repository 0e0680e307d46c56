import type { CompiledAction } from '../definition/compile-mapping.js';
import { DefinitionError } from '../definition/compile-expression.js';
import { actionCatalog, type ActionContext } from './catalog.js';

/** Runs a direction's pre-synchronization actions in order, each result at `input.pre[<as>]` for the next. */
export async function runPreSyncActions(
  actions: readonly CompiledAction[],
  input: { pre: Record<string, unknown> },
  context: ActionContext,
): Promise<void> {
  for (const action of actions) {
    const run = actionCatalog[action.action];
    if (!run) throw new DefinitionError(`preSync.${action.as}`, `unknown action "${action.action}"`);
    input.pre[action.as] = run(await action.input.evaluate(input), context);
  }
}
