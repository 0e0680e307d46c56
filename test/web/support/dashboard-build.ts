import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { defaultDashboardDir, hasDashboard } from '../../../src/server/dashboard/serve-dashboard.js';
import { browserSuite, chromiumPath } from '../../support/optional-suites.js';

const config = fileURLToPath(new URL('../../../web/vite.config.ts', import.meta.url));

/** The built dashboard (web/dist): `npm run build` makes it; built here once only when it is missing. */
export async function ensureDashboardBuilt(): Promise<string> {
  if (!hasDashboard(defaultDashboardDir)) await build({ configFile: config, logLevel: 'warn' });
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
