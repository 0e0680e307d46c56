import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCapturedCommunicationTypes } from './support/reference-rows.js';
import { readFixture, startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

describe('company/contacts/{parentId}/communications', () => {
  let sandbox: TestSandbox;
  let contactId: number;
  let itemIds: number[];
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    insertCapturedCommunicationTypes(sandbox.sandbox.context.store);
    const created = await sandbox.call('POST', '/company/contacts', {
      body: readFixture('test/write/contacts/payload-post.json'),
    });
    contactId = created.body.id;
    itemIds = created.body.communicationItems.map((item: { id: number }) => item.id);
  });
  afterAll(() => sandbox.stop());

  it("lists, counts and reads the contact's communication items", async () => {
    const list = await sandbox.call('GET', `/company/contacts/${contactId}/communications`);
    expect(list.body.map((item: { id: number }) => item.id)).toEqual(itemIds);
    expect((await sandbox.call('GET', `/company/contacts/${contactId}/communications/count`)).body).toEqual({
      count: 3,
    });
    const one = await sandbox.call('GET', `/company/contacts/${contactId}/communications/${itemIds[1]}`);
    expect(one.body).toMatchObject({
      id: itemIds[1],
      value: '+380001000',
      type: { id: 2, name: 'Phone - Direct' },
    });
  });

  it('adds an item as the new default of its kind', async () => {
    const added = await sandbox.call('POST', `/company/contacts/${contactId}/communications`, {
      body: { type: { id: 26 }, value: '+77767', defaultFlag: true, communicationType: 'Fax' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ value: '+77767', defaultFlag: true, type: { name: 'Work Fax' } });
    const contact = await sandbox.call('GET', `/company/contacts/${contactId}`);
    const oldFax = contact.body.communicationItems.find((item: { id: number }) => item.id === itemIds[2]);
    expect(oldFax.defaultFlag).toBe(false);
  });

  it('patches and deletes one item, and answers 404 for an unknown one', async () => {
    const patched = await sandbox.call(
      'PATCH',
      `/company/contacts/${contactId}/communications/${itemIds[1]}`,
      {
        body: [{ op: 'replace', path: 'value', value: '+1555' }],
      },
    );
    expect(patched.body).toMatchObject({ id: itemIds[1], value: '+1555' });
    expect(
      (await sandbox.call('DELETE', `/company/contacts/${contactId}/communications/${itemIds[0]}`)).status,
    ).toBe(204);
    const missing = await sandbox.call('GET', `/company/contacts/${contactId}/communications/${itemIds[0]}`);
    expect(missing.body).toEqual({ code: 'NotFound', message: `Communication ${itemIds[0]} not found` });
    const noContact = await sandbox.call('GET', '/company/contacts/999999/communications');
    expect(noContact.body).toEqual({ code: 'NotFound', message: 'Contact 999999 not found' });
  });

  it("rejects an item without a value through the contact's own validation", async () => {
    const answer = await sandbox.call('POST', `/company/contacts/${contactId}/communications`, {
      body: { type: { id: 1 }, communicationType: 'Email' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('contact object is invalid');
    expect(answer.body.errors[0]).toMatchObject({
      code: 'MissingRequiredField',
      field: expect.stringMatching(/\/value$/),
    });
  });
});

describe('communication items sent without their communicationType', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    insertCapturedCommunicationTypes(sandbox.sandbox.context.store);
  });
  afterAll(() => sandbox.stop());

  it('take the channel of their type, so an email and a phone each stay the default of their own kind', async () => {
    const created = await sandbox.call('POST', '/company/contacts', {
      body: {
        firstName: 'Ann',
        communicationItems: [
          { type: { id: 13 }, value: 'ann@example.com', defaultFlag: true },
          { type: { id: 2 }, value: '+15550100', defaultFlag: true },
          { type: { id: 3 }, value: '+15550101', defaultFlag: true },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.communicationItems).toMatchObject([
      { communicationType: 'Email', domain: '@example.com', defaultFlag: true },
      { communicationType: 'Phone', defaultFlag: true },
      { communicationType: 'Fax', defaultFlag: true },
    ]);
  });
});
