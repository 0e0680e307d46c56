// The ConnectWise sandbox in a process of its own (`cwsync sandbox`), and what a benchmark asks of it through its
// admin endpoints: latency, call counts, bulk seeding.
import { freePort, startCli, stopProcess, waitUntil, type BenchProcess } from './processes.js';

export const sandboxCredentials = {
  companyId: 'cwsync',
  publicKey: 'sandbox-public',
  privateKey: 'sandbox-private',
} as const;

export interface SandboxProcess {
  process: BenchProcess;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** the REST base, e.g. http://127.0.0.1:40123/v4_6_release/apis/3.0 */
  apiUrl: string;
  setLatency(latencyMs: number): Promise<void>;
  /** calls answered so far by "METHOD resource" (e.g. "POST company/companies") */
  calls(): Promise<Map<string, number>>;
  resetCalls(): Promise<void>;
  /**
   * `companies` companies in ConnectWise, with `contactsPerCompany` contacts each but the first (which has one):
   * one company and contact made through the API, the rest copied by POST /__sandbox/seed/companies.
   */
  seedCompanies(
    companies: number,
    contactsPerCompany: number,
  ): Promise<{ companies: number; contacts: number }>;
  stop(): Promise<void>;
}

/** A fresh sandbox (seed `demo`: the reference data, no companies), in its own process. */
export async function startSandboxProcess(
  options: { apiVersion?: string; newCompanyBillTo?: 'self' | 'none' } = {},
): Promise<SandboxProcess> {
  const port = await freePort();
  const args = ['sandbox', '--port', String(port), '--seed', 'demo'];
  if (options.apiVersion) args.push('--api-version', options.apiVersion);
  // tenant rule C9's other answer: new companies left without a bill-to (docs/connectwise-tenant-rules.md)
  if (options.newCompanyBillTo) args.push('--new-company-bill-to', options.newCompanyBillTo);
  const process = startCli('sandbox', args);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil('the sandbox answering', async () => (await fetch(`${url}/__sandbox/faults`)).ok, 120_000);
  return {
    process,
    url,
    apiUrl: `${url}/v4_6_release/apis/3.0`,
    async setLatency(latencyMs) {
      await admin(url, 'PUT', '/__sandbox/faults', { latencyMs });
    },
    async calls() {
      const { endpoints } = (await admin(url, 'GET', '/__sandbox/calls')) as {
        endpoints: Array<{ method: string; route: string; total: number }>;
      };
      const byEndpoint = new Map<string, number>();
      for (const { method, route, total } of endpoints) {
        const resource = route.replace(/^\/v4_6_release\/apis\/3\.0\//, '').replace(/:[A-Za-z]+/g, '{id}');
        const key = `${method} ${resource}`;
        byEndpoint.set(key, (byEndpoint.get(key) ?? 0) + total);
      }
      return byEndpoint;
    },
    async resetCalls() {
      await admin(url, 'POST', '/__sandbox/calls/reset');
    },
    async seedCompanies(companies, contactsPerCompany) {
      const template = (await api(url, 'POST', '/company/companies', {
        identifier: 'PULL-0',
        name: 'Pulled Company',
        status: { id: 1 },
        site: { name: 'Main' },
        types: [{ id: 1 }],
        addressLine1: '1 Main Street',
        city: 'Tampa',
        state: 'FL',
        zip: '33601',
        phoneNumber: '+1 813 555 0100',
      })) as { id: number };
      await api(url, 'POST', '/company/contacts', {
        firstName: 'First1',
        lastName: 'Last0',
        company: { id: template.id },
        communicationItems: [{ type: { id: 1 }, value: 'c1.0@seed.example', defaultFlag: true }],
      });
      const copies = (await admin(url, 'POST', '/__sandbox/seed/companies', {
        count: companies - 1,
        contactsPerCompany,
        identifierPrefix: 'PULL-',
      })) as { companies: number; contacts: number };
      return { companies: copies.companies + 1, contacts: copies.contacts + 1 };
    },
    stop: () => stopProcess(process),
  };
}

/** A ConnectWise API call as the sandbox's API member (`url`: the sandbox's, `path` under /apis/3.0). */
export async function api(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const { companyId, publicKey, privateKey } = sandboxCredentials;
  const response = await fetch(`${url}/v4_6_release/apis/3.0${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`,
      clientid: '5b2a9c3e-1d4f-4e6a-8b7c-9d0e1f2a3b4c',
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Calls summed by method ("GET", "POST", …). */
export function byMethod(calls: Map<string, number>): Map<string, number> {
  const methods = new Map<string, number>();
  for (const [key, count] of calls) {
    const method = key.split(' ')[0]!;
    methods.set(method, (methods.get(method) ?? 0) + count);
  }
  return methods;
}

export function total(counts: Map<string, number>): number {
  return [...counts.values()].reduce((sum, count) => sum + count, 0);
}

export function describeCounts(counts: Map<string, number>): string {
  if (counts.size === 0) return 'none';
  return [...counts].map(([key, count]) => `${count} ${key}`).join(', ');
}
