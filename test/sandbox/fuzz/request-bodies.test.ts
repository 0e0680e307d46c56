import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { hostileString } from './hostile-values.js';
import {
  assertStillHealthy,
  authHeaders,
  fuzzRuns,
  fuzzSeed,
  isClientAnswer,
  sendJson,
} from './sandbox-requests.js';

let sandbox: RunningSandbox;
let contactId: number;
let companyId: number;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo' });
  const company = await sendJson(
    sandbox,
    'POST',
    '/company/companies',
    JSON.stringify({
      identifier: 'FUZZ',
      name: 'Fuzz Ltd',
      city: 'X',
      site: { name: 'Main' },
      status: { id: 1 },
      types: [{ id: 1 }],
    }),
  );
  companyId = (JSON.parse(company.text) as { id: number }).id;
  const contact = await sendJson(sandbox, 'POST', '/company/contacts', JSON.stringify({ firstName: 'Fuzz' }));
  contactId = (JSON.parse(contact.text) as { id: number }).id;
});
afterAll(async () => sandbox?.stop());

const writeTargets = fc.constantFrom<[string, string]>(
  ['POST', '/company/companies'],
  ['POST', '/company/contacts'],
  ['POST', '/system/callbacks'],
  ['POST', '/procurement/catalog'],
  ['POST', '/sales/orders'],
  ['POST', '/finance/invoices'],
  ['PUT', '/company/contacts/{contact}'],
  ['PUT', '/company/companies/{company}'],
  ['POST', '/company/companies/{company}/sites'],
  ['POST', '/company/contacts/{contact}/communications'],
);

function pathOf(template: string): string {
  return template.replace('{contact}', String(contactId)).replace('{company}', String(companyId));
}

