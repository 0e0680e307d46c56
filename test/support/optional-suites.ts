import { existsSync } from 'node:fs';

/**
 * The suites that need something a fresh machine lacks. Without CI they are skipped, and said so loudly (the
 * `optional-suites` reporter and a skipped test naming each); under `CI=true` they are required: a missing
 * Chromium or PostgreSQL fails the run.
 */
export interface OptionalSuite {
  name: string;
  /** Whether this machine can run the suite. */
  available(): boolean;
  /** What to do to run it. */
  howToRun: string;
}

export const chromiumPath = '/usr/bin/chromium';

export const browserSuite: OptionalSuite = {
  name: "the dashboard's browser test (test/web/*.browser.test.ts)",
  available: () => existsSync(chromiumPath),
  howToRun:
    "install Debian's Chromium (apt-get install -y --no-install-recommends chromium), then npm test; .ci/run does",
};

export const postgresSuites: OptionalSuite = {
  name: 'the database suites on PostgreSQL (without it they run on SQLite only)',
  available: () => postgresTestUrl() !== undefined,
  howToRun:
    'TEST_DATABASE_URL=postgres://user@127.0.0.1:5432/db npm test (any empty database; each suite uses its own schema)',
};

export const optionalSuites = [browserSuite, postgresSuites];

export function postgresTestUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
}

export function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Skip only off CI: under CI a suite that cannot run must fail, not vanish from the counts. */
export function skipWhenUnavailable(suite: OptionalSuite): boolean {
  return !suite.available() && !isCi();
}
