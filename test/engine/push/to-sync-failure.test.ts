import { describe, expect, it } from 'vitest';
import { BssWriteError, toSyncFailure } from '../../../src/engine/index.js';

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

  it('labels a refusal of the BSS as the BSS, never as ConnectWise; a version conflict may pass on a new look', () => {
    expect(toSyncFailure(new BssWriteError('duplicate', 'accounts A-1 already exists'))).toEqual({
      message: 'the BSS refused the write: accounts A-1 already exists',
      retryable: false,
    });
    expect(toSyncFailure(new BssWriteError('version-conflict', 'accounts A-1 changed'))).toMatchObject({
      retryable: true,
    });
    // a status without ConnectWise's verdict is some other side's answer
    const storeLike = Object.assign(new Error('accounts A-1 already exists'), { status: 409 });
    expect(toSyncFailure(storeLike)).toEqual({ message: 'accounts A-1 already exists', retryable: false });
  });
});
