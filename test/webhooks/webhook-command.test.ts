import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/database.js';
import { createCommandDatabase, type CommandDatabase } from '../support/command-database.js';
import { runCliInProcess as runCli } from '../support/run-cli-in-process.js';

describe.each(databaseTargets())('cwsync webhook on $name', (target) => {
  let database: CommandDatabase;

  const keyBefore = process.env.CWSYNC_SECRET_KEY;

  beforeAll(async () => {
    database = await createCommandDatabase(target.name);
    // A key of the test's own, so no key file is written into the checkout's data folder.
    process.env.CWSYNC_SECRET_KEY = randomBytes(32).toString('hex');
  });
  afterAll(async () => {
    if (keyBefore === undefined) delete process.env.CWSYNC_SECRET_KEY;
    else process.env.CWSYNC_SECRET_KEY = keyBefore;
    await database.drop();
  });

  it('adds, lists, shows deliveries of, and removes a subscription', async () => {
    const added = await runCli([
      'webhook',
      'add',
      'https://bss.example/hooks',
      '--entity',
      'accounts',
      '--database-url',
      database.url,
      '--json',
    ]);
    expect(added.code).toBe(0);
    const subscription = JSON.parse(added.stdout) as { id: string; secret: string; entities: string[] };
    expect(subscription.entities).toEqual(['accounts']);

    const listed = await runCli(['webhook', 'list', '--database-url', database.url]);
    expect(listed.stdout).toContain(
      `${subscription.id}  https://bss.example/hooks  accounts; origin pull  active`,
    );
    expect(listed.stdout).not.toContain(subscription.secret);

    const deliveries = await runCli([
      'webhook',
      'deliveries',
      subscription.id,
      '--database-url',
      database.url,
    ]);
    expect(deliveries.stdout).toBe(`No deliveries for ${subscription.id} yet.`);

    expect((await runCli(['webhook', 'remove', subscription.id, '--database-url', database.url])).code).toBe(
      0,
    );
    const gone = await runCli(['webhook', 'remove', subscription.id, '--database-url', database.url]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`no subscription ${subscription.id}`);
  });

  it('refuses a URL that is not http(s)', async () => {
    const result = await runCli(['webhook', 'add', 'ftp://bss.example', '--database-url', database.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('url: must be an http(s) URL');
  });
});
