// Names, in the test counts, each suite this machine cannot run: off CI it shows as skipped (with how to run it in
// the closing lines of the run); under CI it must pass, so a missing Chromium or PostgreSQL fails the run.
import { describe, expect, it } from 'vitest';
import { optionalSuites, skipWhenUnavailable } from './support/optional-suites.js';

describe('suites that need more than a fresh machine has', () => {
  for (const suite of optionalSuites) {
    it.skipIf(skipWhenUnavailable(suite))(`run here: ${suite.name}`, () => {
      expect(suite.available(), `${suite.name} cannot run: ${suite.howToRun}`).toBe(true);
    });
  }
});
