import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo' });
});
afterAll(async () => sandbox?.stop());

const edit = (body: unknown) =>
  fetch(`${sandbox.url}/__sandbox/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('admin: a change made by a person', () => {
  it('sets the fields and names the person in _info.updatedBy, so self-suppressed callbacks still fire', async () => {
    const store = sandbox.context.store;
    const company = store.insert('company/companies', { identifier: 'EDITED', name: 'Before' }, 'cwsync');
    const events: Array<{ memberIdentifier: string; action: string }> = [];
    const stop = store.onChange((event) => events.push(event));
    const response = await edit({
      resource: 'company/companies',
      id: company.id,
      set: { name: 'After' },
      member: 'jsmith',
    });
    stop();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      identifier: 'EDITED',
      name: 'After',
      _info: { updatedBy: 'jsmith' },
    });
    expect(events).toEqual([expect.objectContaining({ action: 'updated', memberIdentifier: 'jsmith' })]);
  });

  it('answers 404 for a record that is not there and 400 for a body that is not an edit', async () => {
    expect(
      (await edit({ resource: 'company/companies', id: 999_999, set: {}, member: 'jsmith' })).status,
    ).toBe(404);
    expect((await edit({ resource: 'company/companies', id: 1, set: {} })).status).toBe(400);
  });
});
