import type { Token } from './tokenize-query.js';

/** How an error message names what it found instead of what it expected. */
export function describeToken(token: Token): string {
  switch (token.type) {
    case 'word':
    case 'operator':
      return `"${shorten(token.text)}"`;
    case 'string':
      return `the string "${shorten(token.value)}"`;
    case 'number':
      return `the number ${shorten(token.raw)}`;
    case 'datetime':
      return `the datetime [${shorten(token.raw)}]`;
    case 'end':
      return 'the end of the input';
    default:
      return `"${token.type}"`;
  }
}

/** Keeps echoed user text short so an error message stays readable whatever was sent. */
export function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
