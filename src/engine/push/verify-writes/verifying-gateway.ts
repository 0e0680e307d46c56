import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConnectWiseGateway } from '../../ports.js';
import { keptDifferences, type WriteDifference } from './kept-differences.js';

/** The differences of the push under way (each push collects its own, however many run at once). */
const collecting = new AsyncLocalStorage<WriteDifference[]>();

/**
 * A gateway that compares every answer to a write with what was written, at no extra call: a POST's body, or a
 * PATCH's operations (a field replaced must be held as sent, a field removed must be held as nothing). What
 * ConnectWise kept differently goes to the differences being collected (see collectDifferences); the write
 * itself goes on as before.
 */
export function verifyingGateway(gateway: ConnectWiseGateway): ConnectWiseGateway {
  const note = (resource: string, sent: Record<string, unknown>, answer: Record<string, unknown>) => {
    const differences = collecting.getStore();
    if (!differences) return;
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

/** Runs `work` and answers what the verifying gateways it wrote through found ConnectWise kept differently. */
export async function collectDifferences<T>(
  work: () => Promise<T>,
): Promise<{ result: T; differences: WriteDifference[] }> {
  const differences: WriteDifference[] = [];
  const result = await collecting.run(differences, work);
  return { result, differences };
}
