import type { ConnectWiseGateway } from '../ports.js';

/** What a pre-synchronization action may use besides its input: the push's gateway (a pull has none). */
export interface PreSyncContext {
  gateway?: ConnectWiseGateway;
}

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

/** A pre-synchronization action: its value lands at `input.pre[<as>]` for the mapping and the next action. */
export type PreSyncAction = (input: unknown, context: PreSyncContext) => unknown;

/**
 * A post-synchronization action that writes to ConnectWise; it answers the fields it changed, as now held
 * (an action that keeps state of its own, such as lines, answers it under its `as` name).
 */
export type PostSyncAction = (
  input: unknown,
  context: PostSyncContext,
  as: string,
) => Promise<Record<string, unknown>>;

export type ConnectorAction =
  { phase: 'preSync'; run: PreSyncAction } | { phase: 'postSync'; run: PostSyncAction };

/**
 * A connector's actions by the name its definition uses (`preSync[].action`, `postSync[].action`). The engine
 * knows actions only through the registry its caller hands it; the connector builds it, and any state its
 * actions keep (what they found in ConnectWise) lives as long as the registry.
 */
export type ActionRegistry = ReadonlyMap<string, ConnectorAction>;

/** The action names a definition's modules use that the registry has not (or has for the other phase). */
export function unknownActions(
  modules: Iterable<{
    name: string;
    push?: { preSync: ReadonlyArray<{ action: string }>; postSync: ReadonlyArray<{ action: string }> };
    pull?: { preSync: ReadonlyArray<{ action: string }>; postSync: ReadonlyArray<{ action: string }> };
  }>,
  registry: ActionRegistry,
): string[] {
  const unknown = new Set<string>();
  for (const module of modules) {
    for (const direction of [module.push, module.pull]) {
      if (!direction) continue;
      for (const phase of ['preSync', 'postSync'] as const) {
        for (const { action } of direction[phase]) {
          if (registry.get(action)?.phase !== phase) unknown.add(`${module.name}: ${phase} ${action}`);
        }
      }
    }
  }
  return [...unknown];
}
