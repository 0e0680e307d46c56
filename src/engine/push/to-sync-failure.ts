import { ActionError } from '../actions/action-error.js';
import { BssWriteError } from '../bss-write-error.js';
import { DefinitionError } from '../definition/compile-expression.js';
import type { SyncFailure } from './push-outcome.js';

interface ConnectWiseErrorShape {
  status?: number;
  code?: string;
  errors?: Array<{ code?: string; message?: string; field?: string }>;
  retryable?: boolean;
  describe?: () => string;
}

/** Turns whatever a push threw into the report's terms: the field, a message a person can act on, retryable. */
export function toSyncFailure(error: unknown): SyncFailure {
  if (error instanceof ActionError) return { field: error.field, message: error.message, retryable: false };
  if (error instanceof DefinitionError) return { message: error.message, retryable: false };
  if (error instanceof BssWriteError) {
    // A version conflict is a write that raced another; read again and it may go through.
    return {
      ...(error.field !== undefined ? { field: error.field } : {}),
      message: error.message,
      retryable: error.refusal === 'version-conflict',
    };
  }
  const shape = (error ?? {}) as ConnectWiseErrorShape & Error;
  // Only ConnectWise's own errors carry a verdict (`retryable`): a status alone may be any side's.
  if (typeof shape.retryable === 'boolean') {
    const firstField = shape.errors?.find((item) => item.field)?.field;
    return {
      field: firstField,
      message: typeof shape.describe === 'function' ? shape.describe() : shape.message,
      connectwise:
        shape.status !== undefined
          ? { status: shape.status, code: shape.code, errors: shape.errors }
          : undefined,
      retryable: shape.retryable ?? false,
    };
  }
  if (typeof shape.status === 'number') return { message: shape.message, retryable: false };
  // A programming error fails the same way every time: retrying it only hides it behind backoff.
  if (isProgrammingError(error)) return { message: `internal error: ${error.message}`, retryable: false };
  // Anything else (the database busy or briefly gone, a connection reset) may pass.
  return { message: shape.message ?? String(error), retryable: true };
}

function isProgrammingError(error: unknown): error is Error {
  return (
    error instanceof TypeError ||
    error instanceof ReferenceError ||
    error instanceof RangeError ||
    error instanceof SyntaxError
  );
}
