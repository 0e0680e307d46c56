/**
 * Equality of mapped values as the two systems see them: an absent field, undefined, null and empty text are
 * the same "nothing"; `_info` is never compared; and a reference written as `{id}` equals whatever ConnectWise
 * answers for it (`{id, name, currencyCode, …, _info}`), so what ConnectWise decorates never looks like a change.
 */
export function sameMappedValue(left: unknown, right: unknown): boolean {
  if (isNothing(left) || isNothing(right)) return isNothing(left) && isNothing(right);
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => sameMappedValue(item, right[index]))
    );
  }
  if (isObject(left) && isObject(right)) {
    if (isBareReference(left) || isBareReference(right)) return String(left.id) === String(right.id);
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    keys.delete('_info');
    for (const key of keys) if (!sameMappedValue(left[key], right[key])) return false;
    return true;
  }
  return left === right;
}

function isNothing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{id}` (with nothing else but `_info`): a reference as cwsync writes it. */
function isBareReference(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value).filter((key) => key !== '_info');
  return keys.length === 1 && keys[0] === 'id' && !isNothing(value.id);
}
