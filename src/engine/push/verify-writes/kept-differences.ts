/** A value ConnectWise kept differently from what cwsync sent (truncated, ignored, defaulted, overwritten). */
export interface WriteDifference {
  /** the ConnectWise resource written, e.g. `company/companies` or `procurement/products` (a line) */
  resource: string;
  /** the ConnectWise id of the record written */
  connectwiseId: number;
  /** the top-level field sent, e.g. `name` or `customFields` */
  field: string;
  /** where inside the field the values part, e.g. `name`, `status.id`, `customFields[id=4].value` */
  path: string;
  sent: unknown;
  kept: unknown;
}

type Part = Pick<WriteDifference, 'path' | 'sent' | 'kept'>;

/**
 * The fields of `sent` that ConnectWise's answer holds differently, compared as ConnectWise represents them: a
 * reference or an object by the keys sent (what ConnectWise adds — names, `_info` — is not a difference), an
 * array item by its `id` when it was sent with one (custom fields), dates as instants, text exactly; absent,
 * null and empty text are the same nothing.
 */
export function keptDifferences(
  sent: Record<string, unknown>,
  answer: Record<string, unknown>,
): Array<Omit<WriteDifference, 'resource' | 'connectwiseId'>> {
  const differences: Array<Omit<WriteDifference, 'resource' | 'connectwiseId'>> = [];
  for (const [field, value] of Object.entries(sent)) {
    const part = firstDifference(field, value, answer[field]);
    if (part) differences.push({ field, ...part });
  }
  return differences;
}

function firstDifference(path: string, sent: unknown, kept: unknown): Part | undefined {
  if (isNothing(sent)) return isNothing(kept) ? undefined : { path, sent: null, kept };
  if (Array.isArray(sent)) return arrayDifference(path, sent, kept);
  if (isObject(sent)) {
    if (!isObject(kept)) return { path, sent, kept: kept ?? null };
    for (const [key, value] of Object.entries(sent)) {
      if (key === '_info') continue;
      const part = firstDifference(`${path}.${key}`, value, kept[key]);
      if (part) return part;
    }
    return undefined;
  }
  return sameScalar(sent, kept) ? undefined : { path, sent, kept: kept ?? null };
}

function arrayDifference(path: string, sent: unknown[], kept: unknown): Part | undefined {
  const held = Array.isArray(kept) ? kept : [];
  if (sent.length === 0) return held.length === 0 ? undefined : { path, sent, kept };
  for (const item of sent) {
    const id = isObject(item) ? item.id : undefined;
    if (id !== undefined && id !== null) {
      const match = held.find((candidate) => isObject(candidate) && String(candidate.id) === String(id));
      const part = firstDifference(`${path}[id=${String(id)}]`, item, match);
      if (part) return part;
    } else if (!held.some((candidate) => firstDifference(path, item, candidate) === undefined)) {
      // an item without an id (a communication item as written) must be among the held ones, in any order
      return { path, sent: item, kept: held };
    }
  }
  return undefined;
}

const datePattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function sameScalar(sent: unknown, kept: unknown): boolean {
  if (sent === kept) return true;
  // ConnectWise leaves out a flag that is false
  if (sent === false && isNothing(kept)) return true;
  if (typeof sent === 'number' && typeof kept === 'string')
    return kept.trim() !== '' && Number(kept) === sent;
  if (typeof sent === 'string' && typeof kept === 'number')
    return sent.trim() !== '' && Number(sent) === kept;
  if (
    typeof sent === 'string' &&
    typeof kept === 'string' &&
    datePattern.test(sent) &&
    datePattern.test(kept)
  ) {
    return instantOf(sent) === instantOf(kept);
  }
  return false;
}

/** A date or date-time as an instant; a date alone, or a time without a zone, is read as UTC (as ConnectWise does). */
function instantOf(text: string): number {
  const zoned = text.length === 10 || /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  return Date.parse(zoned);
}

function isNothing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
