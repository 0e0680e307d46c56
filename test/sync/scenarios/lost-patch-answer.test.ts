// Scenario: cwsync's own write is never taken for a change made in ConnectWise (the soak test's "conflict: changed
// on both sides: phone"). A company pulled into the BSS has its phone changed in the BSS and pushed; then either
// - the PATCH goes through but its answer is lost, and before the retry the BSS changes the phone again and the
//   company is pulled (a poll on another worker reads cwsync's own write), or
// - the PATCH is answered, the BSS changes the phone again, and a rename made in ConnectWise is pulled before that
//   second change is pushed, or
// - a poll read the company before cwsync's last PATCH and pulls it after (the soak's conflicts: a poll pulls a page
//   of 1000 records one by one).
// Both end with the newest phone on both sides and nothing in the report. Over real HTTP, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullAndFile, type InstanceRuntime, type SyncJobDependencies } from '../../../src/sync/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import {
  createFaultOnCallDispatcher,
  nthCallTo,
  type FaultOnCallDispatcher,
} from './support/fault-on-call.js';
import { type ConnectWiseRecord } from '../../../src/engine/index.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())("cwsync's own PATCH seen by a pull, on $name", (target) => {
  let world: SyncWorld;
  let faults: FaultOnCallDispatcher;
  let deps: SyncJobDependencies;
  let runtime: InstanceRuntime;

  beforeAll(async () => {
    faults = createFaultOnCallDispatcher();
    world = await startSyncWorld(target, { clientOptions: { dispatcher: faults.dispatcher } });
    deps = {
      runtimes: world.sync.runtimes,
      queue: world.queue,
      reports: world.sync.reports,
      state: world.sync.state,
    };
    runtime = await world.sync.runtimes.get(world.instanceId);
  });
  afterAll(async () => {
    await world?.stop();
    await faults?.close();
  });

  /** Pulls the company as a poll would: read from ConnectWise now, then taken into the BSS. */
  const pull = async (companyId: number) => {
    const record = (await world.cw.client.company.companies.get(companyId)) as unknown as ConnectWiseRecord;
    return pullAndFile(deps, runtime, 'accounts', record, undefined);
  };

  /** A company made in ConnectWise and pulled into the BSS, where its phone is then changed and pushed. */
  const pulledCompany = async (identifier: string) => {
    const company = await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier,
      name: `${identifier} Ltd`,
      city: 'Tampa',
      phoneNumber: '555-0100',
    });
    expect((await pull(company.id)).outcome).toBe('created');
    await world.drain();
    return company.id;
  };

  const expectInStep = async (identifier: string, companyId: number, phone: string) => {
    expect(await world.store.get('accounts', identifier)).toMatchObject({ phone });
    expect(await world.cw.client.company.companies.get(companyId)).toMatchObject({ phoneNumber: phone });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  };

  it('a PATCH whose answer was lost: a pull before the retry, with the BSS changed again, is no conflict', async () => {
    const companyId = await pulledCompany('LOST-PATCH-1');
    let pulled: Awaited<ReturnType<typeof pull>> | undefined;
    faults.arm({
      matches: nthCallTo('PATCH', `company/companies/${companyId}`, 1),
      loseAnswer: true,
      // ConnectWise holds 555-0111 now, the client does not know it yet: the BSS moves on, a poll reads it
      after: async () => {
        await world.store.update('accounts', 'LOST-PATCH-1', { phone: '555-0122' }, api);
        pulled = await pull(companyId);
      },
    });
    await world.store.update('accounts', 'LOST-PATCH-1', { phone: '555-0111' }, api);
    await world.drain();

    expect(faults.fired()).toBe(true);
    expect(pulled).toMatchObject({ conflicts: [] });
    await expectInStep('LOST-PATCH-1', companyId, '555-0122');
  });

  it('a rename made in ConnectWise pulled while a second BSS change waits: the pushed phone is no conflict', async () => {
    const companyId = await pulledCompany('PUSHED-THEN-RENAMED-1');
    await world.store.update('accounts', 'PUSHED-THEN-RENAMED-1', { phone: '555-0211' }, api);
    await world.drain();
    await world.store.update('accounts', 'PUSHED-THEN-RENAMED-1', { phone: '555-0222' }, api);
    // ConnectWise's lastUpdated counts seconds: the rename must not fall in the second of cwsync's PATCH
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await world.cw.client.company.companies.patch(companyId, [
      { op: 'replace', path: 'name', value: 'Renamed In ConnectWise Ltd' },
    ]);

    const pulled = await pull(companyId);
    expect(pulled).toMatchObject({ outcome: 'updated', conflicts: [] });
    await world.drain();
    expect(await world.store.get('accounts', 'PUSHED-THEN-RENAMED-1')).toMatchObject({
      name: 'Renamed In ConnectWise Ltd',
    });
    await expectInStep('PUSHED-THEN-RENAMED-1', companyId, '555-0222');
  });

  it("a poll's copy read before cwsync's last PATCH is not taken for a change made in ConnectWise", async () => {
    const companyId = await pulledCompany('STALE-COPY-1');
    await world.store.update('accounts', 'STALE-COPY-1', { phone: '555-0311' }, api);
    await world.drain();
    const stale = (await world.cw.client.company.companies.get(companyId)) as unknown as ConnectWiseRecord;
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a later lastUpdated (it counts seconds)
    await world.store.update('accounts', 'STALE-COPY-1', { phone: '555-0322' }, api);
    await world.drain();
    await world.store.update('accounts', 'STALE-COPY-1', { phone: '555-0333' }, api);

    const pulled = await pullAndFile(deps, runtime, 'accounts', stale, undefined);
    expect(pulled).toMatchObject({ outcome: 'unchanged', conflicts: [] });
    expect(await world.store.get('accounts', 'STALE-COPY-1')).toMatchObject({ phone: '555-0333' });
    await world.drain();
    await expectInStep('STALE-COPY-1', companyId, '555-0333');
  });
});
