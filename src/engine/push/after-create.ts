import type { CompiledModule } from '../definition/load-definition.js';
import { runPostSyncActions } from './post-sync.js';
import type { PushContext } from './push-record.js';

/**
 * Runs the post-synchronization actions declared `onCreate` once a record was created or linked (an order's
 * lines after the order): what they write is kept in the link's snapshot, and their progress is kept there
 * while they write, so a push that fails half-way is resumed by the next one.
 */
export async function runPostSyncAfterCreate(
  context: PushContext,
  module: CompiledModule,
  recordId: string,
  input: unknown,
  fresh: boolean,
): Promise<void> {
  const actions = module.push?.postSync.filter((action) => action.onCreate) ?? [];
  if (actions.length === 0) return;
  const link = await context.links.find(context.instanceId, module.name, recordId);
  if (!link) return;
  let pushedBody = link.pushedBody;
  const save = async (fields: Record<string, unknown>) => {
    pushedBody = { ...pushedBody, ...fields };
    await context.links.save({ ...link, pushedBody });
  };
  const written = await runPostSyncActions(
    actions,
    input,
    context.actions,
    {
      gateway: context.gateway,
      connectwiseId: link.connectwiseId,
      existing: link.pushedBody,
      fresh,
      saveProgress: save,
    },
    true,
  );
  if (Object.keys(written).length > 0) await save(written);
}
