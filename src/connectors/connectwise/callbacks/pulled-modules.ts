import type { ConnectorDefinition } from '../../../engine/index.js';
import { effectiveSyncOptions } from '../../../instances/index.js';

export interface PulledModule {
  module: string;
  /** the ConnectWise callback type of the module's records, e.g. `company` */
  callbackType: string;
}

/**
 * The modules an instance takes from ConnectWise (a pull mapping, pull create or update switched on) whose
 * records ConnectWise can announce by callback.
 */
export function callbackModulesOf(
  definition: ConnectorDefinition,
  syncOptions: Record<string, boolean>,
): PulledModule[] {
  const options = effectiveSyncOptions(definition, syncOptions);
  const modules: PulledModule[] = [];
  for (const [module, moduleDefinition] of Object.entries(definition.modules)) {
    const callbackType = moduleDefinition.connectwise.callbackType;
    const abilities = options[module];
    if (!callbackType || !moduleDefinition.pull || !abilities) continue;
    if (abilities['pull.create'] || abilities['pull.update']) modules.push({ module, callbackType });
  }
  return modules;
}
