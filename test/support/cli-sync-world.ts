import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/index.js';
import {
  createInstanceRepository,
  createLookupRepository,
  SecretBox,
  type InstanceRepository,
  type LookupRepository,
} from '../../src/instances/index.js';
import { startSandboxWithClient, type SandboxWithClient } from '../connectwise/support/sandbox.js';
import { testKeys } from '../connectwise/support/test-client.js';
import { createCommandDatabase, type CommandDatabase } from './command-database.js';
import type { DatabaseTarget } from './database.js';

/**
 * What a sync command run in process (`cwsync sync`, `cwsync reconcile`) is pointed at: a database of its own
 * (`command.url` for `--database-url`), the record store over it, the demo-seeded ConnectWise sandbox, and an
 * instance `sandbox` on it whose BSS account type `customer` is mapped to ConnectWise's Customer. The instance's
 * keys are sealed with `secretKey`: the command reads it from CWSYNC_SECRET_KEY, which the test stubs.
 */
export interface CliSyncWorld {
  command: CommandDatabase;
  database: DatabaseHandle;
  store: RecordStore;
  cw: SandboxWithClient;
  instances: InstanceRepository;
  lookups: LookupRepository;
  stop(): Promise<void>;
}

export async function startCliSyncWorld(target: DatabaseTarget, secretKey: Buffer): Promise<CliSyncWorld> {
  const command = await createCommandDatabase(target.name);
  const database = createDatabase(command.url);
  await database.migrate();
  const store = createRecordStore(database.db);
  const cw = await startSandboxWithClient({ seed: 'demo' });
  const { definition } = await loadConnectWiseDefinition();
  const instances = createInstanceRepository(database.db, SecretBox.fromKey(secretKey), definition);
  await instances.create({
    id: 'sandbox',
    name: 'Sandbox',
    siteUrl: cw.sandbox.url,
    ...testKeys,
    ...cw.sandbox.credentials,
  });
  const customer = (await cw.client.company.companyTypes.page()).items.find(
    (type) => type.name === 'Customer',
  )!;
  const lookups = createLookupRepository(database.db, definition);
  await lookups.set('sandbox', {
    lookup: 'AccountType',
    internalId: 'customer',
    integrationId: String(customer.id),
  });
  await store.upsert('account-types', 'customer', { name: 'Customer' }, { origin: 'api' });
  return {
    command,
    database,
    store,
    cw,
    instances,
    lookups,
    async stop() {
      await cw.stop();
      await database.destroy();
      await command.drop();
    },
  };
}
