import { describe, expect, it } from 'vitest';
import { jobKeyOf, parseJobSpec } from '../../src/jobs/job-queue.js';
import { nextFireTime } from '../../src/jobs/next-fire-time.js';

describe('nextFireTime', () => {
  const from = new Date('2026-11-25T19:02:30.000Z');
  it('adds an interval in milliseconds', () => {
    expect(nextFireTime(5000, from).toISOString()).toBe('2026-11-25T19:02:35.000Z');
  });
  it('finds the next minute matching a cron expression (UTC)', () => {
    expect(nextFireTime('*/5 * * * *', from).toISOString()).toBe('2026-11-25T19:05:00.000Z');
    expect(nextFireTime('0 3 * * *', from).toISOString()).toBe('2026-11-26T03:00:00.000Z');
    expect(nextFireTime('30 2 * * 1-5', from).toISOString()).toBe('2026-11-26T02:30:00.000Z');
    expect(nextFireTime('0 0 1 1 *', from).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
  it('names the field and the rule of a bad expression', () => {
    expect(() => nextFireTime('61 * * * *', from)).toThrow(/minute field "61"/);
    expect(() => nextFireTime('* * *', from)).toThrow(/5 fields/);
    expect(() => nextFireTime(0, from)).toThrow(/every/);
  });
});

describe('job keys and specs', () => {
  it('keeps keys apart whatever the ids contain', () => {
    const a = jobKeyOf({ kind: 'push', instanceId: 'i:1', module: 'm', recordId: 'r' });
    const b = jobKeyOf({ kind: 'push', instanceId: 'i', module: '1:m', recordId: 'r' });
    expect(a).not.toBe(b);
  });
  it('names the field of an invalid job', () => {
    expect(() => parseJobSpec({ kind: 'push', instanceId: '', module: 'm', recordId: 'r' })).toThrow(
      /instanceId/,
    );
  });
});
