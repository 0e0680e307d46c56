import { describe, expect, it } from 'vitest';
import { jobsClaimedAhead } from '../../src/cli/commands/worker.js';

describe('cwsync worker: jobs claimed ahead', () => {
  it('are half the concurrency again when the ConnectWise call slots are no more than the jobs', () => {
    expect(jobsClaimedAhead(16, 16)).toBe(8);
    expect(jobsClaimedAhead(8, 8)).toBe(4);
    expect(jobsClaimedAhead(9, 9)).toBe(5);
    expect(jobsClaimedAhead(24, 16)).toBe(12);
  });

  it('are none where more call slots than jobs leave no call waiting for a job', () => {
    expect(jobsClaimedAhead(4, 8)).toBe(0); // --concurrency 4: the client's least, 8 call slots
    expect(jobsClaimedAhead(16, 32)).toBe(0);
  });
});
