import { describe, expect, it } from 'vitest';
import { isRefusalOfStoredData } from '../../../src/engine/index.js';

const changes = { set: { dateAcquired: 'not a date', name: 'Acme' }, unset: [] };

describe('which PATCH refusals fall back to a PUT', () => {
  it("qualifies ConnectWise's DateTime refusal that names no field cwsync sent", () => {
    const refusal = {
      status: 400,
      serverMessage: 'String was not recognized as a valid DateTime.',
      errors: [],
    };
    expect(isRefusalOfStoredData(refusal, changes)).toBe(true);
  });

  it('never qualifies the same text when it names a field cwsync sent: that value is cwsync’s to fix', () => {
    const refusal = {
      status: 400,
      serverMessage: 'company object is invalid',
      errors: [{ field: 'dateAcquired', message: 'String was not recognized as a valid DateTime.' }],
    };
    expect(isRefusalOfStoredData(refusal, changes)).toBe(false);
  });

  it('never qualifies another 400, a 500, or a field validation error', () => {
    expect(isRefusalOfStoredData({ status: 400, serverMessage: 'company object is invalid' }, changes)).toBe(
      false,
    );
    expect(
      isRefusalOfStoredData(
        { status: 500, serverMessage: 'String was not recognized as a valid DateTime.' },
        changes,
      ),
    ).toBe(false);
  });
});
