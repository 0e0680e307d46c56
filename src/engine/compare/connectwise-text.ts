/**
 * Text as ConnectWise's SQL Server compares it with `=`: a case-insensitive collation, and trailing spaces ignored
 * (ANSI padding: `'ACME Ltd  ' = 'acme ltd'`); leading spaces count.
 */
export function connectWiseText(text: string): string {
  return text.toLowerCase().replace(/ +$/, '');
}

/** Whether ConnectWise holds these two values as equal (text as above, anything else by value). */
export function sameForConnectWise(left: unknown, right: unknown): boolean {
  if (typeof left === 'string' && typeof right === 'string')
    return connectWiseText(left) === connectWiseText(right);
  return left === right;
}
