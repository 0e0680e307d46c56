import { startSandbox } from '../../../src/sandbox/index.js';
import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox/index.js';
import type { ConnectWiseClient, ConnectWiseConfigInput } from '../../../src/connectwise/index.js';
import { createTestClient, testKeys } from './test-client.js';

export interface SandboxWithClient {
  sandbox: RunningSandbox;
  client: ConnectWiseClient;
  /** PUT /__sandbox/faults with a partial FaultSettings */
  setFaults(faults: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** A sandbox on 127.0.0.1:0 and a client for it with fast retries. */
export async function startSandboxWithClient(
  options: SandboxOptions = {},
  clientOverrides: Partial<ConnectWiseConfigInput> = {},
): Promise<SandboxWithClient> {
  const sandbox = await startSandbox({ port: 0, seed: 'empty', ...options });
  const client = createTestClient(sandbox.url, {
    ...sandbox.credentials,
    clientId: testKeys.clientId,
    ...clientOverrides,
  });
  return {
    sandbox,
    client,
    async setFaults(faults) {
      const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
      if (!response.ok)
        throw new Error(`PUT /__sandbox/faults answered ${response.status}: ${await response.text()}`);
    },
    async stop() {
      await client.close();
      await sandbox.stop();
    },
  };
}

/** Every item of an async iterable, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
