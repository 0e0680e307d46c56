import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startStubServer } from './support/stub-server.js';
import type { StubServer } from './support/stub-server.js';
import { createTestClient } from './support/test-client.js';

let server: StubServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const rows = Array.from({ length: 7 }, (_, index) => ({
  id: index + 1,
  identifier: `C${index + 1}`,
  name: 'x',
}));

describe('an endpoint that ignores forward-only paging and sends no Link header', () => {
  it('is read by page number from the start without repeating the first page', async () => {
    server = await startStubServer((request, response) => {
      const url = new URL(request.url, 'http://stub');
      const pageSize = Number(url.searchParams.get('pageSize') ?? 25);
      const page = Number(url.searchParams.get('page') ?? 1);
      sendJson(response, 200, rows.slice((page - 1) * pageSize, page * pageSize));
    });
    const client = createTestClient(server.url);
    const seen = [];
    for await (const company of client.company.companies.list({ pageSize: 3 })) seen.push(company.id);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const urls = server.requests.map((request) => decodeURIComponent(request.url.split('?')[1]!));
    expect(urls).toEqual([
      'pageSize=3',
      'orderBy=id asc&pageSize=3&page=1',
      'orderBy=id asc&pageSize=3&page=2',
      'orderBy=id asc&pageSize=3&page=3',
    ]);
    expect(server.requests[0]!.headers['pagination-type']).toBe('forward-only');
    await client.close();
  });
});

describe('an endpoint that answers forward-only with page-number links', () => {
  it('is read by page number without losing or repeating rows', async () => {
    server = await startStubServer((request, response) => {
      const url = new URL(request.url, 'http://stub');
      const pageSize = Number(url.searchParams.get('pageSize') ?? 25);
      const page = Number(url.searchParams.get('page') ?? 1);
      const lastPage = Math.ceil(rows.length / pageSize);
      const link = (target: number): string =>
        `<${server!.url}${url.pathname}?pageSize=${pageSize}&page=${target}>`;
      const links =
        page < lastPage
          ? [`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`]
          : [`${link(1)}; rel="first"`];
      sendJson(response, 200, rows.slice((page - 1) * pageSize, page * pageSize), { link: links.join(', ') });
    });
    const client = createTestClient(server.url);
    const seen = [];
    for await (const company of client.company.companies.list({ pageSize: 3 })) seen.push(company.id);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(server.requests).toHaveLength(4);
    await client.close();
  });
});
