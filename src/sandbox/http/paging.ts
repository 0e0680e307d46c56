import { badRequest } from './connectwise-error.js';

export const defaultPageSize = 25;
/** ConnectWise's hard maximum; a larger pageSize is answered with 1000 rows, not an error. */
export const maxPageSize = 1000;

export interface PageRequest {
  page: number;
  pageSize: number;
  /** forward-only paging: rows with id > pageId */
  pageId: number;
  forwardOnly: boolean;
}

function readPositiveInteger(
  name: string,
  raw: string | undefined,
  fallback: number,
  minimum: number,
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw badRequest(`The ${name} parameter must be a whole number of at least ${minimum}; got "${raw}".`);
  }
  return value;
}

export function readPageRequest(
  query: Record<string, string | undefined>,
  paginationType: unknown,
): PageRequest {
  const pageSize = Math.min(readPositiveInteger('pageSize', query.pagesize, defaultPageSize, 1), maxPageSize);
  return {
    page: readPositiveInteger('page', query.page, 1, 1),
    pageSize,
    pageId: readPositiveInteger('pageId', query.pageid, 0, 0),
    forwardOnly: typeof paginationType === 'string' && paginationType.toLowerCase() === 'forward-only',
  };
}

function withParameters(requestUrl: URL, parameters: Record<string, string>, drop: string[]): string {
  const url = new URL(requestUrl);
  for (const name of [...Object.keys(parameters), ...drop]) {
    for (const key of [...url.searchParams.keys()])
      if (key.toLowerCase() === name.toLowerCase()) url.searchParams.delete(key);
  }
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.toString();
}

/** `<url>; rel="first", <url>; rel="prev", <url>; rel="next", <url>; rel="last"`, as ConnectWise writes it. */
export function navigableLinkHeader(
  requestUrl: URL,
  page: number,
  pageSize: number,
  lastPage: number,
): string | undefined {
  const link = (target: number, rel: string) =>
    `<${withParameters(requestUrl, { pageSize: String(pageSize), page: String(target) }, ['pageId'])}>; rel="${rel}"`;
  const parts: string[] = [];
  if (page > 1) parts.push(link(1, 'first'), link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) parts.push(link(page + 1, 'next'), link(lastPage, 'last'));
  return parts.length === 0 ? undefined : parts.join(', ');
}

/** Forward-only paging names the next page by the last id seen; there is no `last` link. */
export function forwardOnlyLinkHeader(requestUrl: URL, pageSize: number, lastId: number): string {
  return `<${withParameters(requestUrl, { pageSize: String(pageSize), pageId: String(lastId) }, ['page'])}>; rel="next"`;
}
