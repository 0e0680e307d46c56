import { readFileSync } from 'node:fs';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import type { SandboxOptions } from '../../../src/sandbox/context.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are inspected field by field
export type JsonBody = any;

export const testClientId = '3d2f1a6e-8f7a-4b8e-9c1d-2e3f4a5b6c7d';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: JsonBody;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  keys?: { companyId?: string; publicKey: string; privateKey: string } | null;
  clientId?: string | null;
  contentType?: string;
}

export interface TestSandbox {
  sandbox: RunningSandbox;
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
  stop(): Promise<void>;
}

export function basicAuthorization(companyId: string, publicKey: string, privateKey: string): string {
  return `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`;
}

/** A sandbox on 127.0.0.1:0 and a fetch wrapper that signs requests with the sandbox's keys. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ port: 0, seed: 'empty', ...options });
  const { companyId, publicKey, privateKey } = sandbox.credentials;
  return {
    sandbox,
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      const keys = callOptions.keys === undefined ? { companyId, publicKey, privateKey } : callOptions.keys;
      if (keys !== null)
        headers.authorization = basicAuthorization(
          keys.companyId ?? companyId,
          keys.publicKey,
          keys.privateKey,
        );
      const clientId = callOptions.clientId === undefined ? testClientId : callOptions.clientId;
      if (clientId !== null) headers.clientId = clientId;
      let body: string | undefined = callOptions.rawBody;
      if (callOptions.body !== undefined) body = JSON.stringify(callOptions.body);
      if (body !== undefined) headers['content-type'] = callOptions.contentType ?? 'application/json';
      const url = path.startsWith('http') ? path : `${sandbox.apiUrl}${path}`;
      const response = await fetch(url, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // keep the text: the test asserts on it
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    stop: () => sandbox.stop(),
  };
}

const fixtureRoot = new URL('../../fixtures/connectwise/amp-labs/', import.meta.url);

/** A captured ConnectWise body from test/fixtures/connectwise/amp-labs/. */
export function readFixture(path: string): JsonBody {
  return JSON.parse(readFileSync(new URL(path, fixtureRoot), 'utf8'));
}
