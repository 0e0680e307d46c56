// What a new user sees on `npm start`: on a terminal (forced here with CWSYNC_LOG_FORMAT=pretty) readable lines,
// no per-request lines of the built-in sandbox at the default level, and the welcome as the last block (piped
// output stays JSON: test/server/cli/serve-and-token-commands.test.ts). `cwsync status` repeats the welcome from the running service, with what fails and its fix,
// and never a token.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseLogFormat } from '../../src/logging/logger.js';
import { runCliProcess, spawnCliProcess } from '../support/cli-process.js';

const welcomeStart = 'cwsync is running: API ';
const welcomeEnd = 'This again, with what fails now: `npx cwsync status`.';

interface StartedServe {
  child: ChildProcess;
  folder: string;
  output: () => string;
}

/** `cwsync serve` on a fresh data folder, as `npm start` runs it, until its welcome is printed. */
async function startServe(format: 'pretty' | 'json' | 'auto'): Promise<StartedServe> {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-first-start-'));
  const child = spawnCliProcess(
    ['serve', '--host', '127.0.0.1', '--database-url', join(folder, 'cwsync.db')],
    {
      PORT: '0',
      LOG_LEVEL: 'info',
      CWSYNC_DATA_DIR: folder,
      CWSYNC_LOG_FORMAT: format,
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes(welcomeEnd)) resolve();
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`serve exited early: ${output}`)));
  });
  return { child, folder, output: () => output };
}

const statusOf = (serve: StartedServe) => ['status', '--database-url', join(serve.folder, 'cwsync.db')];

async function stop(serve: StartedServe | undefined): Promise<void> {
  if (!serve) return;
  if (serve.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await once(serve.child, 'exit');
  }
  rmSync(serve.folder, { recursive: true, force: true });
}

describe('the log format', () => {
  it('is pretty on a terminal and JSON when piped, unless CWSYNC_LOG_FORMAT says which', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat('auto', false)).toBe('json');
    expect(chooseLogFormat('', false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
    expect(() => chooseLogFormat('colour', true)).toThrow(
      'CWSYNC_LOG_FORMAT: must be auto, pretty, json, not "colour"',
    );
  });
});

describe('the first start of cwsync serve', () => {
  let pretty: StartedServe | undefined;
  beforeAll(async () => {
    pretty = await startServe('pretty');
  }, 120_000); // a whole process: compile, migrate, seed the 200-account demo
  afterAll(async () => {
    await stop(pretty);
  });

  it('on a terminal: readable lines, none per sandbox request, and the welcome last', async () => {
    // the demo keeps syncing: whatever it logs at the default level must not push the welcome away
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const output = pretty!.output();
    const [logPart, welcome] = output.split(welcomeStart) as [string, string];
    expect(welcome.trimEnd().endsWith(welcomeEnd)).toBe(true);
    const logLines = logPart.split('\n').filter((line) => line.trim() !== '');
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN): /);
    expect(output).not.toMatch(/incoming request|request completed|sandbox request/);
    expect(output).not.toContain('{"level"');
    expect(welcome).toMatch(/API token \(shown once, keep it\): cws_/);
    expect(welcome).toMatch(/Demo: instance "demo"/);
  }, 30_000);

  it('cwsync status repeats the welcome from the running service, with what fails and its fix, never a token', async () => {
    const token = /API token \(shown once, keep it\): (\S+)/.exec(pretty!.output())![1]!;
    const url = /cwsync is running: API (\S+)\/api\/v1/.exec(pretty!.output())![1]!;
    // the demo's failures reach the report as its sync goes: wait for the reseller accounts' group
    const deadline = Date.now() + 60_000;
    let status = await runCliProcess(statusOf(pretty!), { CWSYNC_DATA_DIR: pretty!.folder });
    while (!status.stdout.includes('"reseller"') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = await runCliProcess(statusOf(pretty!), { CWSYNC_DATA_DIR: pretty!.folder });
    }
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`cwsync is running: API ${url}/api/v1`);
    expect(status.stdout).toMatch(
      /API tokens: 1 \(stored hashed, so none can be shown again; a new one: `npx cwsync token create/,
    );
    expect(status.stdout).not.toContain(token);
    expect(status.stdout).toMatch(/- Built-in sandbox \(demo\): \d+ records not in step, \d+ causes:/);
    expect(status.stdout).toMatch(
      /\d+ accounts failed: account type "reseller" has no ConnectWise company type/,
    );
    expect(status.stdout).toContain(
      'fix: map "reseller" in the Account Type lookup to a ConnectWise value, then re-sync the group',
    );

    const json = await runCliProcess([...statusOf(pretty!), '--json'], { CWSYNC_DATA_DIR: pretty!.folder });
    expect(JSON.parse(json.stdout)).toMatchObject({ running: true, liveTokens: 1, service: { url } });
    expect(json.stdout).not.toContain(token);

    const elsewhere = mkdtempSync(join(tmpdir(), 'cwsync-not-started-'));
    const stopped = await runCliProcess(['status', '--database-url', join(elsewhere, 'cwsync.db')], {
      CWSYNC_DATA_DIR: elsewhere,
    });
    rmSync(elsewhere, { recursive: true, force: true });
    expect(stopped.stdout).toMatch(/^cwsync is not running from this data folder: start it with `npm start`/);
    expect(stopped.stdout).toContain('Instances: none.');
  }, 90_000);
});
