import { afterEach, describe, expect, it } from 'vitest';
import { apiPrefix, startExtensionHost } from './extension-host.js';

type Host = Awaited<ReturnType<typeof startExtensionHost>>;
let host: Host;
afterEach(async () => host?.stop());

async function putFaults(body: unknown) {
  return fetch(`${host.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const getContact = () => fetch(`${host.url}${apiPrefix}/company/contacts/1`);

async function calls() {
  return (await (await fetch(`${host.url}/__sandbox/calls`)).json()) as {
    total: number;
    endpoints: Array<{ method: string; route: string; total: number; statuses: Record<string, number> }>;
  };
}

describe('fault injection', () => {
  it('answers 429 with an integer Retry-After once more than `limit` calls arrive in the window', async () => {
    host = await startExtensionHost({ faults: { rateLimit: { limit: 2, windowSeconds: 30 } } });
    const statuses = [];
    for (let call = 0; call < 4; call += 1) statuses.push((await getContact()).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const limited = await getContact();
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(await limited.json()).toMatchObject({
      code: expect.any(String),
      message: expect.stringContaining('retry'),
    });
  });

  it('replaces answers with ConnectWise’s 500 timeout body at a rate of 1', async () => {
    host = await startExtensionHost();
    await putFaults({ timeoutErrorRate: 1 });
    const response = await getContact();
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: 'ConnectWiseApi',
      message: 'A timeout has occured. Please try again.',
    });
  });

  it('drops the connection without an answer at a rate of 1, and counts it', async () => {
    host = await startExtensionHost({ faults: { dropConnectionRate: 1 } });
    await expect(getContact()).rejects.toThrow();
    const counted = await calls();
    expect(counted.endpoints).toEqual([
      { method: 'GET', route: `${apiPrefix}/company/contacts/:id`, total: 1, statuses: { dropped: 1 } },
    ]);
  });

  it('never applies faults to the admin API or the callback key URL', async () => {
    host = await startExtensionHost({ faults: { timeoutErrorRate: 1, dropConnectionRate: 0 } });
    expect((await fetch(`${host.url}/__sandbox/faults`)).status).toBe(200);
    expect((await fetch(`${host.url}/v2025_1//system/callbackkey/index.rails?id=nope`)).status).toBe(404);
    expect((await calls()).total).toBe(0);
  });

  it('counts calls per method and route pattern with their statuses, and resets the counts', async () => {
    host = await startExtensionHost({ faults: { rateLimit: { limit: 2, windowSeconds: 60 } } });
    await getContact();
    await fetch(`${host.url}${apiPrefix}/company/contacts/2`);
    await getContact();
    await fetch(`${host.url}${apiPrefix}/company/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"firstName":"Ada"}',
    });
    const counted = await calls();
    expect(counted.total).toBe(4);
    expect(counted.endpoints).toContainEqual({
      method: 'GET',
      route: `${apiPrefix}/company/contacts/:id`,
      total: 3,
      statuses: { '200': 2, '429': 1 },
    });
    expect(counted.endpoints).toContainEqual({
      method: 'POST',
      route: `${apiPrefix}/company/contacts`,
      total: 1,
      statuses: { '429': 1 },
    });
    expect((await fetch(`${host.url}/__sandbox/calls/reset`, { method: 'POST' })).status).toBe(204);
    expect(await calls()).toEqual({ total: 0, endpoints: [] });
  });

  it('holds answers back by the configured latency', async () => {
    host = await startExtensionHost({ faults: { latencyMs: 60_000 } });
    await expect(
      fetch(`${host.url}${apiPrefix}/company/contacts/1`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow(/abort|timeout/i);
    await putFaults({ latencyMs: 0 });
    expect((await getContact()).status).toBe(200);
  });
});
