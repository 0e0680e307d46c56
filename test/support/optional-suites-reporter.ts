import type { Reporter } from 'vitest/node';
import { isCi, optionalSuites } from './optional-suites.js';

/** Says, after the summary, which suites this machine skipped and how to run them (never under CI). */
export default class OptionalSuitesReporter implements Reporter {
  onTestRunEnd(): void {
    if (isCi()) return;
    const skipped = optionalSuites.filter((suite) => !suite.available());
    if (skipped.length === 0) return;
    const lines = [
      '',
      '┌─ SKIPPED on this machine (CI=true runs them and fails when they cannot run) ─',
      ...skipped.flatMap((suite) => [`│ ✗ ${suite.name}`, `│     to run it: ${suite.howToRun}`]),
      '└──',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
