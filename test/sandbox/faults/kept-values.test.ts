// The "kept values" fault: the sandbox keeps a named field of a named resource otherwise than it was written (a
// shorter column, a workflow's own value), in its answer to the write and in what it stores; a bad rule is a 400
// naming the field and the rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../support/sandbox-client.js';

describe('the kept-values fault', () => {
  let cw: TestSandbox;
  beforeAll(async () => {
    cw = await startTestSandbox({ seed: 'demo' });
  });
  afterAll(() => cw?.stop());

  const setRules = (rules: unknown) =>
    fetch(`${cw.sandbox.url}/__sandbox/faults/kept-values`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });

  it('refuses a rule on a resource it does not serve, or with two ways of keeping the value', async () => {
    const unknown = await setRules([{ resource: 'company/nothing', field: 'name', truncateTo: 3 }]);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain(
      'rules.0.resource: must be a resource the sandbox serves',
    );
    const both = await setRules([
      { resource: 'company/companies', field: 'name', truncateTo: 3, value: 'x' },
    ]);
    expect(both.status).toBe(400);
    expect(JSON.stringify(await both.json())).toContain('give either truncateTo');
  });

  it('truncates on create and overwrites on PATCH, in the answer and in what a later GET reads; [] switches it off', async () => {
    expect((await setRules([{ resource: 'company/companies', field: 'name', truncateTo: 6 }])).status).toBe(
      200,
    );
    const created = await cw.call('POST', '/company/companies', {
      body: { identifier: 'KV1', name: 'Wide World Importers', city: 'Tampa', site: { name: 'Main' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Wide W');
    expect((await cw.call('GET', `/company/companies/${created.body.id}`)).body.name).toBe('Wide W');

    await setRules([{ resource: 'company/companies', field: 'name', value: 'Set by a workflow' }]);
    const patched = await cw.call('PATCH', `/company/companies/${created.body.id}`, {
      body: [{ op: 'replace', path: 'name', value: 'Wide World' }],
    });
    expect(patched.body.name).toBe('Set by a workflow');

    await setRules([]);
    const again = await cw.call('PATCH', `/company/companies/${created.body.id}`, {
      body: [{ op: 'replace', path: 'name', value: 'Wide World' }],
    });
    expect(again.body.name).toBe('Wide World');
    expect(await (await fetch(`${cw.sandbox.url}/__sandbox/faults/kept-values`)).json()).toEqual({
      rules: [],
    });
  });
});
