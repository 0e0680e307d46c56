/**
 * Compiles a `like` pattern (`%` = any sequence, the whole value must match) into a case-insensitive
 * matcher. Hand-written instead of a RegExp because `%a%a%a…` patterns backtrack exponentially in a
 * regex engine; this greedy segment search is O(value × pattern) at worst.
 */
export function compileLikePattern(pattern: string): (value: string) => boolean {
  const segments = pattern.toLowerCase().split('%');
  if (segments.length === 1) {
    const exact = segments[0]!;
    return (value) => value.toLowerCase() === exact;
  }
  const head = segments[0]!;
  const tail = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((segment) => segment.length > 0);
  const minimumLength = head.length + tail.length + middle.reduce((sum, segment) => sum + segment.length, 0);
  return (value) => {
    const text = value.toLowerCase();
    if (text.length < minimumLength || !text.startsWith(head) || !text.endsWith(tail)) return false;
    let from = head.length;
    const end = text.length - tail.length;
    for (const segment of middle) {
      const found = text.indexOf(segment, from);
      if (found === -1 || found + segment.length > end) return false;
      from = found + segment.length;
    }
    return from <= end;
  };
}
