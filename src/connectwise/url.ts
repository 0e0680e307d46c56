export type QueryValue = string | number | boolean | undefined;

/**
 * `?a=1&b=x%20y` with every value percent-encoded (spaces as %20, never `+`, which ConnectWise's condition
 * parser would otherwise have to guess about); undefined values are left out.
 */
export function buildQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** `company/companies` or `/company/companies/` → `/company/companies`. */
export function normaliseResourcePath(path: string): string {
  return `/${path.replace(/^\/+|\/+$/g, '')}`;
}

export function buildApiUrl(origin: string, codebase: string, pathAndQuery: string): string {
  return `${origin}/${codebase}/apis/3.0${pathAndQuery}`;
}

/** `company/companies` + 5 + `sites` → `company/companies/5/sites`, refusing anything but an integer id. */
export function buildNestedPath(parentPath: string, parentId: number, childPath: string): string {
  if (!Number.isInteger(parentId) || parentId < 0) {
    throw new TypeError(
      `parent id for ${parentPath}/…/${childPath} must be a non-negative integer, got ${parentId}`,
    );
  }
  return `${parentPath}/${parentId}/${childPath}`;
}
