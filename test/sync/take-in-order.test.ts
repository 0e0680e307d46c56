// takeInOrder: a bounded number of items in flight, progress passed only over a finished prefix, and a failure
// that lets the items in flight finish before it is thrown.
import { describe, expect, it } from 'vitest';
import { takeInOrder } from '../../src/sync/take-in-order.js';

async function* listing(count: number, seen?: number[]) {
  for (let item = 1; item <= count; item += 1) {
    seen?.push(item);
    yield item;
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('takeInOrder', () => {
  it('holds at most `concurrency` items in flight and passes them in order, however they finish', async () => {
    let inFlight = 0;
    let most = 0;
    const passed: number[] = [];
    const saves: number[] = [];
    await takeInOrder(
      listing(10),
      async (item) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // later items finish first
        await sleep((11 - item) * 3);
        inFlight -= 1;
        return item * 10;
      },
      {
        concurrency: 3,
        passed: (item, result) => {
          expect(result).toBe(item * 10);
          passed.push(item);
        },
        save: async () => {
          saves.push(passed.at(-1)!);
        },
      },
    );
    expect(most).toBe(3);
    expect(passed).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // saved once per 3 passed (or more, when a slow one let several finish behind it) and at the end
    expect(saves.at(-1)).toBe(10);
    expect(saves.length).toBeLessThanOrEqual(4);
    expect(saves).toEqual([...saves].sort((a, b) => a - b));
  });

  it('reads the listing only as slots free up', async () => {
    const seen: number[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const done = takeInOrder(listing(100, seen), () => blocked, {
      concurrency: 4,
      passed: () => undefined,
      save: async () => undefined,
    });
    await sleep(20);
    expect(seen).toEqual([1, 2, 3, 4]);
    release();
    await done;
    expect(seen).toHaveLength(100);
  });

  it('a failing item: the others in flight finish, the progress stops before it, and the error is thrown', async () => {
    const finished: number[] = [];
    const passed: number[] = [];
    let savedAt = 0;
    await expect(
      takeInOrder(
        listing(20),
        async (item) => {
          if (item === 5) {
            await sleep(5);
            throw new Error('record 5 failed');
          }
          await sleep(item > 5 ? 15 : 1);
          finished.push(item);
        },
        {
          concurrency: 4,
          passed: (item) => passed.push(item),
          save: async () => {
            savedAt = passed.at(-1) ?? 0;
          },
        },
      ),
    ).rejects.toThrow('record 5 failed');
    expect(passed).toEqual([1, 2, 3, 4]);
    expect(savedAt).toBe(4);
    // 6, 7 and 8 were in flight when 5 failed: they finished before the error came back, nothing after them started
    expect(finished.filter((item) => item > 5).sort((a, b) => a - b)).toEqual([6, 7, 8]);
  });
});
