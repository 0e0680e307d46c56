import { keptDifferences, resourcePath } from '../../engine/index.js';
import { NotFoundError, ValidationError } from '../../errors/index.js';
import type { ReportEntry } from '../../report/index.js';
import type { SyncService } from '../create-sync-service.js';
import { pushJobKind } from '../job-kinds.js';
import { previewPush } from '../dry-run/index.js';
import { RetryableSyncError } from '../push-job.js';

/** One field of the canary: what the mapping made of the BSS record, and what ConnectWise holds. */
export interface CanaryField {
  field: string;
  /** the BSS record through the mapping: the value cwsync writes */
  bss: unknown;
  /** the value ConnectWise holds, read back after the push */
  connectwise: unknown;
  /** the same, as ConnectWise represents values (references by id, dates as instants, text exactly) */
  same: boolean;
}

export interface CanaryResult {
  instanceId: string;
  module: string;
  recordId: string;
  /** `in-step`, or the connector report's outcome for the record (`warning`, `failed`, `waiting`, `ambiguous`) */
  outcome: 'in-step' | ReportEntry['outcome'];
  /** the report's message, when the record is in it */
  message?: string;
  connectwiseId?: number;
  /** the ConnectWise resource read back, e.g. company/companies */
  resource?: string;
  fields: CanaryField[];
}

/** `accounts:A-1` → the module and the BSS record id; a clear error otherwise. */
export function parseCanary(text: string): { module: string; recordId: string } {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) {
    throw ValidationError.at(
      '--canary',
      'format',
      `expected <module>:<bss-record-id>, e.g. accounts:A-1, not "${text}"`,
    );
  }
  return { module: text.slice(0, at), recordId: text.slice(at + 1) };
}

/**
 * A canary: one chosen BSS record pushed through the runner's own push job (linked, reported and verified like
 * any other), then read back from ConnectWise and shown field by field next to what the mapping made of it. The
 * sync service must be opened with `includeDisabled`, so a tenant can be tried before it is switched on.
 */
export async function pushCanary(
  service: SyncService,
  request: { instanceId: string; module: string; recordId: string },
): Promise<CanaryResult> {
  const { instanceId, module: moduleName, recordId } = request;
  const runtime = await service.runtimes.get(instanceId);
  const module = runtime.connector.modules.get(moduleName);
  if (!module?.push) {
    const pushed = [...runtime.connector.modules.values()]
      .filter((each) => each.push)
      .map((each) => each.name);
    throw ValidationError.at(
      '--canary',
      'knownModule',
      `"${moduleName}" is not a module cwsync pushes (${pushed.join(', ')})`,
    );
  }
  if (!(await runtime.push.records.get(module.definition.bssEntity, recordId))) {
    throw new NotFoundError(`--canary: the BSS has no ${module.definition.bssEntity} record "${recordId}"`);
  }
  const handler = service.handlers[pushJobKind]!;
  const job = {
    key: `canary:${instanceId}:${moduleName}:${recordId}`,
    kind: pushJobKind,
    instanceId,
    module: moduleName,
    recordId,
    payload: {},
    attempt: 1,
    maxAttempts: 1,
  };
  let retryable: string | undefined;
  try {
    await handler(job, { signal: new AbortController().signal });
  } catch (error) {
    if (!(error instanceof RetryableSyncError)) throw error;
    retryable = error.message;
  }
  const entry = await service.reports.get({ instanceId, module: moduleName, recordId, direction: 'push' });
  const link = await runtime.links.find(instanceId, moduleName, recordId);
  const base = {
    instanceId,
    module: moduleName,
    recordId,
    outcome: entry?.outcome ?? (retryable !== undefined ? 'failed' : 'in-step'),
    ...(entry || retryable ? { message: entry?.message ?? `${retryable} (may pass: try again)` } : {}),
  } satisfies Omit<CanaryResult, 'fields'>;
  if (!link) return { ...base, fields: [] };

  const resource = resourcePath(module.definition.connectwise.resource, link.pushedBody);
  const held = await runtime.gateway.read(resource, link.connectwiseId);
  // The mapping as the engine evaluates it, with nothing written: the record through the definition.
  const preview = await previewPush(runtime, moduleName, recordId);
  const body = 'body' in preview.outcome ? preview.outcome.body : link.pushedBody;
  const fields = Object.entries(body).map(([field, value]) => ({
    field,
    bss: value,
    connectwise: held[field],
    same: keptDifferences({ [field]: value }, held).length === 0,
  }));
  return { ...base, connectwiseId: link.connectwiseId, resource, fields };
}
