// A poll reads its listing a page ahead (issue 14, P6): ConnectWise builds the next page while the current one's
// records are written. The order, the failure semantics and the bound on what is held must stay those of the
// listing read directly.
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/sync/read-ahead.js';

/** A listing of `total` numbers in pages of `pageSize`, noting when each page is asked for and what was taken. */
function pagedListing(total: number, pageSize: number, failAfterPage?: number) {
  const log: string[] = [];
  let closed = false;
  async function* list(): AsyncGenerator<number> {
    try {
      for (let page = 0; page * pageSize < total; page += 1) {
        if (failAfterPage !== undefined && page > failAfterPage) throw new Error('ConnectWise answered 503');
        log.push(`fetch page ${page}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const first = page * pageSize;
        for (let n = first; n < Math.min(total, first + pageSize); n += 1) yield n;
      }
    } finally {
      closed = true;
    }
  }
  return { list, log, isClosed: () => closed };
}

async function take(items: AsyncIterable<number>, log: string[], stopAfter = Infinity): Promise<number[]> {
  const taken: number[] = [];
  for await (const item of items) {
    taken.push(item);
    log.push(`took ${item}`);
    // the consumer's own work: writing the record
    await new Promise((resolve) => setImmediate(resolve));
    if (taken.length >= stopAfter) break;
  }
  return taken;
}

describe('readAhead', () => {
  it('hands over every item in order, asking for the next page while the current one is being taken', async () => {
    const listing = pagedListing(25, 10);
    const taken = await take(readAhead(listing.list(), 10), listing.log);
    expect(taken).toEqual(Array.from({ length: 25 }, (_, n) => n));
    // page 1 was asked for before item 9, the last of page 0, was taken: the fetch overlapped the work
    expect(listing.log.indexOf('fetch page 1')).toBeLessThan(listing.log.indexOf('took 9'));
    expect(listing.log.indexOf('fetch page 2')).toBeLessThan(listing.log.indexOf('took 19'));
  });

  it('holds at most `ahead` items besides the listing’s page: page 2 is not asked for while page 1 waits whole', async () => {
    const listing = pagedListing(30, 10);
    const items = readAhead(listing.list(), 10);
    const first = await items.next();
    expect(first.value).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // page 0's other nine wait here, page 1 is read (10 ahead at most): page 2 is not fetched yet
    expect(listing.log).toEqual(['fetch page 0', 'fetch page 1']);
    await items.return(undefined);
    expect(listing.isClosed()).toBe(true);
  });

  it('hands over what was listed before a failure, then throws it', async () => {
    const listing = pagedListing(30, 10, 1);
    const taken: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(listing.list(), 10)) taken.push(item);
      })(),
    ).rejects.toThrow('503');
    expect(taken).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it('closes the listing when the consumer stops early', async () => {
    const listing = pagedListing(30, 10);
    const taken = await take(readAhead(listing.list(), 10), listing.log, 3);
    expect(taken).toEqual([0, 1, 2]);
    expect(listing.isClosed()).toBe(true);
  });
});
