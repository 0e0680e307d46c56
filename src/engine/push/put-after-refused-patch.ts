import type { FieldChanges } from '../compare/changed-fields.js';
import type { ConnectWiseGateway, ConnectWiseRecord } from '../ports.js';
import type { SyncWarning } from './push-outcome.js';

/**
 * What ConnectWise answers when it cannot re-read data already stored in the record, whatever field the PATCH
 * names: .NET's FormatException text. Seen live on every company PATCH of a tenant with a null Date custom field
 * (GitHub Mwbergamo/SolutionsHub, register/api/customers.php, "probe-patch-format"); the same record took a PUT
 * (register/api/connectwise.php, register_cw_put_entity_with_retry).
 */
const storedDataRefusals = [/was not recognized as a valid DateTime/i];

interface RefusalShape {
  status?: number;
  serverMessage?: string;
  message?: string;
  errors?: ReadonlyArray<{ field?: string; message?: string }>;
}

/**
 * A 400 whose message is one of the stored-data refusals and that names none of the fields cwsync sent: a
 * validation error about a field cwsync sent is cwsync's to fix (or the operator's), never worked around.
 */
export function isRefusalOfStoredData(error: unknown, changes: FieldChanges): boolean {
  const refusal = (error ?? {}) as RefusalShape;
  if (refusal.status !== 400) return false;
  const sent = new Set([...Object.keys(changes.set), ...changes.unset]);
  const texts = [
    refusal.serverMessage ?? refusal.message ?? '',
    ...(refusal.errors ?? []).map((item) => item.message ?? ''),
  ];
  if ((refusal.errors ?? []).some((item) => item.field !== undefined && sent.has(item.field))) return false;
  return texts.some((text) => storedDataRefusals.some((pattern) => pattern.test(text)));
}

/**
 * PATCHes the changes; when the tenant refuses the PATCH for its own stored data, reads the record back and PUTs it
 * whole, once, with the changes applied and without `leaveOut` (fields ConnectWise takes on create only) and
 * `_info`. The outcome carries a warning for the report then. A refused PUT throws ConnectWise's own error.
 */
export async function patchOrPutWhole(
  gateway: ConnectWiseGateway,
  resource: string,
  id: number,
  changes: FieldChanges,
  leaveOut: readonly string[] | undefined,
): Promise<{ written: ConnectWiseRecord; warning?: SyncWarning }> {
  try {
    return { written: await gateway.update(resource, id, changes) };
  } catch (error) {
    if (leaveOut === undefined || !gateway.read || !gateway.replace || !isRefusalOfStoredData(error, changes))
      throw error;
    const current = await gateway.read(resource, id);
    const whole: Record<string, unknown> = { ...current, ...changes.set };
    for (const field of [...changes.unset, ...leaveOut, '_info']) delete whole[field];
    const written = await gateway.replace(resource, id, whole);
    const refusal = (error as RefusalShape).serverMessage ?? (error as Error).message;
    return {
      written,
      warning: {
        message:
          `ConnectWise refused the PATCH ("${refusal}"), a problem with data already stored on this record in ` +
          'ConnectWise (a Date custom field left empty is the known cause), not with what cwsync sent; cwsync ' +
          `wrote the record whole instead (a PUT of the record read back with its changes${leaveOut.length > 0 ? `, without the create-only ${leaveOut.join(', ')}` : ''}). ` +
          'Fix the stored record in ConnectWise so that updates go back to PATCHing only what changed.',
      },
    };
  }
}
