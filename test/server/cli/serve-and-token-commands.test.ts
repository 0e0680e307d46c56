import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/index.js';
import { runCliProcess, spawnCliProcess } from '../../support/cli-process.js';

async function helpOf(args: string[]): Promise<string> {
  const program = await buildProgram();
  let output = '';
  const capture = (command: typeof program): void => {
    command.exitOverride();
    command.configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
    command.commands.forEach(capture);
  };
  capture(program);
  try {
    program.parse(['node', 'cwsync', ...args]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'commander.helpDisplayed') throw error;
  }
  return output;
}

describe('cwsync serve and cwsync token', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-cli-'));
  const databaseUrl = join(folder, 'cwsync.db');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('describe their options with --help', async () => {
    const serveHelp = await helpOf(['serve', '--help']);
    for (const option of ['--port', '--host', '--database-url', 'SIGTERM'])
      expect(serveHelp).toContain(option);
    expect(await helpOf(['token', '--help'])).toMatch(/create[\s\S]*list[\s\S]*revoke/);
    expect(await helpOf(['token', 'create', '--help'])).toContain('--name');
  });

  it('creates a token (printed once), lists it without the secret, and revokes it', async () => {
    const created = await runCliProcess([
      'token',
      'create',
      '--name',
      'bss-test',
      '--database-url',
      databaseUrl,
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^cws_[A-Za-z0-9_-]{43}$/);
    const listed = await runCliProcess(['token', 'list', '--json', '--database-url', databaseUrl]);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'bss-test', revokedAt: null }),
    ]);
    expect(listed.stdout).not.toContain(token);
    const revoked = await runCliProcess(['token', 'revoke', 'bss-test', '--database-url', databaseUrl]);
    expect(revoked).toMatchObject({ code: 0, stdout: 'Revoked 1 token.\n' });
    const again = await runCliProcess(['token', 'revoke', 'bss-test', '--database-url', databaseUrl]);
    expect(again.code).toBe(1);
  });

  it('serves on 127.0.0.1 and the port PORT names, /metrics behind the token, with the demo syncing to the built-in sandbox, and stops cleanly on SIGTERM', async () => {
    const created = await runCliProcess(['token', 'create', '--json', '--database-url', databaseUrl]);
    const { token } = JSON.parse(created.stdout) as { token: string };
    // no --host and no HOST: this machine only
    const child = spawnCliProcess(['serve', '--database-url', databaseUrl], {
      PORT: '0',
      LOG_LEVEL: 'info',
      CWSYNC_DATA_DIR: folder,
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`serve exited early: ${output}`)));
    });
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
    const list = await fetch(`${url}/api/v1/accounts`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    expect(output).not.toContain(token);

    // a first start with no ConnectWise configured: the demo instance and records, synced with no other step
    const headers = { authorization: `Bearer ${token}` };
    const deadline = Date.now() + 60_000;
    let linked = false;
    const welcomed = () => output.includes('Demo: instance');
    while (!(linked && welcomed()) && Date.now() < deadline) {
      const account = await fetch(`${url}/api/v1/accounts/DEMO-0001`, { headers });
      const body = account.ok ? ((await account.json()) as { integrationIds?: Record<string, string> }) : {};
      linked = body.integrationIds?.demo !== undefined;
      if (!linked) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(linked).toBe(true);
    expect(output).toMatch(
      /Demo: instance "demo" on the built-in sandbox; 200 accounts, \d+ contacts,\s+12 products, \d+ orders, \d+ invoices, \d+ payments and \d+ subscriptions are syncing now/,
    );
    expect(output).toMatch(/subscriptions billed every three years: .*Subscription Units/);
    // piped, as CI and process managers read it: every log line before the welcome is JSON
    const logLines = output
      .split('cwsync is running: API ')[0]!
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    // the built-in sandbox's thousands of request lines are at debug
    expect(output).not.toMatch(/"component":"sandbox".*"msg":"(incoming request|request completed)"/);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 90_000); // a whole process: compile, migrate, seed the demo, sync its first account (the loop allows 60 s)
});
