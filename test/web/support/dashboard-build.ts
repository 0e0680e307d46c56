import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { defaultDashboardDir, hasDashboard } from '../../../src/server/dashboard/serve-dashboard.js';

const config = fileURLToPath(new URL('../../../web/vite.config.ts', import.meta.url));

/** The built dashboard (web/dist): `npm run build` makes it; built here once only when it is missing. */
export async function ensureDashboardBuilt(): Promise<string> {
  if (!hasDashboard(defaultDashboardDir)) await build({ configFile: config, logLevel: 'warn' });
  if (!hasDashboard(defaultDashboardDir))
    throw new Error(`the dashboard build left no ${defaultDashboardDir}`);
  return defaultDashboardDir;
}

export const chromiumPath = '/usr/bin/chromium';

/** Debian's Chromium, never a downloaded browser: `.ci/run` installs it with apt. Missing is a failure, not a skip. */
export function requireChromium(): string {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium); .ci/run does`,
    );
  }
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
