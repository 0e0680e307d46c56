import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBuiltInSandbox } from '../../../src/cli/commands/serve.js';
import { seedDemo } from '../../../src/demo/index.js';
import { createLookupRepository, type LookupRepository } from '../../../src/instances/index.js';
import { SecretBox } from '../../../src/instances/secret-box.js';
import { createLogger } from '../../../src/logging/logger.js';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { createApiToken } from '../../../src/server/auth/api-tokens.js';
import { startServer, type RunningServer } from '../../../src/server/start-server.js';
import { chromiumArgs, ensureDashboardBuilt, requireChromium } from './dashboard-build.js';

export interface DashboardWorld {
  server: RunningServer;
  sandbox: RunningSandbox;
  token: string;
  lookups: LookupRepository;
  browser: Browser;
  page: Page;
  /** console errors and uncaught page errors seen so far */
  consoleErrors: string[];
  stop(): Promise<void>;
}

/**
 * What `cwsync serve` runs on a first start, on SQLite in a temp folder: the server (serving web/dist), the
 * built-in sandbox and a small demo; then Debian's Chromium on a fresh page that records every console error.
 */
export async function startDashboardWorld(options: { demoAccounts: number }): Promise<DashboardWorld> {
  const dashboardDir = await ensureDashboardBuilt();
  const executablePath = requireChromium();
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-dashboard-'));
  const logger = createLogger({ level: 'silent' });
  const server = await startServer({
    databaseUrl: join(folder, 'cwsync.db'),
    port: 0,
    host: '127.0.0.1',
    secrets: SecretBox.fromKey(randomBytes(32)),
    logger,
    dashboardDir,
  });
  const sandbox = await startBuiltInSandbox(folder, 0, logger);
  const lookups = createLookupRepository(server.db, server.sync!.connector.definition);
  await seedDemo({
    store: server.sync!.store,
    instances: server.sync!.instances,
    lookups,
    sandbox,
    accounts: options.demoAccounts,
    logger,
  });
  const token = (await createApiToken(server.db, 'browser')).token;
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  return {
    server,
    sandbox,
    token,
    lookups,
    browser,
    page,
    consoleErrors,
    async stop() {
      await browser.close();
      await server.stop();
      await sandbox.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
