import {
  type ActionRegistry,
  type ConnectorAction,
  DefinitionError,
  keepLinesInStepAction,
} from '../../../engine/index.js';
import { actionCatalog, type ActionContext } from './catalog.js';
import { companyTypeAssociation } from './company-type-association.js';
import { createConnectWiseActions } from './connectwise-actions.js';
import type { ReferenceIndex } from './reference-data.js';

export interface ConnectWiseActionOptions {
  /** ConnectWise's countries, states and communication types as last read (the caller refreshes them by age) */
  reference: () => ReferenceIndex;
  /** the BSS side's lookup values, for pull actions */
  bss?: ActionContext['bss'];
}

/**
 * The ConnectWise connector's actions, every name its definition uses in one registry handed to the engine:
 * pure ones over reference data read once per run, ones that read or write ConnectWise through the push's
 * gateway (their finds kept by this registry, so make one per instance runtime), and the post-synchronization
 * writes (a company's type associations, an order's or invoice's lines).
 */
export function createConnectWiseActionRegistry(options: ConnectWiseActionOptions): ActionRegistry {
  const registry = new Map<string, ConnectorAction>();
  for (const [name, run] of Object.entries(actionCatalog)) {
    registry.set(name, {
      phase: 'preSync',
      run: (input) => run(input, { reference: options.reference(), bss: options.bss }),
    });
  }
  for (const [name, run] of Object.entries(createConnectWiseActions())) {
    registry.set(name, {
      phase: 'preSync',
      run: (input, { gateway }) => {
        if (!gateway)
          throw new DefinitionError(`preSync ${name}`, 'reads ConnectWise, so only a push can use it');
        return run(input, gateway);
      },
    });
  }
  registry.set('companyTypeAssociation', { phase: 'postSync', run: companyTypeAssociation });
  registry.set('keepLinesInStep', keepLinesInStepAction);
  return registry;
}
