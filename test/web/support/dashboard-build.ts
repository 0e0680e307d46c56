import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { defaultDashboardDir, hasDashboard } from '../../../src/server/dashboard/serve-dashboard.js';
import { browserSuite, chromiumPath } from '../../support/optional-suites.js';

const config = fileURLToPath(new URL('../../../web/vite.config.ts', import.meta.url));
const webSources = fileURLToPath(new URL('../../../web/src', import.meta.url));

/** The newest change among the dashboard's sources (web/src, recursively). */
function newestSourceChange(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(folder, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSourceChange(path) : statSync(path).mtimeMs);
  }, 0);
}

/** The built dashboard is older than a source it is built from (a test would drive yesterday's pages). */
function isStale(dir: string): boolean {
  return statSync(join(dir, 'index.html')).mtimeMs < newestSourceChange(webSources);
}

/** The built dashboard (web/dist): `npm run build` makes it; built here when it is missing or older than web/src. */
export async function ensureDashboardBuilt(): Promise<string> {
  if (!hasDashboard(defaultDashboardDir) || isStale(defaultDashboardDir))
    await build({ configFile: config, logLevel: 'warn' });
  if (!hasDashboard(defaultDashboardDir))
    throw new Error(`the dashboard build left no ${defaultDashboardDir}`);
  return defaultDashboardDir;
}

/**
 * Debian's Chromium, never a downloaded browser: `.ci/run` installs it with apt. The suite is skipped without it
 * off CI (`skipWhenUnavailable(browserSuite)`); reaching here without it (under CI) is a failure.
 */
export function requireChromium(): string {
  if (!browserSuite.available()) throw new Error(`${chromiumPath} is missing: ${browserSuite.howToRun}`);
  return chromiumPath;
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
