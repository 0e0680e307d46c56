// `cwsync reconcile` in process against the ConnectWise sandbox over HTTP, on both databases: drift made on each
// side is listed by field and kind, ConnectWise is read in pages (far fewer GETs than records), nothing is
// written, and --push / --pull put the other side in step until a re-run finds none.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import type { Reconciliation } from '../../src/reconcile/index.js';
import { databaseTargets } from '../support/database.js';
import type { RecordStore } from '../../src/bss/store/index.js';
import type { SandboxWithClient } from '../connectwise/support/sandbox.js';
import { startCliSyncWorld, type CliSyncWorld } from '../support/cli-sync-world.js';
import type { CommandDatabase } from '../support/command-database.js';
import { runCliInProcess } from '../support/run-cli-in-process.js';
import { upsertAccount } from '../support/sync-records.js';

const api = { origin: 'api' as const };
const accounts = Array.from({ length: 40 }, (_, index) => `RC-${String(index + 1).padStart(2, '0')}`);

describe.each(databaseTargets())('cwsync reconcile on $name', (target) => {
  const secretKey = randomBytes(32);
  let command: CommandDatabase;
  let store: RecordStore;
  let cw: SandboxWithClient;
  const cli = (...args: string[]) =>
    runCliInProcess([...args, '--database-url', command.url, '--runner', 'embedded']);
  const reconcile = async (...args: string[]) => {
    const run = await cli('reconcile', '--instance', 'sandbox', '--json', ...args);
    return { code: run.code, result: JSON.parse(run.stdout) as Reconciliation, stderr: run.stderr };
  };
  const companyOf = async (identifier: string) =>
    (await cw.client.company.companies.page({ conditions: where('identifier', '=', identifier) })).items[0];
  const calls = async () => {
    const response = await fetch(`${cw.sandbox.url}/__sandbox/calls`);
    const body = (await response.json()) as { endpoints: Array<{ method: string; total: number }> };
    const count = (get: boolean) =>
      body.endpoints
        .filter((call) => (call.method === 'GET') === get)
        .reduce((sum, call) => sum + call.total, 0);
    return { gets: count(true), writes: count(false) };
  };

  let world: CliSyncWorld;

  beforeAll(async () => {
    vi.stubEnv('CWSYNC_SECRET_KEY', secretKey.toString('hex'));
    world = await startCliSyncWorld(target, secretKey);
    ({ command, store, cw } = world);
    for (const id of accounts) {
      await upsertAccount(store, id, { name: `Reconcile ${id}`, phone: '+1 813 555 0100' });
    }
    const synced = await cli(
      'sync',
      '--instance',
      'sandbox',
      '--module',
      'accounts',
      '--direction',
      'push',
      '--wait',
    );
    expect(synced.code, synced.stderr).toBe(0);
  });
  afterAll(async () => {
    await world?.stop();
    vi.unstubAllEnvs();
  });

  it('finds nothing when both sides are in step, exit 0', async () => {
    const { code, result } = await reconcile();
    expect(code).toBe(0);
    expect(result.drift).toEqual([]);
    expect(result.modules.find((tally) => tally.module === 'accounts')).toMatchObject({
      linked: accounts.length,
      inStep: accounts.length,
      drifted: 0,
    });
  });

  it('lists drift by field and kind, reading ConnectWise in pages and writing nothing', async () => {
    await store.update('accounts', 'RC-01', { name: 'Renamed in the BSS' }, api);
    const rc02 = await companyOf('RC-02');
    await cw.client.company.companies.patch(rc02!.id, [
      { op: 'replace', path: 'phoneNumber', value: '+1 813 555 0222' },
    ]);
    await store.update('accounts', 'RC-03', { name: 'Both: the BSS' }, api);
    const rc03 = await companyOf('RC-03');
    await cw.client.company.companies.patch(rc03!.id, [
      { op: 'replace', path: 'name', value: 'Both: ConnectWise' },
    ]);
    const rc04 = await companyOf('RC-04');
    await cw.client.company.companies.delete(rc04!.id);

    await fetch(`${cw.sandbox.url}/__sandbox/calls/reset`, { method: 'POST' });
    const { code, result } = await reconcile('--module', 'accounts');
    const made = await calls();
    expect(code).toBe(2);
    expect(made.writes).toBe(0);
    // 40 linked records: one `id in (…)` page of companies plus the runtime's reference data, not 40 GETs.
    expect(made.gets).toBeLessThan(accounts.length / 4);

    const byId = new Map(result.drift.map((record) => [record.recordId, record]));
    expect([...byId.keys()].sort()).toEqual(['RC-01', 'RC-02', 'RC-03', 'RC-04']);
    expect(byId.get('RC-01')!.fields).toEqual([
      {
        field: 'name',
        kind: 'bss',
        bss: 'Renamed in the BSS',
        connectwise: 'Reconcile RC-01',
        lastSynced: 'Reconcile RC-01',
      },
    ]);
    expect(byId.get('RC-02')!.fields).toEqual([
      expect.objectContaining({ field: 'phoneNumber', kind: 'connectwise', connectwise: '+1 813 555 0222' }),
    ]);
    expect(byId.get('RC-03')!.fields).toEqual([
      expect.objectContaining({
        field: 'name',
        kind: 'both',
        bss: 'Both: the BSS',
        connectwise: 'Both: ConnectWise',
      }),
    ]);
    expect(byId.get('RC-04')).toMatchObject({
      missing: 'connectwise',
      fields: [],
      canPush: true,
      canPull: false,
    });
    expect(result.groups.map((group) => [group.key, group.count])).toEqual([
      ['accounts|name|bss', 1],
      ['accounts|phoneNumber|connectwise', 1],
      ['accounts|name|both', 1],
      ['accounts|missing|connectwise', 1],
    ]);

    const text = await cli('reconcile', '--instance', 'Sandbox', '--module', 'accounts');
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('accounts: 40 linked, 36 in step, 4 drifted, 0 not compared');
    expect(text.stdout).toContain(
      '    name: changed in the BSS: BSS "Renamed in the BSS", ConnectWise "Reconcile RC-01", last synced "Reconcile RC-01"',
    );
    expect(text.stdout).toMatch(/accounts RC-04 \(ConnectWise #\d+\): gone from ConnectWise/);
    expect(text.stdout).toContain(
      'accounts|phoneNumber|connectwise  1 record: accounts phoneNumber changed in ConnectWise',
    );
  });

  it('pushes this side and pulls that side, per record and per group, until a re-run finds none', async () => {
    const pushed = await cli(
      'reconcile',
      '--instance',
      'sandbox',
      '--push',
      '--record',
      'accounts:RC-01',
      'accounts:RC-03',
      '--wait',
    );
    expect(pushed.stdout).toContain('Queued a push of accounts RC-01.');
    expect(pushed.stdout).toContain('Queued a push of accounts RC-03.');
    expect((await companyOf('RC-01'))?.name).toBe('Renamed in the BSS');
    expect((await companyOf('RC-03'))?.name).toBe('Both: the BSS');

    const notPulled = await cli('reconcile', '--instance', 'sandbox', '--pull', '--record', 'accounts:RC-04');
    expect(notPulled.stdout).toContain(
      'Not queued: accounts RC-04: the ConnectWise record is gone: nothing to pull.',
    );

    const pulled = await cli(
      'reconcile',
      '--instance',
      'sandbox',
      '--pull',
      '--group',
      'accounts|phoneNumber|connectwise',
      '--wait',
    );
    expect(pulled.stdout).toMatch(/Queued a pull of accounts RC-02 \(ConnectWise #\d+\)\./);
    expect((await store.get('accounts', 'RC-02'))?.phone).toBe('+1 813 555 0222');

    const recreated = await cli(
      'reconcile',
      '--instance',
      'sandbox',
      '--push',
      '--group',
      'accounts|missing|connectwise',
      '--wait',
    );
    expect(recreated.code, recreated.stdout).toBe(0);
    expect(recreated.stdout).toContain('Every linked record is in step.');
    expect(await companyOf('RC-04')).toMatchObject({ name: 'Reconcile RC-04' });

    const { code, result } = await reconcile();
    expect(code).toBe(0);
    expect(result.drift).toEqual([]);
    // The resolutions went through the ordinary jobs: the report has nothing left of them.
    const report = await runCliInProcess([
      'report',
      '--instance',
      'sandbox',
      '--json',
      '--database-url',
      command.url,
    ]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).not.toContain('RC-0');
  });

  it('draws a progress bar per module on a terminal, and none when the output is piped', async () => {
    const drawn: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      drawn.push(String(chunk));
      return true;
    });
    const was = { stdout: process.stdout.isTTY, stderr: process.stderr.isTTY };
    const terminal = (on: boolean) => {
      Object.defineProperty(process.stdout, 'isTTY', { value: on, configurable: true });
      Object.defineProperty(process.stderr, 'isTTY', { value: on, configurable: true });
    };
    try {
      terminal(true);
      expect((await cli('reconcile', '--instance', 'sandbox', '--module', 'accounts')).code).toBe(0);
      expect(drawn.join('')).toMatch(/accounts \[[^\]]*\] 40\/40 linked records compared/);
      drawn.length = 0;
      terminal(false);
      expect((await cli('reconcile', '--instance', 'sandbox', '--module', 'accounts')).code).toBe(0);
      expect(drawn.join('')).not.toContain('linked records compared');
    } finally {
      write.mockRestore();
      Object.defineProperty(process.stdout, 'isTTY', { value: was.stdout, configurable: true });
      Object.defineProperty(process.stderr, 'isTTY', { value: was.stderr, configurable: true });
    }
  });

  it('refuses --record without --push or --pull, and an unknown module', async () => {
    expect(await cli('reconcile', '--instance', 'sandbox', '--record', 'accounts:RC-01')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--record and --group choose what --push or --pull resolves'),
    });
    expect(await cli('reconcile', '--instance', 'sandbox', '--module', 'planets')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('module: "planets" is not a module the connector pushes'),
    });
  });
});
