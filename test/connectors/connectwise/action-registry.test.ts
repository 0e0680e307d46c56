// The ConnectWise connector's one action registry: every action its definition names is in it, in the phase the
// definition uses it in, and the engine refuses a name the registry does not have.
import { describe, expect, it } from 'vitest';
import {
  createConnectWiseActionRegistry,
  indexReferenceData,
  loadConnectWiseDefinition,
} from '../../../src/connectors/connectwise/index.js';
import { unknownActions, runPreSyncActions } from '../../../src/engine/index.js';

const reference = indexReferenceData({ countries: [], states: [], communicationTypes: [] });

describe('the ConnectWise action registry', () => {
  it('has every action the definition uses, in its phase', async () => {
    const connector = await loadConnectWiseDefinition();
    const registry = createConnectWiseActionRegistry({ reference: () => reference });
    const used = new Set<string>();
    for (const module of connector.modules.values()) {
      for (const direction of [module.push, module.pull]) {
        for (const action of [...(direction?.preSync ?? []), ...(direction?.postSync ?? [])]) {
          used.add(action.action);
        }
      }
    }
    expect(used.size).toBe(11);
    expect(unknownActions(connector.modules.values(), registry)).toEqual([]);
    expect([...registry.keys()].sort()).toEqual([...used].sort());
  });

  it('names an action used in the wrong phase, and the engine refuses a name it does not have', async () => {
    const registry = createConnectWiseActionRegistry({ reference: () => reference });
    const compiled = (action: string) => ({
      action,
      as: 'x',
      onCreate: false,
      input: { source: '{}', evaluate: async () => ({}) },
    });
    const module = { name: 'm', push: { preSync: [compiled('keepLinesInStep')], postSync: [] } };
    expect(unknownActions([module], registry)).toEqual(['m: preSync keepLinesInStep']);
    await expect(runPreSyncActions([compiled('nonesuch')] as never, { pre: {} }, registry)).rejects.toThrow(
      /unknown action "nonesuch"/,
    );
  });

  it('an action that reads ConnectWise cannot run without the push gateway', () => {
    const registry = createConnectWiseActionRegistry({ reference: () => reference });
    const action = registry.get('customFieldsByCaption');
    if (action?.phase !== 'preSync') throw new Error('customFieldsByCaption is a pre-synchronization action');
    expect(() => action.run({ values: { a: 1 } }, {})).toThrow(/only a push/);
  });
});
