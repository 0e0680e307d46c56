import type { ConnectWiseGateway } from '../../ports.js';
import { keptDifferences, type WriteDifference } from './kept-differences.js';

/**
 * A gateway that compares every answer to a write with what was written, at no extra call: a POST's body, or a
 * PATCH's operations (a field replaced must be held as sent, a field removed must be held as nothing). What
 * ConnectWise kept differently is added to `differences` (one push's: the gateway is made per push, so pushes
 * running at once never share it — no AsyncLocalStorage, whose promise hooks would slow every promise of the
 * process); the write itself goes on as before.
 */
export function verifyingGateway(
  gateway: ConnectWiseGateway,
  differences: WriteDifference[],
): ConnectWiseGateway {
  const note = (resource: string, sent: Record<string, unknown>, answer: Record<string, unknown>) => {
    const connectwiseId = typeof answer.id === 'number' ? answer.id : 0;
    for (const difference of keptDifferences(sent, answer)) {
      differences.push({ resource, connectwiseId, ...difference });
    }
  };
  const wrapped: ConnectWiseGateway = {
    ...gateway,
    async create(resource, body) {
      const created = await gateway.create(resource, body);
      note(resource, body, created);
      return created;
    },
    async update(resource, id, changes) {
      const updated = await gateway.update(resource, id, changes);
      const removed = Object.fromEntries(changes.unset.map((field) => [field, null]));
      note(resource, { ...changes.set, ...removed }, updated);
      return updated;
    },
  };
  // A PUT (the fallback after a refused PATCH) is verified like a POST: the whole body sent against the answer.
  const replace = gateway.replace?.bind(gateway);
  if (replace) {
    wrapped.replace = async (resource, id, body) => {
      const replaced = await replace(resource, id, body);
      note(resource, body, replaced);
      return replaced;
    };
  }
  // Made afresh per push: nothing is cached by gateway (what actions find is kept by their registry).
  return wrapped;
}
