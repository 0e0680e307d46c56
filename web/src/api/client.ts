/** One problem in a 400 answer: the field (`path`), the rule it breaks and a sentence. */
export interface ApiIssue {
  path: string;
  rule: string;
  message: string;
}

/** An API answer other than 2xx, with the API's own error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  /** a text answer, e.g. `/metrics` (Prometheus' text format) */
  getText(path: string): Promise<string>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** The operator's API with a bearer token; `onUnauthorized` runs when the token stops working. */
export function createApiClient(token: string, onUnauthorized: () => void): ApiClient {
  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (response.status === 401) onUnauthorized();
    return response;
  }
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw toApiError(response.status, parsed);
    return parsed as T;
  }
  return {
    get: (path) => call('GET', path),
    async getText(path) {
      const response = await send('GET', path);
      const text = await response.text();
      if (!response.ok) throw toApiError(response.status, text === '' ? undefined : JSON.parse(text));
      return text;
    },
    send: (method, path, body) => call(method, path, body),
  };
}

/** Whether the API takes this token: a cheap authenticated read. */
export async function checkToken(token: string): Promise<'ok' | 'refused'> {
  const response = await fetch('/api/v1/instances', { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 401) return 'refused';
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
  return 'ok';
}

function toApiError(status: number, body: unknown): ApiError {
  const value = (typeof body === 'object' && body !== null ? body : {}) as {
    error?: string;
    message?: string;
    issues?: ApiIssue[];
  };
  return new ApiError(
    status,
    value.error ?? `http_${status}`,
    value.message ?? `the server answered ${status}`,
    value.issues ?? [],
  );
}

/** What to show a person for a failed call: the message and, for a 400, each field's problem. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    return issues.length > 0 ? `${error.message} — ${issues.join('; ')}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
