// The ConnectWise client against an in-process sandbox (seed 'empty', no faults), side by side with a bare
// fetch loop making the same calls at the same concurrency, so the client's own overhead shows.
import { createConnectWiseClient } from '../../src/connectwise/index.js';
import type { ConnectWiseClient } from '../../src/connectwise/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { BenchResult } from '../types.js';

const suite = 'connectwise-client';
const clientId = '1c6d4b2e-5f0a-4c8e-9b1d-2a3f4e5d6c7b';
const companiesToList = 10_000;
const listPasses = 3;
const writes = 800;
const concurrency = 8;

export async function run(): Promise<BenchResult[]> {
  const sandbox = await startSandbox({ port: 0, seed: 'empty' });
  const client = createConnectWiseClient({
    siteUrl: sandbox.url,
    ...sandbox.credentials,
    clientId,
    maxConcurrency: concurrency,
    // a real pino logger at 'warn', as in production, so the client's logging cost is measured too
    logger: createLogger({ level: 'warn' }),
  });
  const bare = createBareFetch(sandbox);
  const results: BenchResult[] = [];
  try {
    insertCompanies(sandbox, companiesToList);

    // warm both paths up once so JIT and connection setup are not measured
    await listThroughClient(client);
    await listThroughFetch(bare);

    const listClient = await measure(async () => {
      let requests = 0;
      for (let pass = 0; pass < listPasses; pass += 1) requests += await listThroughClient(client);
      return requests;
    });
    const listFetch = await measure(async () => {
      let requests = 0;
      for (let pass = 0; pass < listPasses; pass += 1) requests += await listThroughFetch(bare);
      return requests;
    });
    const rowsNote = `${companiesToList} companies, 1000 per page, forward-only, ${listPasses} passes`;
    results.push(
      {
        suite,
        name: 'paged list (1000 rows/page): client',
        value: listClient.perSecond,
        unit: 'req/s',
        note: rowsNote,
      },
      {
        suite,
        name: 'paged list (1000 rows/page): bare fetch',
        value: listFetch.perSecond,
        unit: 'req/s',
        note: rowsNote,
      },
      {
        suite,
        name: 'paged list: client rows per second',
        value: (companiesToList * listPasses) / listClient.seconds,
        unit: 'rows/s',
      },
    );

    // writes alternate between the two paths in rounds, because the sandbox slows a little as it fills up
    const clientIds: number[] = [];
    const fetchIds: number[] = [];
    const [createClient, createFetch] = await measureInRounds(
      (index) =>
        client.company.companies
          .create({
            identifier: `BC${index}`,
            name: `Bench client ${index}`,
            city: 'Tampa',
            site: { name: 'Main' },
          })
          .then((company) => void (clientIds[index] = company.id)),
      (index) =>
        bare
          .send('POST', '/company/companies', {
            identifier: `BF${index}`,
            name: `Bench fetch ${index}`,
            city: 'Tampa',
            site: { name: 'Main' },
          })
          .then((company) => void (fetchIds[index] = (company as { id: number }).id)),
    );
    const writeNote = `${writes} requests, concurrency ${concurrency}`;
    results.push(
      { suite, name: 'POST company: client', value: createClient, unit: 'req/s', note: writeNote },
      { suite, name: 'POST company: bare fetch', value: createFetch, unit: 'req/s', note: writeNote },
    );

    const [patchClient, patchFetch] = await measureInRounds(
      (index) =>
        client.company.companies.patch(clientIds[index]!, [
          { op: 'replace', path: 'name', value: `Patched by client ${index}` },
        ]),
      (index) =>
        bare.send('PATCH', `/company/companies/${fetchIds[index]!}`, [
          { op: 'replace', path: 'name', value: `Patched by fetch ${index}` },
        ]),
    );
    results.push(
      { suite, name: 'PATCH company: client', value: patchClient, unit: 'req/s', note: writeNote },
      { suite, name: 'PATCH company: bare fetch', value: patchFetch, unit: 'req/s', note: writeNote },
    );
    const { counters } = client.stats();
    if (counters.retries > 0 || counters.rateLimited > 0) {
      throw new Error(`the client retried ${counters.retries} times against a sandbox without faults`);
    }
    return results;
  } finally {
    await client.close();
    await sandbox.stop();
  }
}

