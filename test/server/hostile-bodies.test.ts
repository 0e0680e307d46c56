// Bodies the JSON parser must refuse with a 400 naming the field and the rule, never a 500 or a silent repair:
// deep nesting, bytes that are not UTF-8, lone surrogates, prototype keys. Nothing is written on refusal.
import { describe, expect, it } from 'vitest';
import { useApiServer } from '../support/api-server.js';
import { databaseTargets } from '../support/database.js';

const json = { 'content-type': 'application/json' };

describe.each(databaseTargets())('hostile JSON bodies on $name', (target) => {
  const suite = useApiServer(target);
  const changeCount = async () =>
    (await suite.database.db.selectFrom('bss_record_changes').select('seq').execute()).length;

  const send = async (
    payload: string | Buffer,
    url = '/api/v1/accounts',
    method: 'POST' | 'PATCH' = 'POST',
  ) => {
    const before = await changeCount();
    const response = await suite.call({ method, url, headers: json, payload });
    expect(await changeCount()).toBe(before);
    return { status: response.statusCode, body: response.json() };
  };

  it('a 5 000-deep array is a 400 naming maxDepth, on record and webhook routes alike', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    for (const url of ['/api/v1/accounts', '/api/v1/webhooks']) {
      const { status, body } = await send(deep, url);
      expect(status).toBe(400);
      expect(body.issues).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
    }
    const inField = await send(`{"name":${deep}}`);
    expect(inField.status).toBe(400);
    expect(inField.body.issues[0].path).toMatch(/^name\[0\]/);
  });

  it('bytes that are not UTF-8 are a 400 naming the field, not replaced with U+FFFD', async () => {
    const { status, body } = await send(
      Buffer.concat([Buffer.from('{"name":"Caf'), Buffer.from([0xe9]), Buffer.from(' Ltd"}')]),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'malformed_json', issues: [{ path: 'name', rule: 'utf8' }] });
    const outside = await send(
      Buffer.concat([Buffer.from('{"name":"x"'), Buffer.from([0xff]), Buffer.from('}')]),
    );
    expect(outside.body).toMatchObject({ error: 'malformed_json', issues: [{ path: '', rule: 'utf8' }] });
  });

  it('a lone surrogate is a 400 naming the field; a surrogate pair is text like any other', async () => {
    const { status, body } = await send('{"name":"A\\ud800B","description":"x"}');
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'validation_failed',
      issues: [{ path: 'name', rule: 'noLoneSurrogate' }],
    });
    const pair = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: json,
      payload: '{"name":"Smile \\ud83d\\ude00"}',
    });
    expect(pair.statusCode).toBe(201);
    expect(pair.json().name).toBe('Smile 😀');
  });

  it('a __proto__ key is a 400 naming it (forbiddenKey), also nested and in a merge patch', async () => {
    const top = await send('{"name":"x","__proto__":{"admin":true}}');
    expect(top.status).toBe(400);
    expect(top.body.issues).toEqual([expect.objectContaining({ path: '__proto__', rule: 'forbiddenKey' })]);
    const nested = await send('{"name":"x","customValues":[{"name":"a","value":1,"__proto__":{}}]}');
    expect(nested.body.issues[0]).toMatchObject({ path: 'customValues[0].__proto__', rule: 'forbiddenKey' });
    await suite.store.upsert('accounts', 'PROTO-1', { name: 'P' }, { origin: 'api' });
    const patch = await send('{"__proto__":{"name":"y"}}', '/api/v1/accounts/PROTO-1', 'PATCH');
    expect(patch.body.issues[0]).toMatchObject({ path: '__proto__', rule: 'forbiddenKey' });
    expect((await suite.store.get('accounts', 'PROTO-1'))?.name).toBe('P');
  });

  it('a byte-order mark is skipped, and an empty body names the body', async () => {
    const bom = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: json,
      payload: '\ufeff{"name":"With BOM"}',
    });
    expect(bom.statusCode).toBe(201);
    const empty = await send('');
    expect(empty).toEqual({
      status: 400,
      body: {
        error: 'malformed_json',
        message: 'the body is empty but its content type says JSON',
        issues: [{ path: '', rule: 'empty', message: 'empty but its content type says JSON' }],
      },
    });
  });
});
