import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase } from '../../src/db/index.js';
import { foregroundCheckpointPages } from '../../src/db/checkpoint-in-background.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { SecretBox } from '../../src/instances/secret-box.js';

describe('the API on a real socket', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-listen-'));
  const databaseUrl = join(folder, 'cwsync.db');
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    server = await startServer({
      databaseUrl,
      port: 0,
      host: '127.0.0.1',
      secrets: SecretBox.fromKey(randomBytes(32)),
    });
    const database = createDatabase(databaseUrl);
    token = (await createApiToken(database.db, 'socket')).token;
    await database.destroy();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("checkpoints its SQLite database's WAL in the background, off the event loop", async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(server.db);
    expect(rows[0]!.wal_autocheckpoint).toBe(foregroundCheckpointPages);
  });

  it('answers /health and /ready without a token', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  });

  it('creates and reads a record over HTTP with a bearer token', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/api/v1/currencies`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 'chf', name: 'Swiss franc', code: 'CHF' }),
    });
    expect(created.status).toBe(201);
    const read = await fetch(`${server.url}/api/v1/currencies/chf`, { headers });
    expect(read.headers.get('etag')).toBe('"1"');
    expect(await read.json()).toMatchObject({ id: 'chf', code: 'CHF', version: 1 });
  });

  it('answers 401 over HTTP without a token, with a JSON body', async () => {
    const response = await fetch(`${server.url}/api/v1/currencies`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('answers 413 over HTTP to a body over the limit', async () => {
    const response = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', description: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
  });
});
