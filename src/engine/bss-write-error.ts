/** Why the BSS refused a write the engine asked for through its `RecordWriter`. */
export type BssWriteRefusal = 'duplicate' | 'version-conflict' | 'refused';

/**
 * The BSS — not ConnectWise — refused a write: a record with that id already exists, it changed since it was
 * read, or a rule of the BSS says no. Raised by the `RecordWriter` port so that a failure is always labelled with
 * the side it came from, and a pull can tell a concurrent pull's write (duplicate, version conflict) from a real
 * refusal.
 */
export class BssWriteError extends Error {
  constructor(
    readonly refusal: BssWriteRefusal,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(`the BSS refused the write: ${message}`, options);
    this.name = 'BssWriteError';
  }
}
