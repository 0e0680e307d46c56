import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCapturedCommunicationTypes } from './support/reference-rows.js';
import { readFixture, startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

interface Item {
  id: number;
  type: { id: number; name: string; _info: { type_href: string } };
  [field: string]: unknown;
}

/**
 * Captured and sandbox items compared with ids replaced by their role (kept from the "before" list, or new)
 * and hrefs reduced to their path after apis/3.0 (the capture has a double slash there).
 */
function comparable(items: Item[], beforeIds: number[]) {
  return items.map((item) => ({
    ...item,
    id: beforeIds.includes(item.id) ? `kept#${beforeIds.indexOf(item.id)}` : 'new',
    type: { ...item.type, _info: { type_href: item.type._info.type_href.replace(/^.*\/apis\/3\.0\/+/, '') } },
  }));
}

describe('company/contacts', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    insertCapturedCommunicationTypes(sandbox.sandbox.context.store);
    for (const [id, caption] of [
      [59, 'Newsletter'],
      [83, 'Hobby'],
    ] as const) {
      sandbox.sandbox.context.store.insert(
        'system/userDefinedFields',
        {
          id,
          caption,
          fieldTypeIdentifier: 'Text',
          entryTypeIdentifier: 'EntryField',
          numberDecimals: 0,
          podId: 4,
        },
        'seed',
      );
    }
  });
  afterAll(() => sandbox.stop());

  async function createCapturedContact() {
    const created = await sandbox.call('POST', '/company/contacts', {
      body: readFixture('test/write/contacts/payload-post.json'),
    });
    expect(created.status).toBe(201);
    return created.body as { id: number; communicationItems: Item[] };
  }

  it('lists every Contact custom field on a new contact, as the captured create answer does', async () => {
    const separate = await startTestSandbox();
    try {
      const captured = readFixture('test/write/contacts/new.json').customFields as Array<
        Record<string, unknown>
      >;
      const capturedIds = new Set(captured.map((field) => field.id));
      for (const definition of readFixture('test/custom-fields/definitions.json') as Array<
        Record<string, unknown>
      >) {
        if (capturedIds.has(definition.id))
          separate.sandbox.context.store.insert('system/userDefinedFields', definition, 'seed');
      }
      insertCapturedCommunicationTypes(separate.sandbox.context.store);
      const created = await separate.call('POST', '/company/contacts', {
        body: readFixture('test/write/contacts/payload-post.json'),
      });
      const keys = ['id', 'caption', 'type', 'entryMethod', 'numberOfDecimals', 'value', 'connectWiseId'];
      const pick = (field: Record<string, unknown>) =>
        Object.fromEntries(keys.map((key) => [key, field[key]]));
      expect(created.body.customFields.map(pick)).toEqual(captured.map(pick));
    } finally {
      await separate.stop();
    }
  });

  it('answers a contact without firstName exactly as the captured bad request', async () => {
    const answer = await sandbox.call('POST', '/company/contacts', { body: { lastName: 'Mcdowell' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(readFixture('test/write/contacts/bad-request.json'));
  });

  it('answers a missing contact exactly as the captured 404', async () => {
    const answer = await sandbox.call('DELETE', '/company/contacts/57919');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(readFixture('test/delete/contact-not-found.json'));
  });

  it('creates communication items as the captured "before" state shows them', async () => {
    const contact = await createCapturedContact();
    const before = readFixture('test/write/contacts/scenario1/1-before.json').communicationItems as Item[];
    expect(
      comparable(
        contact.communicationItems,
        contact.communicationItems.map((item) => item.id),
      ),
    ).toEqual(
      comparable(
        before,
        before.map((item) => item.id),
      ),
    );
  });

  for (const scenario of ['scenario1', 'scenario2']) {
    it(`reproduces the captured PATCH of communication items (${scenario})`, async () => {
      const contact = await createCapturedContact();
      const patch = readFixture(`test/write/contacts/${scenario}/2-patch.json`);
      const answer = await sandbox.call('PATCH', `/company/contacts/${contact.id}`, {
        body: patch,
        contentType: 'application/json-patch+json',
      });
      expect(answer.status).toBe(200);
      const capturedBefore = readFixture(`test/write/contacts/${scenario}/1-before.json`);
      const beforeItems = (
        Array.isArray(capturedBefore) ? capturedBefore : capturedBefore.communicationItems
      ) as Item[];
      const after = readFixture(`test/write/contacts/${scenario}/3-after.json`) as Item[];
      expect(
        comparable(
          answer.body.communicationItems,
          contact.communicationItems.map((item) => item.id),
        ),
      ).toEqual(
        comparable(
          after,
          beforeItems.map((item) => item.id),
        ),
      );
      const newIds = answer.body.communicationItems
        .map((item: Item) => item.id)
        .filter((id: number) => !contact.communicationItems.some((item) => item.id === id));
      expect(newIds).toHaveLength(1);
      expect(newIds[0]).toBeGreaterThan(Math.max(...contact.communicationItems.map((item) => item.id)));
    });
  }

  it('applies the captured full update written as JSON-Patch (bare and pointer paths mixed)', async () => {
    const contact = await createCapturedContact();
    const answer = await sandbox.call('PATCH', `/company/contacts/${contact.id}`, {
      body: readFixture('test/write/contacts/scenario3/put-as-patch.json'),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ firstName: 'Maurice Emard', lastName: 'Andrew Schmeler' });
    expect(answer.body.mobileGuid).toBe((contact as { mobileGuid?: string }).mobileGuid);
    expect(answer.body.mobileGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.customFields).toEqual([
      expect.objectContaining({ id: 59, caption: 'Newsletter', value: false }),
      expect.objectContaining({ id: 83, caption: 'Hobby', value: 'Skiing' }),
    ]);
    const items = answer.body.communicationItems as Item[];
    expect(items.map((item) => [item.type.id, item.value, item.defaultFlag])).toEqual([
      [2, '+380111358', true],
      [26, '+77767', true],
      [1, 'professional.bob.updated@test.com', true],
    ]);
    expect(items[0]?.id).toBe(contact.communicationItems[1]?.id);
  });

  it('replaces communication items on PUT with the captured payload', async () => {
    const contact = await createCapturedContact();
    const answer = await sandbox.call('PUT', `/company/contacts/${contact.id}`, {
      body: readFixture('test/write/contacts/payload-put.json'),
    });
    expect(answer.status).toBe(200);
    const items = answer.body.communicationItems as Item[];
    expect(items.map((item) => [item.type.name, item.value, item.defaultFlag])).toEqual([
      ['Email', 'professional.bob.updated@test.com', true],
      ['Phone - Direct', '+380111358', true],
      ['Work Fax', '+77767', true],
    ]);
    expect(items.every((item) => !contact.communicationItems.some((old) => old.id === item.id))).toBe(true);
  });

  it('rejects a communication item whose type does not exist', async () => {
    const answer = await sandbox.call('POST', '/company/contacts', {
      body: {
        firstName: 'A',
        communicationItems: [{ type: { id: 404 }, value: 'x@y.z', communicationType: 'Email' }],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        code: 'NotFound',
        message: 'Communication Type 404 not found',
        field: 'communicationItems/0/type/id',
      }),
    ]);
  });

  it('rejects PATCH documents ConnectWise cannot apply with a 400', async () => {
    const contact = await createCapturedContact();
    const cases: unknown[] = [
      { op: 'replace', path: 'firstName', value: 'x' },
      [{ op: 'move', path: 'firstName', from: 'lastName' }],
      [{ op: 'replace', path: 'noSuchField', value: 1 }],
      [{ op: 'replace', path: '/communicationItems/9/value', value: 'x' }],
      [{ op: 'add', path: '__proto__', value: { polluted: true } }],
      [{ op: 'replace', path: 'firstName' }],
    ];
    for (const body of cases) {
      const answer = await sandbox.call('PATCH', `/company/contacts/${contact.id}`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('BadRequest');
    }
    const removeFirstName = await sandbox.call('PATCH', `/company/contacts/${contact.id}`, {
      body: [{ op: 'remove', path: 'firstName' }],
    });
    expect(removeFirstName.body).toEqual(readFixture('test/write/contacts/bad-request.json'));
  });

  it('filters contacts with conditions and childConditions through the query language', async () => {
    const contact = await createCapturedContact();
    await sandbox.call('PATCH', `/company/contacts/${contact.id}`, {
      body: [{ op: 'replace', path: 'firstName', value: 'Zelda' }],
    });
    const byName = await sandbox.call('GET', '/company/contacts?conditions=firstName="zelda"');
    expect(byName.body.map((row: { id: number }) => row.id)).toEqual([contact.id]);
    const byChild = await sandbox.call(
      'GET',
      `/company/contacts?childConditions=${encodeURIComponent('communicationItems/value like "%bob@test.com"')}&fields=id`,
    );
    expect(byChild.body.length).toBeGreaterThan(0);
    expect(byChild.body[0]).toEqual({ id: expect.any(Number) });
  });
});
