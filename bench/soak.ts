// npm run soak [-- --minutes 30]: cwsync as it runs in production, under a steady mixed load with faults, for N
// minutes, then a check that everything ended in step. On PostgreSQL (a fresh database on the server of
// --database-url / TEST_DATABASE_URL, dropped afterwards unless --keep): the sandbox in its own process,
// `cwsync serve --no-sync` serving the BSS API, two `cwsync worker` processes on graphile-worker. Meanwhile: BSS
// writes through the API (accounts and contacts created and updated), changes made in ConnectWise (companies
// created and renamed there, pulled by polls), ~10 % of ConnectWise calls failing (429, 500, dropped connections,
// creates and updates whose answer is lost), and a worker killed with SIGKILL and restarted every --restart-every
// seconds. Then the faults stop, the queue is left to go quiet, and the script checks: every BSS record linked
// exactly once, no ConnectWise record twice (by identifier, by link), nothing in the connector report (a conflict
// included), no job kept as failed, every account's name the same on both sides. Exits 1 when a check fails. Not
// part of npm test.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createConnectWiseClient, type ConnectWiseClient } from '../src/connectwise/index.js';
import { createDatabase, type DatabaseHandle } from '../src/db/index.js';
import { loadConnectWiseDefinition } from '../src/connectors/connectwise/index.js';
import { createInstanceRepository, createLookupRepository, SecretBox } from '../src/instances/index.js';
import { createLogger } from '../src/logging/logger.js';
import { createApiToken } from '../src/server/auth/api-tokens.js';
import { runAdminStatement } from '../test/support/database.js';
import { benchAccount } from './bench-records.js';
import { clientId, mapLookups } from './suites/sync-runner.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    'database-url': { type: 'string' },
    'restart-every': { type: 'string', default: '30' },
    'settle-minutes': { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const minutes = Number(args.minutes);
const restartEveryMs = Number(args['restart-every']) * 1000;
const settleLimitMs = Number(args['settle-minutes']) * 60_000;
const adminUrl =
  args['database-url'] ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!(minutes > 0) || !(restartEveryMs > 0))
  throw new Error('--minutes and --restart-every must be positive');

