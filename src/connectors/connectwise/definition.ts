import { fileURLToPath } from 'node:url';
import { loadConnectorDefinition, type CompiledConnector } from '../../engine/index.js';

/** The ConnectWise connector's definition, kept as data: `connectors/connectwise/` (connector.yaml, modules/). */
export const connectwiseDefinitionDirectory = fileURLToPath(
  new URL('../../../connectors/connectwise/', import.meta.url),
);

/** Loads, validates and compiles the ConnectWise connector's definition (another directory in tests). */
export function loadConnectWiseDefinition(
  directory = connectwiseDefinitionDirectory,
): Promise<CompiledConnector> {
  return loadConnectorDefinition(directory);
}
