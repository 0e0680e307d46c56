// An account's parent chain must never lead back to the account: every write path refuses to close a cycle.
import { describe, expect, it } from 'vitest';
import { ReferenceCycleError } from '../../../src/bss/store/index.js';
import { useApiServer } from '../../support/api-server.js';
import { databaseTargets } from '../../support/database.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('parent cycles on $name', (target) => {
  const suite = useApiServer(target);

  const account = (id: string, parent?: string) =>
    suite.store.upsert(
      'accounts',
      id,
      { name: `Account ${id}`, ...(parent ? { parentAccount: { id: parent } } : {}) },
      api,
    );
  const versionOf = async (id: string) => (await suite.store.get('accounts', id))?.version;
  const changeCount = async () =>
    (await suite.database.db.selectFrom('bss_record_changes').select('seq').execute()).length;

  it('PATCH making an account its own parent is a 422 naming parentAccount and the cycle; nothing is written', async () => {
    await account('SELF-1');
    const changes = await changeCount();
    const response = await suite.call({
      method: 'PATCH',
      url: '/api/v1/accounts/SELF-1',
      payload: { parentAccount: { id: 'SELF-1' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      error: 'reference_cycle',
      message: 'parentAccount.id: SELF-1 → SELF-1 would be a cycle',
      entity: 'accounts',
      path: 'parentAccount.id',
      cycle: ['SELF-1', 'SELF-1'],
    });
    expect(await versionOf('SELF-1')).toBe(1);
    expect(await changeCount()).toBe(changes);
  });

  it('A → B → A through two PATCHes: the second is refused', async () => {
    await account('A-1');
    await account('A-2');
    const first = await suite.call({
      method: 'PATCH',
      url: '/api/v1/accounts/A-1',
      payload: { parentAccount: { id: 'A-2' } },
    });
    expect(first.statusCode).toBe(200);
    const second = await suite.call({
      method: 'PATCH',
      url: '/api/v1/accounts/A-2',
      payload: { parentAccount: { id: 'A-1' } },
    });
    expect(second.statusCode).toBe(422);
    expect(second.json().message).toBe('parentAccount.id: A-2 → A-1 → A-2 would be a cycle');
    expect((await suite.store.get('accounts', 'A-2'))?.parentAccount).toBeUndefined();
  });

  it('PUT and POST closing a longer chain are refused too', async () => {
    await account('L-1');
    await account('L-2', 'L-1');
    await account('L-3', 'L-2');
    const put = await suite.call({
      method: 'PUT',
      url: '/api/v1/accounts/L-1',
      payload: { name: 'Top', parentAccount: { id: 'L-3' } },
    });
    expect(put.statusCode).toBe(422);
    expect(put.json().cycle).toEqual(['L-1', 'L-3', 'L-2', 'L-1']);
    // A POST makes a new record, which nothing can point at yet: only its own id closes a cycle (400 notOwnParent).
    const post = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { id: 'L-0', name: 'New', parentAccount: { id: 'L-0' } },
    });
    expect(post.statusCode).toBe(400);
    expect(post.json().issues[0]).toMatchObject({ path: 'parentAccount.id', rule: 'notOwnParent' });
  });

  it('concurrent PUTs (one queued group) cannot close a cycle between them', async () => {
    await account('G-1');
    await account('G-2');
    const outcomes = await Promise.allSettled([
      suite.store.upsert('accounts', 'G-1', { name: 'G-1', parentAccount: { id: 'G-2' } }, api),
      suite.store.upsert('accounts', 'G-2', { name: 'G-2', parentAccount: { id: 'G-1' } }, api),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ReferenceCycleError);
  });

  it('an import batch cannot close a cycle, within the batch or against stored records; the other rows import', async () => {
    await account('I-1');
    const results = await suite.store.writeBatch(
      'accounts',
      [
        { id: 'I-2', input: { name: 'I-2', parentAccount: { id: 'I-1' } } },
        { id: 'I-1', input: { name: 'I-1', parentAccount: { id: 'I-2' } } },
        { id: 'I-3', input: { name: 'I-3', parentAccount: { id: 'I-2' } } },
      ],
      { origin: 'import' },
    );
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    const refused = results[1] as { ok: false; error: ReferenceCycleError };
    expect(refused.error.cycle).toEqual(['I-1', 'I-2', 'I-1']);
    expect((await suite.store.get('accounts', 'I-1'))?.parentAccount).toBeUndefined();
    expect((await suite.store.get('accounts', 'I-3'))?.parentAccount).toEqual({ id: 'I-2' });
  });

  it('a cycle that slipped in earlier does not block edits that leave the parent as it is', async () => {
    await account('S-1');
    await account('S-2', 'S-1');
    await suite.database.db
      .updateTable('bss_records')
      .set({
        data: JSON.stringify({
          name: 'S-1',
          parentAccount: { id: 'S-2' },
          addresses: [],
          isTaxable: true,
          customValues: [],
        }),
      })
      .where('entity', '=', 'accounts')
      .where('id', '=', 'S-1')
      .execute();
    const response = await suite.call({
      method: 'PATCH',
      url: '/api/v1/accounts/S-2',
      payload: { description: 'still editable' },
    });
    expect(response.statusCode).toBe(200);
  });
});
