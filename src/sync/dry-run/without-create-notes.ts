import type { PushContext } from '../../engine/index.js';

/**
 * The push's ports without its create notes: a dry run or a preview creates nothing, so it must neither note a
 * create in the database nor settle one — settling writes the create's link through the real link repository,
 * past the links the preview keeps in memory.
 */
export function withoutCreateNotes<Context extends PushContext>(context: Context): Context {
  const ports = { ...context };
  delete ports.createAttempts;
  return ports;
}
