import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import type { PushOutcome } from '../../src/engine/index.js';
import { createReportRepository, type ReportRepository } from '../../src/report/index.js';
import { databaseTargets } from '../support/database.js';

const refused: PushOutcome = {
  outcome: 'failed',
  failure: {
    field: 'name',
    message: 'ConnectWise refused the company',
    connectwise: {
      status: 400,
      code: 'InvalidObject',
      errors: [{ field: 'name', message: 'name is required' }],
    },
    retryable: false,
  },
};
const created: PushOutcome = { outcome: 'created', connectwiseId: 17, body: {} };

describe.each(databaseTargets())('the connector report on $name', (target) => {
  let database: DatabaseHandle;
  let reports: ReportRepository;
  let clock = new Date('2026-11-25T10:00:00.000Z');
  const tick = () => {
    clock = new Date(clock.getTime() + 60_000);
  };

  beforeAll(async () => {
    database = await target.open();
    reports = createReportRepository(database.db, { now: () => clock });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('counts attempts, keeps the first failure and clears the row once the record is in step', async () => {
    const key = { instanceId: 'i1', module: 'accounts', recordId: 'acc-1', direction: 'push' as const };
    expect(
      await reports.recordOutcome('i1', 'accounts', 'acc-1', 'push', refused, { action: 'create' }),
    ).toBe('recorded');
    tick();
    await reports.recordOutcome('i1', 'accounts', 'acc-1', 'push', refused, { action: 'create' });
    expect(await reports.get(key)).toEqual({
      ...key,
      action: 'create',
      outcome: 'failed',
      field: 'name',
      message: 'ConnectWise refused the company',
      connectwise: refused.outcome === 'failed' ? refused.failure.connectwise : undefined,
      attempts: 2,
      firstFailedAt: '2026-11-25T10:00:00.000Z',
      lastFailedAt: '2026-11-25T10:01:00.000Z',
    });

    // a skipped outcome says nothing about the record: the row stays
    expect(
      await reports.recordOutcome('i1', 'accounts', 'acc-1', 'push', { outcome: 'skipped', reason: 'off' }),
    ).toBe('unchanged');
    expect((await reports.get(key))?.attempts).toBe(2);

    expect(await reports.recordOutcome('i1', 'accounts', 'acc-1', 'push', created)).toBe('cleared');
    expect(await reports.get(key)).toBeUndefined();
  });

  it('files a write ConnectWise kept differently as a warning; a push that wrote nothing leaves it, one kept as sent clears it', async () => {
    const key = { instanceId: 'i1', module: 'accounts', recordId: 'acc-w', direction: 'push' as const };
    const differences = [
      {
        resource: 'company/companies',
        connectwiseId: 17,
        field: 'name',
        path: 'name',
        sent: 'Contoso Holdings International',
        kept: 'Contoso Ho',
      },
    ];
    await reports.recordOutcome('i1', 'accounts', 'acc-w', 'push', created, {
      action: 'create',
      differences,
    });
    expect(await reports.get(key)).toMatchObject({
      outcome: 'warning',
      field: 'name',
      differences,
      message:
        'ConnectWise kept a value differently — name on company/companies #17: sent "Contoso Holdings International", kept "Contoso Ho" (a field limit, default or workflow of the tenant changes it; the record stays linked)',
    });
    const unchanged: PushOutcome = { outcome: 'unchanged', connectwiseId: 17, body: {} };
    await reports.recordOutcome('i1', 'accounts', 'acc-w', 'push', unchanged);
    expect((await reports.get(key))?.outcome).toBe('warning');
    expect(await reports.list({ text: 'kept "Contoso Ho"' })).toMatchObject({ entries: [key] });
    const updated: PushOutcome = { outcome: 'updated', connectwiseId: 17, body: {} };
    expect(await reports.recordOutcome('i1', 'accounts', 'acc-w', 'push', updated, { differences: [] })).toBe(
      'cleared',
    );
    expect(await reports.get(key)).toBeUndefined();
  });

  it('files waiting, ambiguous and pull conflicts, and a conflict-free pull clears', async () => {
    await reports.recordOutcome('i2', 'contacts', 'c-1', 'push', {
      outcome: 'waiting',
      dependencies: [{ module: 'accounts', recordId: 'acc-9' }],
    });
    await reports.recordOutcome('i2', 'contacts', 'c-2', 'push', {
      outcome: 'ambiguous',
      candidates: [4, 5],
      rule: 'email',
    });
    await reports.recordOutcome('i2', 'contacts', 'c-3', 'pull', {
      outcome: 'updated',
      recordId: 'c-3',
      conflicts: [{ field: 'phone', bssValue: '1', connectwiseValue: '2', winner: 'connectwise' }],
    });
    const key = { instanceId: 'i2', module: 'contacts' };
    expect(await reports.get({ ...key, recordId: 'c-1', direction: 'push' })).toMatchObject({
      outcome: 'waiting',
      message: 'waiting for accounts acc-9',
    });
    expect(await reports.get({ ...key, recordId: 'c-2', direction: 'push' })).toMatchObject({
      outcome: 'ambiguous',
      candidates: [4, 5],
    });
    expect(await reports.get({ ...key, recordId: 'c-3', direction: 'pull' })).toMatchObject({
      outcome: 'conflict',
      field: 'phone',
      message: 'changed on both sides: phone (connectwise won)',
    });
    await reports.recordOutcome('i2', 'contacts', 'c-3', 'pull', {
      outcome: 'unchanged',
      recordId: 'c-3',
      conflicts: [],
    });
    expect(await reports.get({ ...key, recordId: 'c-3', direction: 'pull' })).toBeUndefined();
  });

  it('filters by instance, module, direction and text, and pages with a cursor', async () => {
    await reports.recordOutcome('i3', 'accounts', 'a-1', 'push', refused);
    await reports.recordOutcome('i3', 'accounts', 'a-2', 'pull', {
      outcome: 'failed',
      failure: { message: 'Timeout reading the company 100%', retryable: true },
    });
    await reports.recordOutcome('i3', 'products', 'p-1', 'push', {
      outcome: 'failed',
      failure: { message: 'unit type not mapped', field: 'unitType', retryable: false },
    });
    const ids = async (filter: Parameters<ReportRepository['list']>[0]) =>
      (await reports.list(filter)).entries.map(
        (entry) => `${entry.module}/${entry.recordId}/${entry.direction}`,
      );

    expect(await ids({ instanceId: 'i3' })).toEqual([
      'accounts/a-1/push',
      'accounts/a-2/pull',
      'products/p-1/push',
    ]);
    expect(await ids({ instanceId: 'i3', module: 'accounts' })).toEqual([
      'accounts/a-1/push',
      'accounts/a-2/pull',
    ]);
    expect(await ids({ instanceId: 'i3', direction: 'pull' })).toEqual(['accounts/a-2/pull']);
    expect(await ids({ instanceId: 'i3', text: 'TIMEOUT' })).toEqual(['accounts/a-2/pull']);
    expect(await ids({ instanceId: 'i3', text: 'unittype' })).toEqual(['products/p-1/push']);
    // LIKE's wildcards are taken literally
    expect(await ids({ instanceId: 'i3', text: '100%' })).toEqual(['accounts/a-2/pull']);
    expect(await ids({ instanceId: 'i3', text: '_' })).toEqual([]);

    const first = await reports.list({ instanceId: 'i3', limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.next).toBeDefined();
    const second = await reports.list({ instanceId: 'i3', limit: 2, after: first.next });
    expect(second.entries.map((entry) => entry.recordId)).toEqual(['p-1']);
    expect(second.next).toBeUndefined();
    await expect(reports.list({ after: 'not-a-cursor' })).rejects.toThrow(/after: must be/);

    expect(await reports.remove({ instanceId: 'i3', module: 'accounts', recordId: 'a-2' })).toBe(1);
    expect(await ids({ instanceId: 'i3', module: 'accounts' })).toEqual(['accounts/a-1/push']);
  });

  it('logs runs with their counts, newest first', async () => {
    clock = new Date('2026-11-25T12:00:00.000Z');
    const first = await reports.startRun({
      instanceId: 'i4',
      module: 'accounts',
      direction: 'push',
      trigger: 'schedule',
    });
    tick();
    const second = await reports.startRun({
      instanceId: 'i4',
      module: 'contacts',
      direction: 'pull',
      trigger: 'manual',
    });
    await reports.startRun({ instanceId: 'other', module: 'accounts', direction: 'push', trigger: 'retry' });
    tick();
    await reports.finishRun(first, { status: 'succeeded', counts: { created: 3, failed: 1 } });

    const runs = await reports.listRuns({ instanceId: 'i4' });
    expect(runs.map((run) => run.id)).toEqual([second, first]);
    expect(runs[1]).toEqual({
      id: first,
      instanceId: 'i4',
      module: 'accounts',
      direction: 'push',
      trigger: 'schedule',
      startedAt: '2026-11-25T12:00:00.000Z',
      finishedAt: '2026-11-25T12:02:00.000Z',
      status: 'succeeded',
      counts: {
        created: 3,
        updated: 0,
        linked: 0,
        unchanged: 0,
        failed: 1,
        skipped: 0,
        waiting: 0,
        ambiguous: 0,
      },
    });
    expect(runs[0]).toMatchObject({ status: 'running' });
    expect(runs[0]?.finishedAt).toBeUndefined();
    await expect(reports.finishRun('999999', { status: 'failed', counts: {} })).rejects.toThrow(
      /does not exist/,
    );
    await expect(reports.finishRun(second, { status: 'failed', counts: { created: -1 } })).rejects.toThrow();
  });
  it('tells a caller that clears the row itself how an outcome in step leaves it, counted as recordOutcome counts it', async () => {
    const unchanged: PushOutcome = { outcome: 'unchanged', connectwiseId: 17, body: {} };
    const difference = {
      resource: 'company/companies',
      connectwiseId: 17,
      field: 'name',
      path: 'name',
      sent: 'Adventure Works',
      kept: 'Adventure Works Ltd',
    };
    expect(reports.countInStep('i9', refused)).toBeUndefined();
    expect(reports.countInStep('i9', created, { differences: [difference] })).toBeUndefined();
    expect(reports.countInStep('i9', created)).toBe('clear');
    expect(reports.countInStep('i9', unchanged)).toBe('clear-keeping-warning');
    expect(reports.countInStep('i9', { outcome: 'skipped', reason: 'switched off' })).toBe('keep');
    await reports.flushActivity();
    const counted = await database.db
      .selectFrom('sync_activity')
      .select(['synced', 'failed'])
      .where('instance_id', '=', 'i9')
      .execute();
    // the created one, once: the outcomes not in step were left to recordOutcome, uncounted
    expect(counted).toEqual([{ synced: 1, failed: 0 }]);
  });
});
