// The activity chart's outcome counts are kept in memory and written once a second (issue 14: a statement fewer
// in every job's transaction): nothing is written per outcome, a flush writes one sum per instance and minute,
// and counts whose write failed are written by the next flush.
import { describe, expect, it } from 'vitest';
import { bufferActivity } from '../../src/report/buffer-activity.js';
import type { ActivityCounts } from '../../src/report/create-activity-repository.js';

function recordingActivity() {
  const added: Array<{ instanceId: string; counts: Partial<ActivityCounts> }> = [];
  let failNext = false;
  return {
    added,
    failOnce: () => (failNext = true),
    async add(instanceId: string, counts: Partial<ActivityCounts>) {
      if (failNext) {
        failNext = false;
        throw new Error('database is locked');
      }
      added.push({ instanceId, counts });
    },
  };
}

describe('bufferActivity', () => {
  it('writes nothing per outcome, and one sum per instance and minute on flush', async () => {
    const activity = recordingActivity();
    const buffer = bufferActivity(activity, 60_000);
    buffer.count('a', 'synced');
    buffer.count('a', 'synced');
    buffer.count('a', 'waiting');
    buffer.count('b', 'failed');
    expect(activity.added).toEqual([]);
    await buffer.flush();
    expect(activity.added).toEqual([
      { instanceId: 'a', counts: { synced: 2, waiting: 1 } },
      { instanceId: 'b', counts: { failed: 1 } },
    ]);
    await buffer.flush();
    expect(activity.added).toHaveLength(2);
  });

  it('writes the counts within its interval without a flush', async () => {
    const activity = recordingActivity();
    const buffer = bufferActivity(activity, 20);
    buffer.count('a', 'synced');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(activity.added).toEqual([{ instanceId: 'a', counts: { synced: 1 } }]);
  });

  it('keeps the counts whose write failed for the next flush', async () => {
    const activity = recordingActivity();
    const buffer = bufferActivity(activity, 60_000);
    buffer.count('a', 'synced');
    activity.failOnce();
    await buffer.flush();
    expect(activity.added).toEqual([]);
    buffer.count('a', 'synced');
    await buffer.flush();
    expect(activity.added).toEqual([{ instanceId: 'a', counts: { synced: 2 } }]);
  });
});
