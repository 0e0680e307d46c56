import { describe, expect, it } from 'vitest';
import { toSyncFailure } from '../../src/engine/push/to-sync-failure.js';

describe('toSyncFailure', () => {
  it('does not retry a programming error: it would fail the same way every time', () => {
    const failure = toSyncFailure(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(failure).toEqual({
      message: "internal error: Cannot read properties of undefined (reading 'id')",
      retryable: false,
    });
  });

  it('retries an unknown error that may pass (the database busy, a connection reset)', () => {
    expect(toSyncFailure(new Error('SQLITE_BUSY: database is locked'))).toEqual({
      message: 'SQLITE_BUSY: database is locked',
      retryable: true,
    });
  });

  it("keeps ConnectWise's own verdict and message", () => {
    const error = Object.assign(new Error('conflict'), {
      status: 400,
      code: 'InvalidObject',
      retryable: false,
      errors: [{ code: 'InvalidField', message: 'name is too long', field: 'name' }],
    });
    expect(toSyncFailure(error)).toMatchObject({
      field: 'name',
      retryable: false,
      connectwise: { status: 400 },
    });
  });
});
