import { afterEach, describe, expect, it } from 'vitest';
import { apiPrefix, startExtensionHost } from '../faults/extension-host.js';

type Host = Awaited<ReturnType<typeof startExtensionHost>>;
let host: Host;
afterEach(async () => host?.stop());

function putFaults(body: unknown) {
  return fetch(`${host.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('admin: fault settings', () => {
  it('reports the start options and merges a partial PUT into them', async () => {
    host = await startExtensionHost({ faults: { latencyMs: 3 } });
    const initial = await (await fetch(`${host.url}/__sandbox/faults`)).json();
    expect(initial).toMatchObject({
      latencyMs: 3,
      jitterMs: 0,
      rateLimit: null,
      timeoutErrorRate: 0,
      dropConnectionRate: 0,
    });
    const response = await putFaults({ jitterMs: 10, rateLimit: { limit: 100, windowSeconds: 60 }, seed: 7 });
    expect(response.status).toBe(200);
    const updated = await (await fetch(`${host.url}/__sandbox/faults`)).json();
    expect(updated).toEqual({
      latencyMs: 3,
      jitterMs: 10,
      rateLimit: { limit: 100, windowSeconds: 60 },
      timeoutErrorRate: 0,
      dropConnectionRate: 0,
      lostCreateAnswerRate: 0,
      lostUpdateAnswerRate: 0,
      companyPatchDateTimeError: false,
      callbackKeyNeedsAuth: false,
      seed: 7,
    });
  });

  it.each([
    [{ timeoutErrorRate: 1.5 }, 'timeoutErrorRate'],
    [{ dropConnectionRate: -0.1 }, 'dropConnectionRate'],
    [{ latencyMs: 'slow' }, 'latencyMs'],
    [{ jitterMs: 2.5 }, 'jitterMs'],
    [{ rateLimit: { limit: 5 } }, 'rateLimit.windowSeconds'],
    [{ rateLimit: { limit: 5, windowSeconds: 1, burst: 2 } }, 'rateLimit'],
    [{ latency: 5 }, '(body)'],
    [[1, 2], '(body)'],
  ])('rejects %j with 400 naming %s, and keeps the settings', async (body, field) => {
    host = await startExtensionHost();
    const response = await putFaults(body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as {
      code: string;
      message: string;
      errors: Array<{ field: string }>;
    };
    expect(error.code).toBe('InvalidObject');
    expect(error.message).toBe('faultSettings object is invalid');
    expect(error.errors.map((entry) => entry.field)).toContain(field);
    expect(await (await fetch(`${host.url}/__sandbox/faults`)).json()).toMatchObject({
      latencyMs: 0,
      timeoutErrorRate: 0,
      rateLimit: null,
    });
  });
});

describe('admin: reset', () => {
  it('empties an unseeded sandbox and clears the call counts', async () => {
    host = await startExtensionHost({ seed: 'empty' });
    await fetch(`${host.url}${apiPrefix}/company/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"firstName":"Ada"}',
    });
    expect(host.store.list('company/contacts')).toHaveLength(1);
    expect((await fetch(`${host.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect(host.store.list('company/contacts')).toHaveLength(0);
    expect(await (await fetch(`${host.url}/__sandbox/calls`)).json()).toEqual({ total: 0, endpoints: [] });
  });

  it('puts a demo sandbox back to the demo seed', async () => {
    host = await startExtensionHost({ seed: 'demo' });
    host.store.insert('company/contacts', { firstName: 'Ada' }, 'cwsync');
    await fetch(`${host.url}/__sandbox/reset`, { method: 'POST' });
    expect(host.store.list('company/contacts')).toHaveLength(0);
    expect(host.store.list('company/countries').length).toBeGreaterThan(200);
    expect(host.store.list('system/members').map((member) => member.identifier)).toContain('cwsync');
  });
});
