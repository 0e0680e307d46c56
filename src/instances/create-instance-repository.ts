import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { resolveApiOrigin } from '../connectwise/index.js';
import { unlinkInstance } from '../bss/store/index.js';
import { readJsonColumn, writeJsonColumn } from '../db/json-column.js';
import type { ConnectorInstancesTable, Database } from '../db/schema.js';
import { type ConnectorDefinition, type MappingOverrides } from '../engine/index.js';
import { zodProblems } from '../errors/index.js';
import { InstanceNotFoundError, InstanceValidationError } from './instance-errors.js';
import {
  instanceInputSchema,
  validateInstanceAgainstDefinition,
  type InstanceInput,
} from './instance-settings.js';
import type { SecretBox } from './secret-box.js';

const instanceIdPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** What the engine needs to talk to the instance's ConnectWise; only `credentialsOf` hands it out. */
export interface InstanceCredentials {
  siteUrl: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  apiVersion: string;
}

/** An instance as shown to people and scripts: never its keys, only whether it has them and a hint. */
export interface InstanceSummary {
  id: string;
  name: string;
  siteUrl: string;
  companyId: string;
  clientId: string;
  apiVersion: string;
  serverVariables: Record<string, number | string>;
  syncOptions: Record<string, boolean>;
  mappingOverrides: MappingOverrides;
  enabled: boolean;
  hasKeys: boolean;
  /** the public key's last 4 characters after bullets, e.g. `••••a1b2` */
  publicKeyHint: string;
  createdAt: string;
  updatedAt: string;
}

/** `id` is optional: by default it is made from the name (lower case, dashes), and never changes after. */
export type NewInstance = z.input<typeof instanceInputSchema> & { id?: string };
/** Only the fields given change; keys absent keep the stored ones. */
export type InstanceChanges = Partial<z.input<typeof instanceInputSchema>>;

export interface InstanceRepository {
  create(input: NewInstance): Promise<InstanceSummary>;
  update(idOrName: string, changes: InstanceChanges): Promise<InstanceSummary>;
  get(idOrName: string): Promise<InstanceSummary | undefined>;
  list(): Promise<InstanceSummary[]>;
  /** removes the instance with its lookups and its links; false when there was none */
  remove(idOrName: string): Promise<boolean>;
  /** the plain keys, for the engine and the connection test only: never log or print them */
  credentialsOf(idOrName: string): Promise<InstanceCredentials>;
}

type InstanceRow = Selectable<ConnectorInstancesTable>;

