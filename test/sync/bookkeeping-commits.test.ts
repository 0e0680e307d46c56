// The runner's own cost per record on SQLite is its commits (issue 14): a job's bookkeeping — the link with the
// create note's removal, the report, the run, waits, wake-ups and the job's end — is written in one transaction,
// not a commit per write. Counted at better-sqlite3 during an in-process initial push.
import { describe, expect, it } from 'vitest';
import {
  CommitCounter,
  countLinks,
  sqliteWorldSeeing,
  writeAccountsWithContacts,
} from '../support/counted-sqlite-world.js';

const accounts = 12;
const contactsEach = 2;

describe('bookkeeping commits per record, SQLite', () => {
  const counter = new CommitCounter();
  const worldOf = sqliteWorldSeeing((sqlText) => counter.see(sqlText));

  it('writes an initial push in at most 10 commits per record (a commit per write was 19)', async () => {
    const world = worldOf();
    const records = await writeAccountsWithContacts(world, 'C', accounts, contactsEach);
    await world.sync.feedChanges();
    counter.counting = true;
    await world.drain({ feed: false });
    counter.counting = false;

    expect(await countLinks(world)).toBe(records);
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    const perRecord = counter.commits / records;
    const counted =
      `${records} records: ${counter.commits} commits (${perRecord.toFixed(2)} per record), ` +
      `${counter.statements} statements (${(counter.statements / records).toFixed(1)} per record)`;
    // A created record: the claim, the create note (committed before its POST), the link with the note's removal,
    // the bookkeeping with the job's end; an account runs again for its default contact, and in this small world
    // most contacts run before their account is in (they wait and are woken). A commit per write was 19.4 per
    // record here; one transaction per job's bookkeeping is 7.9.
    expect(perRecord, counted).toBeLessThanOrEqual(10);
  });
});
