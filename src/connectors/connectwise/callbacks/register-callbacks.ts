import { where, type CallbackEntry, type ConnectWiseClient } from '../../../connectwise/index.js';
import type { CompiledConnector } from '../../../engine/index.js';
import type { InstanceSummary } from '../../../instances/index.js';
import { callbackUrlOf } from './callback-url.js';
import { callbackModulesOf } from './pulled-modules.js';

/** What registering needs of an instance: an `InstanceRuntime` has it, and so has the CLI without one. */
export interface CallbackTarget {
  instance: Pick<InstanceSummary, 'id' | 'syncOptions'>;
  client: Pick<ConnectWiseClient, 'system'>;
  connector: Pick<CompiledConnector, 'definition'>;
}

/** An instance runtime as a callback target: its connection's client registers the entries. */
export function callbackTargetOf(
  runtime: Omit<CallbackTarget, 'client'> & { connection: { client: CallbackTarget['client'] } },
): CallbackTarget {
  return { instance: runtime.instance, connector: runtime.connector, client: runtime.connection.client };
}

export interface CallbackRegistration {
  /** the URL the entries post to */
  url: string;
  created: CallbackEntry[];
  /** entries that were already there (switched back on when they were off) */
  kept: CallbackEntry[];
  /** entries of this URL for a type the instance no longer pulls, and duplicates */
  removed: CallbackEntry[];
}

const descriptionLimit = 100;

/**
 * Makes ConnectWise announce every change of the records the instance pulls: one `system/callbacks` entry per
 * callback type (level `owner`, objectId 1: every record of the type) posting to cwsync's callback route.
 * Idempotent: an entry with the same URL and type is kept, not duplicated, and entries of this URL for types
 * the instance no longer pulls are removed. The entries are self-suppressed: a change cwsync itself makes (a
 * push) is not announced back to it, which would only cost a read per pushed record.
 */
export async function registerCallbacks(
  target: CallbackTarget,
  publicUrl: string,
): Promise<CallbackRegistration> {
  const url = callbackUrlOf(publicUrl, target.instance.id);
  const registration: CallbackRegistration = { url, created: [], kept: [], removed: [] };
  const callbacks = target.client.system.callbacks;
  const existing = await entriesOf(target, url);
  const wanted = callbackModulesOf(target.connector.definition, target.instance.syncOptions);
  const byType = new Map(wanted.map((entry) => [entry.callbackType.toLowerCase(), entry.module]));
  const covered = new Set<string>();
  for (const entry of existing) {
    const type = entry.type.toLowerCase();
    if (!byType.has(type) || covered.has(type)) {
      await callbacks.delete(entry.id);
      registration.removed.push(entry);
      continue;
    }
    covered.add(type);
    registration.kept.push(
      entry.inactiveFlag
        ? await callbacks.patch(entry.id, [{ op: 'replace', path: 'inactiveFlag', value: false }])
        : entry,
    );
  }
  for (const { module, callbackType } of wanted) {
    if (covered.has(callbackType.toLowerCase())) continue;
    const created = await callbacks.create({
      url,
      type: callbackType,
      level: 'owner',
      objectId: 1,
      description: `cwsync ${target.instance.id} ${module}`.slice(0, descriptionLimit),
      inactiveFlag: false,
      isSelfSuppressedFlag: true,
    });
    registration.created.push(created);
  }
  return registration;
}

/** Removes every callback entry that posts to this instance's callback URL; returns them. */
export async function unregisterCallbacks(
  target: Pick<CallbackTarget, 'instance' | 'client'>,
  publicUrl: string,
): Promise<CallbackEntry[]> {
  const url = callbackUrlOf(publicUrl, target.instance.id);
  const removed: CallbackEntry[] = [];
  for (const entry of await entriesOf(target, url)) {
    await target.client.system.callbacks.delete(entry.id);
    removed.push(entry);
  }
  return removed;
}

async function entriesOf(target: Pick<CallbackTarget, 'client'>, url: string): Promise<CallbackEntry[]> {
  const entries: CallbackEntry[] = [];
  for await (const entry of target.client.system.callbacks.list({ conditions: where('url', '=', url) })) {
    // ConnectWise compares text case-insensitively; a URL differing in case is another receiver's.
    if (entry.url === url) entries.push(entry);
  }
  return entries;
}