export function createInstanceRepository(
  db: Kysely<Database>,
  secrets: SecretBox,
  definition: ConnectorDefinition,
): InstanceRepository {
  async function findRow(idOrName: string) {
    const byId = await db
      .selectFrom('connector_instances')
      .selectAll()
      .where('id', '=', idOrName)
      .executeTakeFirst();
    return (
      byId ??
      (await db.selectFrom('connector_instances').selectAll().where('name', '=', idOrName).executeTakeFirst())
    );
  }

  async function requireRow(idOrName: string) {
    const row = await findRow(idOrName);
    if (!row) throw new InstanceNotFoundError(idOrName);
    return row;
  }

  async function assertNameFree(name: string, exceptId?: string): Promise<void> {
    const taken = await db
      .selectFrom('connector_instances')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken && taken.id !== exceptId) {
      throw InstanceValidationError.at(
        'name',
        'unique',
        `an instance named "${name}" already exists (${taken.id})`,
      );
    }
  }

  async function freeIdFor(name: string): Promise<string> {
    const base = slugOf(name);
    for (let suffix = 1; ; suffix += 1) {
      const candidate = suffix === 1 ? base : `${base.slice(0, 58)}-${suffix}`;
      const taken = await db
        .selectFrom('connector_instances')
        .select('id')
        .where('id', '=', candidate)
        .executeTakeFirst();
      if (!taken) return candidate;
    }
  }

  return {
    async create(input) {
      const { id: requestedId, ...fields } = input;
      const settings = validateInstance(fields, definition);
      if (requestedId !== undefined && !instanceIdPattern.test(requestedId)) {
        throw InstanceValidationError.at(
          'id',
          'pattern',
          'must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit',
        );
      }
      await assertNameFree(settings.name);
      if (requestedId !== undefined && (await findRow(requestedId))) {
        throw InstanceValidationError.at(
          'id',
          'unique',
          `an instance with id "${requestedId}" already exists`,
        );
      }
      const id = requestedId ?? (await freeIdFor(settings.name));
      const now = new Date().toISOString();
      await db
        .insertInto('connector_instances')
        .values({
          id,
          name: settings.name,
          site_url: settings.siteUrl,
          company_id: settings.companyId,
          public_key: secrets.seal(settings.publicKey),
          private_key: secrets.seal(settings.privateKey),
          client_id: settings.clientId,
          api_version: settings.apiVersion,
          server_variables: writeJsonColumn(settings.serverVariables),
          sync_options: writeJsonColumn(settings.syncOptions),
          mapping_overrides: writeJsonColumn(settings.mappingOverrides),
          enabled: settings.enabled ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return summarise(await requireRow(id), secrets);
    },

    async update(idOrName, changes) {
      const row = await requireRow(idOrName);
      const current = inputOf(row, secrets);
      const settings = validateInstance({ ...current, ...definedOnly(changes) }, definition);
      await assertNameFree(settings.name, row.id);
      await db
        .updateTable('connector_instances')
        .set({
          name: settings.name,
          site_url: settings.siteUrl,
          company_id: settings.companyId,
          ...(changes.publicKey !== undefined ? { public_key: secrets.seal(settings.publicKey) } : {}),
          ...(changes.privateKey !== undefined ? { private_key: secrets.seal(settings.privateKey) } : {}),
          client_id: settings.clientId,
          api_version: settings.apiVersion,
          server_variables: writeJsonColumn(settings.serverVariables),
          sync_options: writeJsonColumn(settings.syncOptions),
          mapping_overrides: writeJsonColumn(settings.mappingOverrides),
          enabled: settings.enabled ? 1 : 0,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      return summarise(await requireRow(row.id), secrets);
    },

    async get(idOrName) {
      const row = await findRow(idOrName);
      return row ? summarise(row, secrets) : undefined;
    },

    async list() {
      const rows = await db.selectFrom('connector_instances').selectAll().orderBy('name').execute();
      return rows.map((row) => summarise(row, secrets));
    },

    async remove(idOrName) {
      const row = await findRow(idOrName);
      if (!row) return false;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sync_lookups').where('instance_id', '=', row.id).execute();
        await unlinkInstance(trx, row.id);
        await trx.deleteFrom('connector_instances').where('id', '=', row.id).execute();
      });
      return true;
    },

    async credentialsOf(idOrName) {
      const row = await requireRow(idOrName);
      return {
        siteUrl: row.site_url,
        companyId: row.company_id,
        publicKey: secrets.open(row.public_key),
        privateKey: secrets.open(row.private_key),
        clientId: row.client_id,
        apiVersion: row.api_version,
      };
    },
  };
}

/** Parses with the instance schema, then checks the overrides against the definition and the site URL. */
function validateInstance(input: unknown, definition: ConnectorDefinition): InstanceInput {
  const parsed = instanceInputSchema.safeParse(input);
  if (!parsed.success) {
    // zod's messages name the rule; the value (possibly a key) is never echoed.
    throw new InstanceValidationError(zodProblems(parsed.error, 'instance', input));
  }
  const problems = validateInstanceAgainstDefinition(parsed.data, definition);
  try {
    resolveApiOrigin(parsed.data.siteUrl);
  } catch (error) {
    problems.unshift({ path: 'siteUrl', rule: 'format:siteUrl', message: (error as Error).message });
  }
  if (problems.length > 0) throw new InstanceValidationError(problems);
  return parsed.data;
}

function inputOf(row: InstanceRow, secrets: SecretBox) {
  return {
    name: row.name,
    siteUrl: row.site_url,
    companyId: row.company_id,
    publicKey: secrets.open(row.public_key),
    privateKey: secrets.open(row.private_key),
    clientId: row.client_id,
    apiVersion: row.api_version,
    serverVariables: readJsonColumn<Record<string, number | string>>(row.server_variables),
    syncOptions: readJsonColumn<Record<string, boolean>>(row.sync_options),
    mappingOverrides: readJsonColumn<MappingOverrides>(row.mapping_overrides) ?? {},
    enabled: Number(row.enabled) === 1,
  };
}

function summarise(row: InstanceRow, secrets: SecretBox): InstanceSummary {
  return {
    id: row.id,
    name: row.name,
    siteUrl: row.site_url,
    companyId: row.company_id,
    clientId: row.client_id,
    apiVersion: row.api_version,
    serverVariables: readJsonColumn<Record<string, number | string>>(row.server_variables),
    syncOptions: readJsonColumn<Record<string, boolean>>(row.sync_options),
    mappingOverrides: readJsonColumn<MappingOverrides>(row.mapping_overrides) ?? {},
    enabled: Number(row.enabled) === 1,
    hasKeys: row.public_key !== '',
    publicKeyHint: hintOf(row.public_key, secrets),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Listing must work even when the secret key changed: then the hint says so instead of failing. */
function hintOf(sealed: string, secrets: SecretBox): string {
  try {
    return maskKey(secrets.open(sealed));
  } catch {
    return '(sealed with another secret key)';
  }
}

/** `••••` and the last 4 characters; a key of 8 characters or fewer shows nothing of itself. */
export function maskKey(key: string): string {
  return key.length > 8 ? `••••${key.slice(-4)}` : '••••';
}

function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'instance' : slug;
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
