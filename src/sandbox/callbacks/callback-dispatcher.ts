import type { BaseLogger } from 'pino';
import type { ChangeEvent, SandboxStore } from '../context.js';
import { buildCallbackPayload, callbackTargetUrl, type CallbackOrigin } from './build-callback-payload.js';
import { asCallbackEntry, callbacksResource, type CallbackEntry } from './callback-entry.js';
import { matchesCallbackEntry } from './match-callback-entry.js';
import { defaultRetryPolicy, postCallback, type RetryPolicy } from './post-callback.js';

export interface CallbackDispatcherOptions {
  store: SandboxStore;
  logger: Pick<BaseLogger, 'warn' | 'error'>;
  signingKey: string;
  /** resolved lazily: the base URL is known only once the sandbox listens */
  origin: () => CallbackOrigin;
  retryPolicy?: RetryPolicy;
  /** the changed record as the API would answer it; default: the stored record */
  renderEntity?: (event: ChangeEvent) => Record<string, unknown> | null;
}

const membersResource = 'system/members';

/**
 * Sends every matching record change to the registered callbacks, after the API answer and without blocking it.
 * Deliveries to one callback entry keep the order of the changes.
 */
export function startCallbackDispatcher(options: CallbackDispatcherOptions) {
  const { store, logger, signingKey } = options;
  const retryPolicy = options.retryPolicy ?? defaultRetryPolicy;
  const abort = new AbortController();
  const queues = new Map<number, Promise<void>>();
  // Last known state of records while a company/status/type-level entry exists, to match their deletes.
  const knownRecords = new Map<string, Record<string, unknown>>();

  function ownerIdentifierOf(entry: CallbackEntry): string | undefined {
    if (entry.memberId) {
      const member = store.get(membersResource, entry.memberId);
      if (typeof member?.identifier === 'string') return member.identifier;
    }
    return entry._info?.enteredBy;
  }

  const renderEntity = options.renderEntity ?? ((event: ChangeEvent) => event.record);

  function enqueue(entry: CallbackEntry, event: ChangeEvent, entity: () => Record<string, unknown> | null) {
    const payload = buildCallbackPayload(entry, event, entity(), options.origin());
    const delivery = {
      url: callbackTargetUrl(entry, event.id),
      body: JSON.stringify(payload),
      signingKey,
      callbackId: entry.id,
    };
    const previous = queues.get(entry.id) ?? Promise.resolve();
    const next = previous
      .then(() => postCallback(delivery, retryPolicy, logger, abort.signal))
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error, callbackId: entry.id }, 'callback delivery crashed'),
      );
    queues.set(entry.id, next);
    void next.finally(() => {
      if (queues.get(entry.id) === next) queues.delete(entry.id);
    });
  }

  /** Levels other than owner and the record itself match on the record's references, which a delete no longer has. */
  function needsLastKnownRecord(entry: CallbackEntry): boolean {
    const level = entry.level.toLowerCase();
    return level !== 'owner' && level !== entry.type.toLowerCase();
  }

  function onChange(event: ChangeEvent) {
    if (abort.signal.aborted || !event.callbackType) return;
    const entries = store.list(callbacksResource).flatMap((row) => asCallbackEntry(row) ?? []);
    const key = `${event.resource}#${event.id}`;
    const knownRecord = knownRecords.get(key);
    if (event.record && entries.some(needsLastKnownRecord)) knownRecords.set(key, event.record);
    else knownRecords.delete(key);

    let rendered: Record<string, unknown> | null | undefined;
    const entity = () => (rendered === undefined ? (rendered = renderEntity(event)) : rendered);
    for (const entry of entries) {
      if (matchesCallbackEntry(entry, event, knownRecord, ownerIdentifierOf(entry)))
        enqueue(entry, event, entity);
    }
  }

  const unsubscribe = store.onChange((event) => {
    try {
      onChange(event);
    } catch (error) {
      logger.error({ err: error, resource: event.resource, id: event.id }, 'callback matching failed');
    }
  });

  return {
    /** resolves once every queued delivery has finished (delivered or given up) */
    async idle(): Promise<void> {
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
    /** forgets the last known records, e.g. after an admin reset */
    forget(): void {
      knownRecords.clear();
    },
    async stop(): Promise<void> {
      unsubscribe();
      abort.abort();
      await Promise.all([...queues.values()]);
    },
  };
}

export type CallbackDispatcher = ReturnType<typeof startCallbackDispatcher>;
