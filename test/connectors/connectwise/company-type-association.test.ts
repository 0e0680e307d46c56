// The companyTypeAssociation post-synchronization action as resumable steps, over an in-memory ConnectWise: a
// type change associates the new type, then removes the old one; a retry after a failure between the two
// finds the new association (no second POST) and finishes the removal.
import { describe, expect, it } from 'vitest';
import {
  createConnectWiseActionRegistry,
  indexReferenceData,
} from '../../../src/connectors/connectwise/index.js';
import type { ConnectWiseGateway, ConnectWiseRecord, PostSyncAction } from '../../../src/engine/index.js';

const companyId = 42;
const associations = `company/companies/${companyId}/typeAssociations`;
const customer = 1;
const partner = 2;

/** A company's type associations in memory, with the calls made to them and removes that fail on demand. */
function typeAssociations(typeIds: number[]) {
  let nextId = 100;
  const held: ConnectWiseRecord[] = typeIds.map((id) => ({ id: nextId++, type: { id } }));
  const calls: string[] = [];
  const failing = { removes: 0 };
  const gateway: ConnectWiseGateway = {
    async findMatching(resource, conditions) {
      expect(resource).toBe(associations);
      calls.push(`GET type ${String(conditions[0]!.value)}`);
      return held.filter((row) => (row.type as { id: number }).id === conditions[0]!.value);
    },
    async create(resource, body) {
      expect(resource).toBe(associations);
      calls.push(`POST type ${(body.type as { id: number }).id}`);
      const row = { id: nextId++, ...body };
      held.push(row);
      return row;
    },
    update: () => Promise.reject(new Error('a type association is never patched')),
    async remove(resource, id) {
      calls.push(`DELETE ${id}`);
      if (failing.removes > 0) {
        failing.removes -= 1;
        throw new Error('ConnectWise answered 503');
      }
      held.splice(
        held.findIndex((row) => row.id === id),
        1,
      );
    },
  };
  const types = () => held.map((row) => (row.type as { id: number }).id).sort();
  return { gateway, calls, failing, types };
}

const registry = createConnectWiseActionRegistry({
  reference: () => indexReferenceData({ countries: [], states: [], communicationTypes: [] }),
});
const action = registry.get('companyTypeAssociation');
if (action?.phase !== 'postSync') throw new Error('companyTypeAssociation is a postSync action');
const companyTypeAssociation: PostSyncAction = action.run;

const changeType = (gateway: ConnectWiseGateway, from: number, to: number) =>
  companyTypeAssociation(
    { typeId: to },
    { gateway, connectwiseId: companyId, existing: { types: [{ id: from }] } },
    'types',
  );

describe('companyTypeAssociation', () => {
  it('associates the new type, then removes the one cwsync set before, and answers the types now held', async () => {
    const tenant = typeAssociations([customer]);
    expect(await changeType(tenant.gateway, customer, partner)).toEqual({ types: [{ id: partner }] });
    expect(tenant.types()).toEqual([partner]);
    expect(tenant.calls).toEqual([
      `GET type ${partner}`,
      `POST type ${partner}`,
      `GET type ${customer}`,
      'DELETE 100',
    ]);
  });

  it('resumes after the removal failed: the new association is found, not made again, and the old one goes', async () => {
    const tenant = typeAssociations([customer]);
    tenant.failing.removes = 1;
    await expect(changeType(tenant.gateway, customer, partner)).rejects.toThrow('ConnectWise answered 503');
    expect(tenant.types()).toEqual([customer, partner]);
    tenant.calls.length = 0;
    // The link still says customer (the failed push saved nothing): the retry makes the same change.
    expect(await changeType(tenant.gateway, customer, partner)).toEqual({ types: [{ id: partner }] });
    expect(tenant.types()).toEqual([partner]);
    expect(tenant.calls).toEqual([`GET type ${partner}`, `GET type ${customer}`, 'DELETE 100']);
  });
});