const contactFields = fc.record(
  {
    firstName: fc.oneof(hostileString, fc.integer(), fc.constant(null), fc.boolean(), fc.object()),
    lastName: fc.oneof(hostileString, fc.array(fc.integer())),
    company: fc.oneof(
      fc.record({ id: fc.oneof(fc.integer(), hostileString) }),
      hostileString,
      fc.constant(null),
    ),
    identifier: hostileString,
    name: hostileString,
    types: fc.oneof(fc.array(fc.record({ id: fc.integer({ min: -2, max: 20 }) })), hostileString),
    communicationItems: fc.oneof(
      fc.array(
        fc.record(
          {
            type: fc.oneof(
              fc.record({ id: fc.oneof(fc.integer({ min: -1, max: 30 }), hostileString) }),
              hostileString,
            ),
            value: hostileString,
            defaultFlag: fc.oneof(fc.boolean(), hostileString),
            communicationType: fc.constantFrom('Email', 'Phone', 'Fax', 'Pigeon', ''),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      fc.object(),
    ),
    customFields: fc.oneof(fc.array(fc.object(), { maxLength: 3 }), hostileString),
    url: hostileString,
    type: hostileString,
    level: hostileString,
    objectId: fc.oneof(fc.integer(), hostileString),
  },
  { requiredKeys: [] },
);

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const rawBodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  contactFields.map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '',
    '{',
    '[',
    'null',
    '"text"',
    '1e400',
    '{"firstName":"a",}',
    '{"__proto__":{"polluted":true},"firstName":"Proto"}',
    '{"constructor":{"prototype":{"polluted":true}},"firstName":"Ctor"}',
    '{"firstName":"Dup","firstName":{"__proto__":{"polluted":true}}}',
    '{"firstName":"\\ud800"}',
    '{"firstName":"\u0000"}',
    nested(5_000),
    `[${nested(2_000)}]`,
    JSON.stringify({ firstName: 'x'.repeat(200_000) }),
    JSON.stringify({
      firstName: 'Wide',
      communicationItems: Array.from({ length: 2_000 }, () => ({ value: 'v' })),
    }),
  ),
  hostileString,
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.connectwise.com+json; version=2022.1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
);

type WriteTarget = [method: string, template: string];

/** Prototype keys where the server looks values up by name (callback type and level tables). */
const prototypeKeyBodies: Array<[WriteTarget, string, string]> = [
  [
    ['POST', '/system/callbacks'],
    '{"url":"http://127.0.0.1/cb?id=","type":"constructor","level":"owner"}',
    'application/json',
  ],
  [
    ['POST', '/system/callbacks'],
    '{"url":"http://127.0.0.1/cb?id=","type":"__proto__","level":"owner"}',
    'application/json',
  ],
  [
    ['POST', '/system/callbacks'],
    '{"url":"http://127.0.0.1/cb?id=","type":"contact","level":"constructor"}',
    'application/json',
  ],
  [['POST', '/company/contacts'], '{"__proto__":{"polluted":true},"firstName":"Proto"}', 'application/json'],
];

describe('fuzz: request bodies', () => {
  it('answers random, malformed and hostile JSON bodies with 2xx/4xx only', async () => {
    await fc.assert(
      fc.asyncProperty(
        writeTargets,
        rawBodies,
        contentTypes,
        async ([method, template], body, contentType) => {
          const answer = await sendJson(sandbox, method, pathOf(template), body, {
            'content-type': contentType,
          });
          expect(
            isClientAnswer(answer.status),
            `${answer.status} ${answer.text.slice(0, 200)} for ${method} ${template} ${body.slice(0, 200)}`,
          ).toBe(true);
        },
      ),
      {
        numRuns: fuzzRuns(400),
        seed: fuzzSeed,
        examples: prototypeKeyBodies,
      },
    );
    await assertStillHealthy(sandbox);
  });

  it('answers random PATCH documents with 2xx/4xx only', async () => {
    const operation = fc.record(
      {
        op: fc.constantFrom('add', 'replace', 'remove', 'move', 'copy', 'test', 'REPLACE', '', 'delete'),
        path: fc.oneof(
          fc.constantFrom(
            'firstName',
            '/firstName',
            'lastName',
            'company',
            '/company/id',
            'communicationItems',
            '/communicationItems/0/value',
            '/communicationItems/-',
            '/communicationItems/99',
            '/communicationItems/-1',
            '/communicationItems/0',
            'customFields',
            '/__proto__/polluted',
            '/constructor/prototype/polluted',
            '__proto__',
            'id',
            '_info',
            '/_info/lastUpdated',
            '',
            '/',
            '//',
            '~1',
            '/types/0/id',
          ),
          hostileString,
        ),
        value: fc.oneof(fc.jsonValue(), hostileString, fc.constant({ polluted: true })),
      },
      { requiredKeys: ['op'] },
    );
    const documents = fc.oneof(
      fc.array(operation, { maxLength: 6 }).map((ops) => JSON.stringify(ops)),
      operation.map((op) => JSON.stringify(op)),
      fc.jsonValue().map((value) => JSON.stringify(value)),
    );
    const targets = fc.constantFrom('/company/contacts/{contact}', '/company/companies/{company}');
    await fc.assert(
      fc.asyncProperty(targets, documents, async (template, body) => {
        const answer = await sendJson(sandbox, 'PATCH', pathOf(template), body);
        expect(
          isClientAnswer(answer.status),
          `${answer.status} ${answer.text.slice(0, 200)} for PATCH ${template} ${body.slice(0, 300)}`,
        ).toBe(true);
      }),
      { numRuns: fuzzRuns(400), seed: fuzzSeed },
    );
    await assertStillHealthy(sandbox);
  });
});

describe('fuzz: headers', () => {
  const printable = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 80,
  });
  const headerSets = fc.record(
    {
      authorization: fc.oneof(
        printable,
        printable.map((text) => `Basic ${Buffer.from(text).toString('base64')}`),
        fc.constantFrom(
          'Basic',
          'Basic ',
          'Bearer x',
          'Basic ====',
          `Basic ${Buffer.from('cwsync+:').toString('base64')}`,
        ),
      ),
      clientid: fc.oneof(printable, fc.uuid()),
      accept: fc.oneof(
        printable,
        fc.constantFrom(
          'application/vnd.connectwise.com+json; version=1999.1',
          'application/xml',
          '*/*',
          'text/html',
        ),
      ),
      'pagination-type': fc.oneof(printable, fc.constant('forward-only')),
      'content-type': printable,
      [`x-${'fuzz'}`]: printable,
    },
    { requiredKeys: [] },
  );
  const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD');

  it('answers random auth, clientId, Accept and other headers with 2xx/4xx only', async () => {
    await fc.assert(
      fc.asyncProperty(headerSets, methods, fc.boolean(), async (headers, method, keepAuth) => {
        const base = keepAuth ? authHeaders(sandbox) : {};
        const response = await fetch(`${sandbox.apiUrl}/company/contacts/${contactId}`, {
          method,
          headers: { ...base, ...headers },
          body: method === 'GET' || method === 'HEAD' ? undefined : '[]',
        });
        await response.arrayBuffer();
        expect(
          isClientAnswer(response.status),
          `${response.status} for ${method} ${JSON.stringify(headers)}`,
        ).toBe(true);
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed },
    );
    await assertStillHealthy(sandbox);
  });
});
