import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createConnectWiseClient } from '../../../src/connectwise/index.js';
import type { ConnectWiseClient, ConnectWiseConfigInput } from '../../../src/connectwise/index.js';
import { redactedPaths } from '../../../src/logging/logger.js';

export const testKeys = {
  companyId: 'cwsync',
  publicKey: 'sandbox-public',
  privateKey: 'sandbox-private',
  clientId: '1c6d4b2e-5f0a-4c8e-9b1d-2a3f4e5d6c7b',
};

export interface CapturedLogs {
  lines: string[];
}

/** A pino logger at debug level that keeps every line, to check that no key is ever logged. */
export function createCapturingLogger(): { logger: pino.Logger; logs: CapturedLogs } {
  const logs: CapturedLogs = { lines: [] };
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level: 'debug', redact: { paths: redactedPaths, censor: '[redacted]' } }, stream);
  return { logger, logs };
}

/** A client with fast retries for tests; every option can be overridden. */
export function createTestClient(
  siteUrl: string,
  overrides: Partial<ConnectWiseConfigInput> = {},
): ConnectWiseClient {
  return createConnectWiseClient({
    siteUrl,
    ...testKeys,
    logger: createCapturingLogger().logger,
    ...overrides,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...overrides.retry },
  });
}
