import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { authHeaders } from '../fuzz/sandbox-requests.js';

let sandbox: RunningSandbox;
afterEach(async () => sandbox?.stop());

function api(path: string, init: RequestInit = {}) {
  return fetch(`${sandbox.apiUrl}${path}`, {
    ...init,
    headers: { ...authHeaders(sandbox), 'content-type': 'application/json', ...init.headers },
  });
}

function admin(path: string, method = 'GET', body?: unknown) {
  return fetch(`${sandbox.url}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('admin API on the running sandbox', () => {
  it('needs no ConnectWise credentials and reports faults given at start', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty', faults: { jitterMs: 7 } });
    const response = await admin('faults');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ jitterMs: 7, latencyMs: 0 });
  });

  it('rate-limits ConnectWise calls after a PUT, with Retry-After and ConnectWise headers', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
    expect((await admin('faults', 'PUT', { rateLimit: { limit: 1, windowSeconds: 60 } })).status).toBe(200);
    expect((await api('/company/companies')).status).toBe(200);
    const limited = await api('/company/companies');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toContain('json');
  });

  it('counts calls by route pattern, unknown routes included', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'empty' });
    await api('/company/companies/1');
    await api('/company/companies/2');
    await api('/company/nothing-here');
    const { endpoints } = (await (await admin('calls')).json()) as {
      endpoints: Array<{ method: string; route: string; statuses: Record<string, number> }>;
    };
    expect(endpoints).toContainEqual({
      method: 'GET',
      route: '/v4_6_release/apis/3.0/company/companies/:id',
      total: 2,
      statuses: { '404': 2 },
    });
    expect(endpoints).toContainEqual({
      method: 'GET',
      route: '(no route)',
      total: 1,
      statuses: { '404': 1 },
    });
  });

  it('resets a demo sandbox to its seed: written records gone, reference data and API members back', async () => {
    sandbox = await startSandbox({ port: 0, seed: 'demo' });
    const created = await api('/company/companies', {
      method: 'POST',
      body: JSON.stringify({
        identifier: 'RESET-ME',
        name: 'Reset Me',
        city: 'X',
        site: { name: 'Main' },
        status: { id: 1 },
        types: [{ id: 1 }],
      }),
    });
    expect(created.status).toBe(201);
    expect((await admin('reset', 'POST')).status).toBe(204);
    expect(await (await api('/company/companies/count')).json()).toEqual({ count: 0 });
    const { count } = (await (await api('/company/countries/count')).json()) as { count: number };
    expect(count).toBeGreaterThan(200);
    const members = (await (await api('/system/members?conditions=identifier="cwsync"')).json()) as unknown[];
    expect(members).toHaveLength(1);
    expect((await (await admin('calls')).json()) as { total: number }).toMatchObject({ total: 3 });
  });
});