function insertCompanies(sandbox: RunningSandbox, count: number): void {
  const { store } = sandbox.context;
  for (let index = 0; index < count; index += 1) {
    store.insert(
      'company/companies',
      { identifier: `L${index}`, name: `Listed company ${index}`, city: 'Tampa', deletedFlag: false },
      'cwsync',
    );
  }
}

async function listThroughClient(client: ConnectWiseClient): Promise<number> {
  let rows = 0;
  for await (const _company of client.company.companies.list({ pageSize: 1000 })) rows += 1;
  if (rows < companiesToList)
    throw new Error(`client listed ${rows} companies, expected at least ${companiesToList}`);
  return Math.ceil(rows / 1000);
}

async function listThroughFetch(bare: BareFetch): Promise<number> {
  let rows = 0;
  let requests = 0;
  let pageId: string | undefined;
  for (;;) {
    const query = `pageSize=1000${pageId ? `&pageId=${pageId}` : ''}`;
    const response = await bare.get(`/company/companies?${query}`, { 'pagination-type': 'forward-only' });
    requests += 1;
    rows += (response.body as unknown[]).length;
    pageId = /[?&]pageId=(\d+)[^>]*>;\s*rel="next"/i.exec(response.link ?? '')?.[1];
    if (!pageId) break;
  }
  if (rows < companiesToList)
    throw new Error(`fetch listed ${rows} companies, expected at least ${companiesToList}`);
  return requests;
}

interface BareFetch {
  get(
    pathAndQuery: string,
    headers?: Record<string, string>,
  ): Promise<{ body: unknown; link: string | null }>;
  send(method: string, path: string, body: unknown): Promise<unknown>;
}

function createBareFetch(sandbox: RunningSandbox): BareFetch {
  const { companyId, publicKey, privateKey } = sandbox.credentials;
  const headers = {
    authorization: `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`,
    clientid: clientId,
    accept: 'application/vnd.connectwise.com+json; version=2022.1',
  };
  const base = sandbox.apiUrl;
  return {
    async get(pathAndQuery, extra = {}) {
      const response = await fetch(`${base}${pathAndQuery}`, { headers: { ...headers, ...extra } });
      if (!response.ok) throw new Error(`GET ${pathAndQuery} answered ${response.status}`);
      return { body: await response.json(), link: response.headers.get('link') };
    },
    async send(method, path, body) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return response.json();
    },
  };
}

/** Runs `count` operations with at most `concurrency` at once; resolves to the count. */
async function runPool(count: number, operation: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await operation(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count;
}

/** Requests per second of two ways of doing `writes` operations, run alternately in rounds of `roundSize`. */
async function measureInRounds(
  first: (index: number) => Promise<unknown>,
  second: (index: number) => Promise<unknown>,
): Promise<[number, number]> {
  const roundSize = writes / 4;
  const seconds = [0, 0];
  for (let round = 0; round < 4; round += 1) {
    const offset = round * roundSize;
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      const operation = which === 0 ? first : second;
      seconds[which]! += (
        await measure(() => runPool(roundSize, (index) => operation(offset + index)))
      ).seconds;
    }
  }
  return [writes / seconds[0]!, writes / seconds[1]!];
}

async function measure(
  work: () => Promise<number>,
): Promise<{ operations: number; seconds: number; perSecond: number }> {
  const started = performance.now();
  const operations = await work();
  const seconds = (performance.now() - started) / 1000;
  return { operations, seconds, perSecond: operations / seconds };
}
