export interface EndpointCalls {
  method: string;
  route: string;
  total: number;
  /**
   * HTTP status → count; "dropped" for a connection closed before the request was carried out, "answer-lost" for
   * one closed after it was (a create stored whose answer never arrived)
   */
  statuses: Record<string, number>;
}

/** Per-endpoint call counts keyed by method and route pattern, e.g. "GET /v4_6_release/apis/3.0/company/companies". */
export function createCallCounter() {
  const endpoints = new Map<string, EndpointCalls>();

  return {
    record(method: string, route: string, status: number | 'dropped' | 'answer-lost') {
      const key = `${method} ${route}`;
      let entry = endpoints.get(key);
      if (!entry) endpoints.set(key, (entry = { method, route, total: 0, statuses: {} }));
      entry.total += 1;
      entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
    },
    list(): EndpointCalls[] {
      return [...endpoints.values()]
        .map((entry) => ({ ...entry, statuses: { ...entry.statuses } }))
        .sort((a, b) => a.route.localeCompare(b.route) || a.method.localeCompare(b.method));
    },
    reset() {
      endpoints.clear();
    },
  };
}

export type CallCounter = ReturnType<typeof createCallCounter>;
