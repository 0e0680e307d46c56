import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildSandboxApp, stableApiPrefix } from './app.js';
import type { SandboxContext, SandboxCredentials, SandboxOptions } from './context.js';
import { apiMembersOf, ensureApiMemberRow } from './http/api-members.js';
import { callbackTypeOf } from './registry/index.js';
import { seedDemoData } from './seed/index.js';
import { createMemoryStore } from './store/memory-store.js';
import { tenantRuleSettingsOf } from './tenant-rule-settings.js';
import { loadStoreFile, persistStoreChanges, type StorePersistence } from './store/persist-store.js';

export type { SandboxContext, SandboxCredentials, SandboxOptions } from './context.js';

export interface RunningSandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/v4_6_release/apis/3.0' */
  apiUrl: string;
  credentials: SandboxCredentials;
  context: SandboxContext;
  stop(): Promise<void>;
}

export const defaultCredentials: SandboxCredentials = {
  companyId: 'cwsync',
  publicKey: 'sandbox-public',
  privateKey: 'sandbox-private',
};

function urlOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | null;
  if (address === null) throw new Error('The sandbox is not listening yet');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Starts a local ConnectWise Manage on loopback: in memory, optionally persisted to `dataFile`. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const credentials: SandboxCredentials = { ...defaultCredentials, ...options.credentials };
  const store = createMemoryStore({ callbackTypeOf });
  const loaded = options.dataFile !== undefined && loadStoreFile(store, options.dataFile);
  const persistence: StorePersistence | undefined =
    options.dataFile === undefined ? undefined : persistStoreChanges(store, options.dataFile, options.logger);
  const seed = options.seed ?? 'demo';
  if (!loaded && seed === 'demo') seedDemoData(store);
  for (const member of apiMembersOf(credentials)) ensureApiMemberRow(store, member);

  const listening: { url?: string } = {};
  const context: SandboxContext = {
    options: {
      ...options,
      host: options.host ?? '127.0.0.1',
      apiVersion: options.apiVersion ?? '2022.1',
      codebase: options.codebase ?? 'v2025_1/',
      seed,
    },
    credentials,
    tenantRules: tenantRuleSettingsOf(options.tenantRules),
    store,
    baseUrl: () => {
      if (listening.url === undefined) throw new Error('The sandbox is not listening yet');
      return listening.url;
    },
  };
  const built = await buildSandboxApp(context);
  try {
    await built.listen({ host: context.options.host, port: options.port ?? 0 });
  } catch (error) {
    await persistence?.stop();
    throw error;
  }
  const url = urlOf(built);
  listening.url = url;
  return {
    url,
    apiUrl: `${url}${stableApiPrefix}`,
    credentials,
    context,
    async stop() {
      await built.close();
      await persistence?.stop();
    },
  };
}
