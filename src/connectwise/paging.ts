/** `<https://…&page=2>; rel="next", <…&page=9>; rel="last"` → Map { next → url, last → url }. */
export function parseLinkHeader(header: string | string[] | undefined): Map<string, string> {
  const links = new Map<string, string>();
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (!text) return links;
  for (const match of text.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const [, url = '', params = ''] = match;
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1];
    if (!rel) continue;
    for (const name of rel.trim().toLowerCase().split(/\s+/)) links.set(name, url);
  }
  return links;
}

/** Where the `next` link points: a forward-only `pageId` or a page number; undefined on the last page. */
export function readNextPosition(
  links: Map<string, string>,
): { pageId: number } | { page: number } | undefined {
  const next = links.get('next');
  if (next === undefined) return undefined;
  const params = new URL(next, 'http://link.invalid').searchParams;
  const pageId = readPositiveInteger(params, 'pageid');
  if (pageId !== undefined) return { pageId };
  const page = readPositiveInteger(params, 'page');
  return page === undefined ? undefined : { page };
}

function readPositiveInteger(params: URLSearchParams, lowerCaseName: string): number | undefined {
  for (const [name, value] of params) {
    if (name.toLowerCase() !== lowerCaseName) continue;
    const number = Number(value);
    if (Number.isInteger(number) && number >= 0) return number;
  }
  return undefined;
}
