// Which side moved, field by field, from the link's snapshot: the push's own test for the BSS side, ConnectWise's
// decorations never a difference, create-only fields left out.
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyDrift } from '../../src/reconcile/index.js';
import { type CompiledModule, type SyncLink } from '../../src/engine/index.js';

describe('classifyDrift', () => {
  let accounts: CompiledModule;
  beforeAll(async () => {
    accounts = (await loadConnectWiseDefinition()).modules.get('accounts')!;
  });
  const link = (pushedBody: Record<string, unknown>): SyncLink => ({
    instanceId: 'i',
    module: 'accounts',
    recordId: 'A-1',
    connectwiseId: 7,
    pushedBody,
  });
  const synced = { identifier: 'A-1', name: 'Acme', phoneNumber: '1', currency: { id: 1 } };

  it('finds nothing when ConnectWise holds the mapped values, decorated or not, and skips create-only fields', () => {
    const held = { ...synced, id: 7, currency: { id: 1, name: 'US Dollar', _info: {} }, status: { id: 9 } };
    expect(classifyDrift(accounts, { ...synced, status: { id: 1 } }, held, link(synced))).toEqual([]);
  });

  it('tells the BSS side, the ConnectWise side and both apart', () => {
    const mapped = { ...synced, name: 'Acme BSS', phoneNumber: '1', website: 'bss.example' };
    const held = { ...synced, id: 7, phoneNumber: '2', website: 'cw.example' };
    expect(classifyDrift(accounts, mapped, held, link(synced))).toEqual([
      { field: 'name', kind: 'bss', bss: 'Acme BSS', connectwise: 'Acme', lastSynced: 'Acme' },
      { field: 'phoneNumber', kind: 'connectwise', bss: '1', connectwise: '2', lastSynced: '1' },
      { field: 'website', kind: 'both', bss: 'bss.example', connectwise: 'cw.example', lastSynced: null },
    ]);
  });
});