const runCli = fileURLToPath(new URL('../test/support/run-cli.ts', import.meta.url));
const logs = mkdtempSync(join(tmpdir(), 'cwsync-soak-'));
const databaseName = `cwsync_soak_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(adminUrl, databaseName);
const secretKey = randomBytes(32).toString('hex');
const childEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  CWSYNC_SECRET_KEY: secretKey,
  CWSYNC_DATA_DIR: logs,
  CWSYNC_SANDBOX: 'off',
  LOG_LEVEL: 'warn',
};
const figures = {
  bssCreates: 0,
  bssUpdates: 0,
  bssWriteErrors: 0,
  connectwiseCreates: 0,
  connectwiseUpdates: 0,
  polls: 0,
  workerKills: 0,
};
const children = new Set<ChildProcess>();
let processCount = 0;

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `cwsync <args>` from the sources, its output in a log file of its own. */
function startCli(name: string, cliArgs: string[]): ChildProcess {
  processCount += 1;
  const child = spawn(process.execPath, ['--import', 'tsx', runCli, ...cliArgs], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(logs, `${String(processCount).padStart(3, '0')}-${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function runCliOnce(cliArgs: string[]): Promise<void> {
  const child = startCli(cliArgs[0]!, cliArgs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`cwsync ${cliArgs.join(' ')} exited ${code} (logs in ${logs})`);
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${timeoutMs / 1000} s (logs in ${logs})`);
    await sleep(250);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function main(): Promise<number> {
  const started = Date.now();
  await runAdminStatement(adminUrl, `create database ${databaseName}`);
  let database: DatabaseHandle | undefined;
  let connectwise: ConnectWiseClient | undefined;
  try {
    database = createDatabase(databaseUrl);
    await database.migrate();
    const db = database.db;

    // The sandbox, in its own process.
    const sandboxPort = await freePort();
    startCli('sandbox', ['sandbox', '--port', String(sandboxPort), '--seed', 'demo']);
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    await waitUntil('the sandbox answering', async () => (await fetch(`${sandboxUrl}/__sandbox/faults`)).ok);
    const credentials = { companyId: 'cwsync', publicKey: 'sandbox-public', privateKey: 'sandbox-private' };

    // The instance, its lookups and a token, as an operator would set them up.
    const connector = await loadConnectWiseDefinition();
    const instances = createInstanceRepository(
      db,
      SecretBox.fromKey(Buffer.from(secretKey, 'hex')),
      connector.definition,
    );
    const instance = await instances.create({
      id: 'soak',
      name: 'Soak',
      siteUrl: sandboxUrl,
      clientId,
      ...credentials,
    });
    const { createRecordStore } = await import('../src/bss/store/index.js');
    const store = createRecordStore(db);
    await mapLookups(
      { url: sandboxUrl, credentials },
      store,
      createLookupRepository(db, connector.definition),
      instance.id,
    );
    const { token } = await createApiToken(db, 'soak');

    // serve --no-sync and two workers on graphile-worker.
    const apiPort = await freePort();
    startCli('serve', ['serve', '--no-sync', '--no-sandbox', '--no-demo', '--port', String(apiPort)]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitUntil('the API answering', async () => (await fetch(`${apiUrl}/health`)).ok);
    const workerArgs = ['worker', '--concurrency', '4', '--dead-worker-after', '5000'];
    const workers = [startCli('worker', workerArgs), startCli('worker', workerArgs)];

    connectwise = createConnectWiseClient({
      siteUrl: sandboxUrl,
      ...credentials,
      clientId,
      logger: createLogger({ level: 'silent' }),
    });
    const faults = (body: Record<string, unknown>) =>
      fetch(`${sandboxUrl}/__sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // About one call in ten fails: 500 "A timeout has occured", a dropped connection, a create or an update whose
    // answer is lost (the write is made, cwsync does not know it), and 429s in the bursts past 15 calls a second.
    await faults({
      timeoutErrorRate: 0.04,
      dropConnectionRate: 0.02,
      lostCreateAnswerRate: 0.02,
      lostUpdateAnswerRate: 0.02,
      rateLimit: { limit: 15, windowSeconds: 1 },
    });
    // Only the calls of the load are counted, not those of the setup.
    await fetch(`${sandboxUrl}/__sandbox/calls/reset`, { method: 'POST' });
    const customerType = (await connectwise.company.companyTypes.page()).items.find(
      (type) => type.name === 'Customer',
    );

    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${apiUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined
            ? { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }
            : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok) {
        figures.bssWriteErrors += 1;
        throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      }
    };

    const accountIds: string[] = [];
    const contactIds: string[] = [];
    const connectwiseCompanies: Array<{ id: number; createdAt: number }> = [];
    const loadEnds = Date.now() + minutes * 60_000;
    let n = 0;
    const bssLoad = async () => {
      while (Date.now() < loadEnds) {
        const roll = Math.random();
        try {
          if (roll < 0.35 || accountIds.length === 0) {
            n += 1;
            const id = `SOAK-${String(n).padStart(6, '0')}`;
            await api('POST', '/accounts', benchAccount(id, n));
            accountIds.push(id);
            figures.bssCreates += 1;
            for (let c = 1; c <= 2; c += 1) {
              const contactId = `${id}-C${c}`;
              await api('POST', '/contacts', {
                id: contactId,
                account: { id },
                firstName: `Soak${c}`,
                lastName: `Contact${n}`,
                email: `soak${c}.${n}@soak.example`,
              });
              contactIds.push(contactId);
              figures.bssCreates += 1;
            }
          } else if (roll < 0.7) {
            await api('PATCH', `/accounts/${pick(accountIds)}`, {
              phone: `+1 813 555 ${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`,
            });
            figures.bssUpdates += 1;
          } else {
            await api('PATCH', `/contacts/${pick(contactIds)}`, {
              jobTitle: `Title ${Math.floor(Math.random() * 1000)}`,
            });
            figures.bssUpdates += 1;
          }
        } catch (error) {
          console.error(`  BSS write refused: ${(error as Error).message}`);
        }
        await sleep(100);
      }
    };
    // Changes made in ConnectWise by someone else: companies created there, and renamed later (a second on at
    // least, since ConnectWise stamps lastUpdated to the second).
    const connectwiseLoad = async () => {
      let m = 0;
      while (Date.now() < loadEnds) {
        const renameable = connectwiseCompanies.filter((company) => Date.now() - company.createdAt > 2_000);
        try {
          if (renameable.length > 0 && Math.random() < 0.5) {
            const company = pick(renameable);
            await connectwise!.company.companies.patch(company.id, [
              { op: 'replace', path: 'name', value: `CW Renamed ${company.id} ${Date.now() % 100_000}` },
            ]);
            figures.connectwiseUpdates += 1;
          } else {
            m += 1;
            const created = await connectwise!.company.companies.create({
              site: { name: 'Main' }, // tenants refuse a company without a site (docs/connectwise-tenant-rules.md C1)
              identifier: `CWSOAK${String(m).padStart(5, '0')}`,
              name: `CW Soak ${m}`,
              city: 'Tampa',
              ...(customerType ? { types: [{ id: customerType.id }] } : {}),
            } as never);
            connectwiseCompanies.push({ id: Number((created as { id: number }).id), createdAt: Date.now() });
            figures.connectwiseCreates += 1;
          }
        } catch (error) {
          // a fault the soak itself ran into; what matters is what cwsync makes of the sandbox's state
          void error;
        }
        await sleep(2_000);
      }
    };
    const polls = async () => {
      while (Date.now() < loadEnds) {
        await sleep(15_000);
        await poll();
      }
    };
    const poll = async () => {
      for (const module of ['accounts', 'contacts']) {
        await runCliOnce(['sync', '--instance', 'soak', '--module', module, '--direction', 'pull']);
      }
      figures.polls += 1;
    };
    const restarts = async () => {
      while (Date.now() + restartEveryMs < loadEnds) {
        await sleep(restartEveryMs);
        const index = Math.floor(Math.random() * workers.length);
        workers[index]!.kill('SIGKILL');
        figures.workerKills += 1;
        await sleep(1_000);
        workers[index] = startCli('worker', workerArgs);
      }
    };
    console.log(`soak: ${minutes} min of load on ${databaseName}; logs in ${logs}`);
    await Promise.all([bssLoad(), connectwiseLoad(), polls(), restarts()]);

    // Quiet: no more faults, every change fed and run, a last poll, then nothing queued for a while.
    const loadEnded = Date.now();
    const callStats = (await (await fetch(`${sandboxUrl}/__sandbox/calls`)).json()) as {
      endpoints: Array<{ method: string; total: number; statuses: Record<string, number> }>;
    };
    await faults({
      timeoutErrorRate: 0,
      dropConnectionRate: 0,
      lostCreateAnswerRate: 0,
      lostUpdateAnswerRate: 0,
      rateLimit: null,
    });
    // Sync work left: the schedules' own jobs are always there, and a job graphile keeps as failed is not work
    // (it is counted below).
    const quiet = async () => {
      const { rows } = await sql<{ count: string }>`
        select count(*)::text as count from graphile_worker.jobs
         where (key is null or key not like '["cwsync.schedule"%') and attempts < max_attempts`.execute(db);
      return Number(rows[0]!.count) === 0;
    };
    const settle = async () => {
      let quietSince: number | undefined;
      await waitUntil(
        'the queue going quiet',
        async () => {
          if (!(await quiet())) quietSince = undefined;
          else quietSince ??= Date.now();
          return quietSince !== undefined && Date.now() - quietSince > 6_000;
        },
        settleLimitMs,
      );
    };
    await settle();
    await poll();
    await settle();
    const settledMs = Date.now() - loadEnded;

    // The checks.
    const problems: string[] = [];
    const { rows: failedJobs } = await sql<{ payload: unknown; last_error: string | null }>`
      select payload, last_error from graphile_worker._private_jobs where attempts >= max_attempts`.execute(
      db,
    );
    // A job kept as failed is a record not in step, or (graphile) a superseded job left behind by a killed worker.
    if (failedJobs.length > 0)
      problems.push(
        `${failedJobs.length} jobs kept as failed (${failedJobs.filter((job) => job.last_error === null).length} without an error)`,
      );
    const linkRows = await db
      .selectFrom('record_links')
      .select(['entity', 'record_id', 'integration_id'])
      .where('instance_id', '=', 'soak')
      .execute();
    const bssRecords = new Map<string, Array<{ id: string; name?: string }>>();
    for (const entity of ['accounts', 'contacts'] as const) {
      const items: Array<{ id: string; name?: string }> = [];
      let after: string | undefined;
      do {
        const page = await store.list(entity, { limit: 500, ...(after ? { after } : {}) });
        items.push(...(page.items as Array<{ id: string; name?: string }>));
        after = page.nextCursor ?? undefined;
      } while (after !== undefined);
      bssRecords.set(entity, items);
      const linksOf = new Map<string, number>();
      const recordsOfCw = new Map<string, number>();
      for (const link of linkRows.filter((row) => row.entity === entity)) {
        linksOf.set(link.record_id, (linksOf.get(link.record_id) ?? 0) + 1);
        recordsOfCw.set(link.integration_id, (recordsOfCw.get(link.integration_id) ?? 0) + 1);
      }
      const unlinked = items.filter((record) => (linksOf.get(record.id) ?? 0) === 0);
      const twice = items.filter((record) => (linksOf.get(record.id) ?? 0) > 1);
      const sharedCw = [...recordsOfCw].filter(([, count]) => count > 1);
      if (unlinked.length > 0)
        problems.push(
          `${unlinked.length} ${entity} not linked, e.g. ${unlinked
            .slice(0, 5)
            .map((r) => r.id)
            .join(', ')}`,
        );
      if (twice.length > 0) problems.push(`${twice.length} ${entity} linked more than once`);
      if (sharedCw.length > 0)
        problems.push(`${sharedCw.length} ConnectWise ${entity} linked to several BSS records`);
    }
    const companies: Array<{ id: number; identifier: string; name: string }> = [];
    for await (const company of connectwise.company.companies.list({ pageSize: 1000 }))
      companies.push(company as never);
    const byIdentifier = new Map<string, number>();
    for (const company of companies)
      byIdentifier.set(company.identifier, (byIdentifier.get(company.identifier) ?? 0) + 1);
    const duplicateCompanies = [...byIdentifier].filter(([, count]) => count > 1);
    if (duplicateCompanies.length > 0)
      problems.push(
        `${duplicateCompanies.length} company identifiers twice in ConnectWise: ${duplicateCompanies
          .slice(0, 5)
          .map(([id]) => id)
          .join(', ')}`,
      );
    const contacts: Array<{ id: number; firstName?: string; lastName?: string; company?: { id: number } }> =
      [];
    for await (const contact of connectwise.company.contacts.list({ pageSize: 1000 }))
      contacts.push(contact as never);
    const contactKeys = new Map<string, number>();
    for (const contact of contacts.filter((c) => c.lastName?.startsWith('Contact'))) {
      const key = `${contact.company?.id}/${contact.firstName}/${contact.lastName}`;
      contactKeys.set(key, (contactKeys.get(key) ?? 0) + 1);
    }
    const duplicateContacts = [...contactKeys].filter(([, count]) => count > 1);
    if (duplicateContacts.length > 0)
      problems.push(
        `${duplicateContacts.length} contacts twice in ConnectWise (company id/first name/last name): ${duplicateContacts
          .slice(0, 5)
          .map(([key]) => key)
          .join(', ')}`,
      );
    const linkedCompanyIds = new Set(
      linkRows.filter((row) => row.entity === 'accounts').map((row) => row.integration_id),
    );
    const unlinkedSoakCompanies = companies.filter(
      (company) => /^(SOAK-|CWSOAK)/.test(company.identifier) && !linkedCompanyIds.has(String(company.id)),
    );
    if (unlinkedSoakCompanies.length > 0)
      problems.push(
        `${unlinkedSoakCompanies.length} soak companies in ConnectWise linked to no BSS account: ${unlinkedSoakCompanies
          .slice(0, 5)
          .map((c) => c.identifier)
          .join(', ')}`,
      );
    const report = await db
      .selectFrom('sync_report')
      .select(['module', 'record_id', 'outcome', 'message'])
      .where('instance_id', '=', 'soak')
      .execute();
    if (report.length > 0)
      problems.push(
        `${report.length} records in the connector report, e.g. ${report
          .slice(0, 3)
          .map((row) => `${row.module} ${row.record_id} ${row.outcome}: ${row.message}`)
          .join(' | ')}`,
      );
    const companyById = new Map(companies.map((company) => [String(company.id), company]));
    const accountLinks = new Map(
      linkRows.filter((row) => row.entity === 'accounts').map((row) => [row.record_id, row.integration_id]),
    );
    const namesApart = (bssRecords.get('accounts') ?? []).filter((account) => {
      const company = companyById.get(accountLinks.get(account.id) ?? '');
      return company !== undefined && company.name !== account.name;
    });
    if (namesApart.length > 0)
      problems.push(
        `${namesApart.length} accounts named differently on the two sides, e.g. ${namesApart
          .slice(0, 3)
          .map((a) => a.id)
          .join(', ')}`,
      );

    const faultCounts = { '429': 0, '500': 0, dropped: 0, 'answer-lost': 0 } as Record<string, number>;
    const lostUpdates = callStats.endpoints
      .filter((endpoint) => endpoint.method === 'PATCH' || endpoint.method === 'PUT')
      .reduce((sum, endpoint) => sum + (endpoint.statuses['answer-lost'] ?? 0), 0);
    let calls = 0;
    for (const endpoint of callStats.endpoints) {
      calls += endpoint.total;
      for (const key of Object.keys(faultCounts)) faultCounts[key]! += endpoint.statuses[key] ?? 0;
    }
    const faultTotal = Object.values(faultCounts).reduce((sum, count) => sum + count, 0);
    console.log(`
soak: ${minutes} min of load, settled ${(settledMs / 1000).toFixed(0)} s after the load ended (${((Date.now() - started) / 60_000).toFixed(1)} min in all)
  BSS records: ${bssRecords.get('accounts')?.length ?? 0} accounts, ${bssRecords.get('contacts')?.length ?? 0} contacts; links: ${linkRows.length}
  BSS writes through the API: ${figures.bssCreates} creates, ${figures.bssUpdates} updates (${figures.bssWriteErrors} refused)
  ConnectWise changes made there: ${figures.connectwiseCreates} companies created, ${figures.connectwiseUpdates} renamed; ${figures.polls} polls
  ConnectWise calls during the load: ${calls}; faults ${faultTotal} (${((100 * faultTotal) / Math.max(calls, 1)).toFixed(1)} %): ${Object.entries(
    faultCounts,
  )
    .map(([key, count]) => `${count} ${key}`)
    .join(', ')} (${lostUpdates} of the lost answers PATCHes or PUTs)
  worker restarts (SIGKILL): ${figures.workerKills}
  jobs graphile keeps as failed: ${failedJobs.length}${failedJobs.length > 0 ? ` (${failedJobs.filter((job) => job.last_error === null).length} without an error: superseded jobs whose worker was killed)` : ''}
  ${problems.length === 0 ? 'all in step: every BSS record linked once, no duplicate in ConnectWise, nothing in the report' : `PROBLEMS:\n    - ${problems.join('\n    - ')}`}
  logs: ${logs}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await sleep(2_000);
    for (const child of children) child.kill('SIGKILL');
    await connectwise?.close();
    await database?.destroy();
    if (!args.keep) await runAdminStatement(adminUrl, `drop database if exists ${databaseName} with (force)`);
    else console.log(`kept the database: ${databaseUrl}`);
  }
}

// Ctrl-C: the children and the database go too.
process.once('SIGINT', () => {
  for (const child of children) child.kill('SIGKILL');
  void runAdminStatement(adminUrl, `drop database if exists ${databaseName} with (force)`).finally(() =>
    process.exit(130),
  );
});
process.exitCode = await main();
