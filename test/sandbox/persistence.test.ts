import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from './support/sandbox-client.js';

describe('sandbox persistence', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cwsync-sandbox-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('saves changes to the data file and loads them at the next start', async () => {
    const dataFile = join(directory, 'sandbox.json');
    const first = await startTestSandbox({ dataFile });
    const created = await first.call('POST', '/company/companies', {
      body: { identifier: 'KEEP1', name: 'Keep', city: 'Tampa', site: { name: 'Main' } },
    });
    expect(created.status).toBe(201);
    await first.stop();
    expect(existsSync(dataFile)).toBe(true);
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).format).toBe('cwsync-sandbox-store/1');

    const second = await startTestSandbox({ dataFile });
    try {
      const read = await second.call('GET', `/company/companies/${created.body.id}`);
      expect(read.body).toMatchObject({
        identifier: 'KEEP1',
        _info: { dateEntered: created.body._info.dateEntered },
      });
      const next = await second.call('POST', '/company/companies', {
        body: { identifier: 'KEEP2', name: 'Keep 2', city: 'Tampa', site: { name: 'Main' } },
      });
      expect(next.body.id).toBeGreaterThan(created.body.id);
    } finally {
      await second.stop();
    }
  });

  it('saves an emptied store too (an admin reset emits no change events)', async () => {
    const dataFile = join(directory, 'reset.json');
    const sandbox = await startTestSandbox({ dataFile });
    await sandbox.call('POST', '/company/companies/statuses', { body: { name: 'Before reset' } });
    sandbox.sandbox.context.store.clear();
    await sandbox.stop();
    const saved = JSON.parse(readFileSync(dataFile, 'utf8')) as { resources: Record<string, unknown> };
    expect(saved.resources).toEqual({});
  });

  it('does not leave temporary files next to the data file', async () => {
    const dataFile = join(directory, 'clean.json');
    const sandbox = await startTestSandbox({ dataFile });
    await sandbox.call('POST', '/company/companies/statuses', { body: { name: 'Saved' } });
    await sandbox.stop();
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
