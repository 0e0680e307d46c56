import { describe, expect, it } from 'vitest';
import { takeInGroups } from '../../src/sync/take-in-groups.js';

async function* listing(count: number, failAfter?: number): AsyncGenerator<number> {
  for (let item = 1; item <= count; item += 1) {
    if (failAfter !== undefined && item > failAfter) throw new Error('the listing failed');
    yield item;
  }
}

describe('takeInGroups', () => {
  it('commits full groups in order, then the shorter last one', async () => {
    const groups: number[][] = [];
    await takeInGroups(listing(7), 3, async (group) => void groups.push(group));
    expect(groups).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('reads the next items only once a group is committed', async () => {
    let read = 0;
    let readWhenCommitted: number[] = [];
    async function* counted() {
      for (const item of [1, 2, 3, 4, 5]) {
        read += 1;
        yield item;
      }
    }
    await takeInGroups(counted(), 2, async () => void (readWhenCommitted = [...readWhenCommitted, read]));
    expect(readWhenCommitted).toEqual([2, 4, 5]);
  });

  it('when the listing fails, commits what it handed over, then throws its error', async () => {
    const groups: number[][] = [];
    await expect(takeInGroups(listing(10, 5), 3, async (group) => void groups.push(group))).rejects.toThrow(
      'the listing failed',
    );
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('when a commit fails, reads nothing more and throws its error', async () => {
    const groups: number[][] = [];
    await expect(
      takeInGroups(listing(9), 3, async (group) => {
        if (group[0] === 4) throw new Error('the group was rolled back');
        groups.push(group);
      }),
    ).rejects.toThrow('rolled back');
    expect(groups).toEqual([[1, 2, 3]]);
  });
});
