import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

const statuses = 'company/companies/statuses';

function linksOf(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? '').split(', ')) {
    const match = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (match?.[1] !== undefined && match[2] !== undefined) links[match[2]] = match[1];
  }
  return links;
}

describe('list paging', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    for (let index = 1; index <= 1005; index += 1) {
      sandbox.sandbox.context.store.insert(
        statuses,
        { name: `Status ${String(index).padStart(4, '0')}` },
        'seed',
      );
    }
  });
  afterAll(() => sandbox.stop());

  it('defaults to 25 rows and links next and last on the first page', async () => {
    const answer = await sandbox.call('GET', `/${statuses}`);
    expect(answer.body).toHaveLength(25);
    expect(answer.body[0].name).toBe('Status 0001');
    const header = answer.headers.get('link');
    expect(header).toBe(
      `<${sandbox.sandbox.apiUrl}/${statuses}?pageSize=25&page=2>; rel="next", ` +
        `<${sandbox.sandbox.apiUrl}/${statuses}?pageSize=25&page=41>; rel="last"`,
    );
  });

  it('links first, prev, next and last on a middle page, keeping the other query parameters', async () => {
    const answer = await sandbox.call(
      'GET',
      `/${statuses}?conditions=${encodeURIComponent('name like "Status 0%"')}&page=3&pageSize=100`,
    );
    expect(answer.body[0].name).toBe('Status 0201');
    const links = linksOf(answer.headers.get('link'));
    expect(Object.keys(links)).toEqual(['first', 'prev', 'next', 'last']);
    expect(new URL(links.prev ?? '').searchParams.get('page')).toBe('2');
    expect(new URL(links.next ?? '').searchParams.get('page')).toBe('4');
    expect(new URL(links.last ?? '').searchParams.get('page')).toBe('10');
    expect(new URL(links.next ?? '').searchParams.get('conditions')).toBe('name like "Status 0%"');
  });

  it('links only first and prev on the last page', async () => {
    const answer = await sandbox.call('GET', `/${statuses}?page=11&pageSize=100`);
    expect(answer.body).toHaveLength(5);
    expect(Object.keys(linksOf(answer.headers.get('link')))).toEqual(['first', 'prev']);
  });

  it('answers at most 1000 rows for a larger pageSize', async () => {
    const answer = await sandbox.call('GET', `/${statuses}?pageSize=5000`);
    expect(answer.body).toHaveLength(1000);
    expect(new URL(linksOf(answer.headers.get('link')).next ?? '').searchParams.get('pageSize')).toBe('1000');
  });

  it('pages forward-only by id with pageId and no last link', async () => {
    const seen: number[] = [];
    let url: string | undefined = `${sandbox.sandbox.apiUrl}/${statuses}?pageSize=400&orderBy=name desc`;
    let pages = 0;
    while (url !== undefined) {
      const answer = await sandbox.call('GET', url, { headers: { 'pagination-type': 'forward-only' } });
      seen.push(...answer.body.map((row: { id: number }) => row.id));
      const links = linksOf(answer.headers.get('link'));
      expect(links).not.toHaveProperty('last');
      url = links.next;
      if (url !== undefined)
        expect(new URL(url).searchParams.get('pageId')).toBe(String(seen[seen.length - 1]));
      pages += 1;
    }
    // the last page of rows still links on (ConnectWise's guide: "There will always be a link header"); the
    // empty page after it does not
    expect(pages).toBe(4);
    expect(seen).toHaveLength(1005);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('counts with and without conditions', async () => {
    expect((await sandbox.call('GET', `/${statuses}/count`)).body).toEqual({ count: 1005 });
    const filtered = await sandbox.call(
      'GET',
      `/${statuses}/count?conditions=${encodeURIComponent('name like "Status 00%"')}`,
    );
    expect(filtered.body).toEqual({ count: 99 });
  });

  it('orders with orderBy and projects with fields', async () => {
    const answer = await sandbox.call('GET', `/${statuses}?orderBy=name desc&pageSize=2&fields=id,name`);
    expect(answer.body).toEqual([
      { id: expect.any(Number), name: 'Status 1005' },
      { id: expect.any(Number), name: 'Status 1004' },
    ]);
  });

  it('rejects bad query parameters with a 400 in ConnectWise shape', async () => {
    for (const query of [
      'conditions=name%20~%3D%20"x"',
      'conditions=nmae="x"',
      'orderBy=nope',
      'page=0',
      'pageSize=abc',
    ]) {
      const answer = await sandbox.call('GET', `/${statuses}?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.code, query).toBe('BadRequest');
      expect(answer.body.message.length, query).toBeGreaterThan(10);
    }
  });
});
