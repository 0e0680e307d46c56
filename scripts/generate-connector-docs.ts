// Writes docs/connectwise-connector.md from the connector definition (npm run docs:connector).
import { writeFile } from 'node:fs/promises';
import { loadConnectorDefinition } from '../src/engine/definition/load-definition.js';
import { renderConnectorDocs } from '../src/engine/definition/render-connector-docs.js';

const { definition } = await loadConnectorDefinition();
const target = new URL('../docs/connectwise-connector.md', import.meta.url);
await writeFile(target, renderConnectorDocs(definition));
console.log('wrote docs/connectwise-connector.md');
