import type { RunningSandbox } from '../../../src/sandbox/index.js';

export const fuzzClientId = '0b8f5c1e-2d3a-4f6b-8c9d-1e2f3a4b5c6d';

export function authHeaders(sandbox: RunningSandbox): Record<string, string> {
  const { companyId, publicKey, privateKey } = sandbox.credentials;
  return {
    authorization: `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`,
    clientid: fuzzClientId,
    accept: 'application/vnd.connectwise.com+json; version=2022.1',
  };
}

/** The sandbox must answer client input with 2xx/4xx: never a 500, never a dropped connection. */
export function isClientAnswer(status: number): boolean {
  return status >= 200 && status < 500;
}

/** The sandbox still answers an ordinary request after the hostile ones, and nothing polluted Object.prototype. */
export async function assertStillHealthy(sandbox: RunningSandbox): Promise<void> {
  const response = await fetch(`${sandbox.apiUrl}/company/countries?pageSize=1`, {
    headers: authHeaders(sandbox),
  });
  if (response.status !== 200) throw new Error(`sandbox answered ${response.status} to a normal request`);
  const probe: Record<string, unknown> = {};
  if ('polluted' in probe || Object.keys(Object.prototype).length > 0) {
    throw new Error('Object.prototype was polluted');
  }
}

export async function sendJson(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: { ...authHeaders(sandbox), 'content-type': 'application/json', ...extraHeaders },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Fuzz runs replay the same cases unless CWSYNC_FUZZ_SEED picks others (exploratory runs); a failure prints the
 * seed and counterexample to reproduce it.
 */
export const fuzzSeed = Number(process.env.CWSYNC_FUZZ_SEED ?? 20_260_101);

/** Number of cases per property; CWSYNC_FUZZ_SCALE multiplies it for longer exploratory runs. */
export function fuzzRuns(baseline: number): number {
  return Math.round(baseline * Number(process.env.CWSYNC_FUZZ_SCALE ?? 1));
}
