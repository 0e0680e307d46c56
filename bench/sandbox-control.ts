// What the benchmarks ask of an in-process sandbox: the calls it has answered, and its latency.
import type { RunningSandbox } from '../src/sandbox/index.js';

/** The ConnectWise API calls the sandbox has answered so far, by HTTP method. */
export async function countCalls(sandbox: RunningSandbox): Promise<Map<string, number>> {
  const response = await fetch(`${sandbox.url}/__sandbox/calls`);
  if (!response.ok) throw new Error(`GET /__sandbox/calls answered ${response.status}`);
  const { endpoints } = (await response.json()) as {
    endpoints: Array<{ method: string; total: number }>;
  };
  const byMethod = new Map<string, number>();
  for (const { method, total } of endpoints) byMethod.set(method, (byMethod.get(method) ?? 0) + total);
  return byMethod;
}

/** Every ConnectWise call waits this long in the sandbox from now on. */
export async function setLatency(sandbox: RunningSandbox, latencyMs: number): Promise<void> {
  const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  if (!response.ok) throw new Error(`PUT /__sandbox/faults answered ${response.status}`);
}

/** The ConnectWise API calls the sandbox has answered so far, by "METHOD resource" (e.g. "POST sales/orders"). */
export async function countCallsByEndpoint(sandbox: RunningSandbox): Promise<Map<string, number>> {
  const response = await fetch(`${sandbox.url}/__sandbox/calls`);
  if (!response.ok) throw new Error(`GET /__sandbox/calls answered ${response.status}`);
  const { endpoints } = (await response.json()) as {
    endpoints: Array<{ method: string; route: string; total: number }>;
  };
  const byEndpoint = new Map<string, number>();
  for (const { method, route, total } of endpoints) {
    const resource = route.replace(/^\/v4_6_release\/apis\/3\.0\//, '').replace(/:[A-Za-z]+/g, '{id}');
    const key = `${method} ${resource}`;
    byEndpoint.set(key, (byEndpoint.get(key) ?? 0) + total);
  }
  return byEndpoint;
}
