// BSS side: API upserts per second (PUT through a listening server) and bulk-import rows per second (a generated
// 20 000-row accounts file, JSON lines and CSV, first import and an unchanged re-import), on SQLite and, when
// TEST_DATABASE_URL or DATABASE_URL is set, on PostgreSQL in a schema of its own.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { importFile } from '../../src/bss/import/index.js';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import { runAdminStatement } from '../../test/support/database.js';
import type { BenchResult } from '../types.js';

const importRows = 20_000;
const apiUpserts = 1_000;
const apiConcurrency = 8;
const suite = 'bss';

interface BenchDatabase {
  name: 'sqlite' | 'postgres';
  open(): Promise<DatabaseHandle & { drop(): Promise<void> }>;
}

export async function run(): Promise<BenchResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-bench-bss-'));
  try {
    const files = writeAccountFiles(folder);
    const results: BenchResult[] = [];
    for (const target of benchDatabases()) {
      const database = await target.open();
      try {
        const store = createRecordStore(database.db);
        await seedLookups(store);
        results.push(...(await measureImports(target.name, store, files)));
        results.push(await measureApiUpserts(target.name, database, store));
      } finally {
        await database.drop();
      }
    }
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function measureImports(
  databaseName: string,
  store: RecordStore,
  files: { jsonl: string; csv: string },
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [format, path] of Object.entries(files)) {
    const first = await importFile({ store, path });
    if (first.failed > 0 || first.created !== importRows) {
      throw new Error(
        `bench import of ${path} went wrong: ${JSON.stringify({ ...first, errors: first.errors.slice(0, 3) })}`,
      );
    }
    results.push({
      suite,
      name: `import ${importRows} accounts, ${format}, ${databaseName}`,
      value: first.rowsPerSecond,
      unit: 'rows/s',
      note: `${(first.durationMs / 1000).toFixed(1)} s, batches of 500`,
    });
    const again = await importFile({ store, path });
    results.push({
      suite,
      name: `re-import unchanged ${format}, ${databaseName}`,
      value: again.rowsPerSecond,
      unit: 'rows/s',
      note: `${again.unchanged} unchanged, nothing written`,
    });
  }
  return results;
}

async function measureApiUpserts(
  databaseName: string,
  database: DatabaseHandle,
  store: RecordStore,
): Promise<BenchResult> {
  const app = await buildServer({ db: database.db, store });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await createApiToken(database.db, 'bench');
  const pool = new Pool(address, { connections: apiConcurrency });
  try {
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < apiUpserts) {
        const index = next++;
        const response = await pool.request({
          method: 'PUT',
          path: `/api/v1/accounts/api-${index}`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(accountRow(index, 'api')),
        });
        const text = await response.body.text();
        if (response.statusCode !== 201 && response.statusCode !== 200) {
          throw new Error(`PUT answered ${response.statusCode}: ${text.slice(0, 300)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: apiConcurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    return {
      suite,
      name: `API PUT /accounts/:id upserts, ${databaseName}`,
      value: apiUpserts / seconds,
      unit: 'req/s',
      note: `${apiUpserts} creates, ${apiConcurrency} connections`,
    };
  } finally {
    await pool.close();
    await app.close();
  }
}

function accountRow(index: number, prefix: string): Record<string, unknown> {
  return {
    id: `${prefix}-${index}`,
    code: `C${index}`,
    name: `Account ${index} Ltd`,
    type: { id: index % 3 === 0 ? 'reseller' : 'end-customer' },
    currency: { id: 'EUR' },
    addresses: [
      {
        address1: `${index} Ermou St`,
        city: 'Athens',
        postCode: '10563',
        countryCode: 'GR',
        isBilling: true,
      },
    ],
    phone: '+30 210 1234567',
    corpEmail: `billing${index}@example.com`,
    isTaxable: index % 2 === 0,
  };
}

function writeAccountFiles(folder: string): { jsonl: string; csv: string } {
  const jsonl = join(folder, 'accounts.jsonl');
  const csv = join(folder, 'accounts.csv');
  const lines: string[] = [];
  const csvLines = [
    'id,code,name,type,currency,address1,city,postCode,countryCode,phone,corpEmail,isTaxable',
  ];
  for (let index = 0; index < importRows; index += 1) {
    lines.push(JSON.stringify(accountRow(index, 'jsonl')));
    const row = accountRow(index, 'csv');
    csvLines.push(
      [
        row.id,
        row.code,
        row.name,
        (row.type as { id: string }).id,
        'EUR',
        `${index} Ermou St`,
        'Athens',
        '10563',
        'GR',
      ]
        .concat([row.phone as string, row.corpEmail as string, String(row.isTaxable)])
        .join(','),
    );
  }
  writeFileSync(jsonl, `${lines.join('\n')}\n`);
  writeFileSync(csv, `${csvLines.join('\n')}\n`);
  return { jsonl, csv };
}

async function seedLookups(store: RecordStore): Promise<void> {
  const ctx = { origin: 'api' as const };
  await store.upsert('account-types', 'reseller', { name: 'Reseller' }, ctx);
  await store.upsert('account-types', 'end-customer', { name: 'End customer' }, ctx);
  await store.upsert('currencies', 'EUR', { name: 'Euro', code: 'EUR' }, ctx);
}

function benchDatabases(): BenchDatabase[] {
  const targets: BenchDatabase[] = [
    {
      name: 'sqlite',
      open: async () => {
        const folder = mkdtempSync(join(tmpdir(), 'cwsync-bench-db-'));
        const database = createDatabase(join(folder, 'cwsync.db'));
        await database.migrate();
        return {
          ...database,
          drop: async () => (await database.destroy(), rmSync(folder, { recursive: true, force: true })),
        };
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url?.startsWith('postgres')) {
    targets.push({
      name: 'postgres',
      open: async () => {
        const schema = `cwsync_bench_${randomBytes(6).toString('hex')}`;
        await runAdminStatement(url, `create schema "${schema}"`);
        const database = createDatabase(url, { schema });
        await database.migrate();
        return {
          ...database,
          drop: async () => {
            await database.destroy();
            await runAdminStatement(url, `drop schema "${schema}" cascade`);
          },
        };
      },
    });
  }
  return targets;
}
