// Writes docs/connectwise-connector.md from the connector definition (npm run docs:connector).
import { writeFile } from 'node:fs/promises';
import { renderConnectorDocs } from '../src/engine/index.js';
import { loadConnectWiseDefinition } from '../src/connectors/connectwise/index.js';

const { definition } = await loadConnectWiseDefinition();
const target = new URL('../docs/connectwise-connector.md', import.meta.url);
await writeFile(target, renderConnectorDocs(definition));
console.log('wrote docs/connectwise-connector.md');
