import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadConnectorDefinition } from '../../src/engine/definition/load-definition.js';
import { renderConnectorDocs } from '../../src/engine/definition/render-connector-docs.js';

describe('docs/connectwise-connector.md', () => {
  it('is current with the connector definition (run `npm run docs:connector` after changing it)', async () => {
    const { definition } = await loadConnectorDefinition();
    const checkedIn = await readFile(new URL('../../docs/connectwise-connector.md', import.meta.url), 'utf8');
    expect(checkedIn).toBe(renderConnectorDocs(definition));
  });

  it('shows every documented Account → Company row', async () => {
    const { definition } = await loadConnectorDefinition();
    const page = renderConnectorDocs(definition);
    for (const row of [
      '| Id | identifier |',
      '| ParentAccount.IntegrationId | parentCompany |',
      '| IntegrationId | billToCompany |',
      '| Currency.IntegrationId | currency |',
      '| Code | accountNumber |',
    ]) {
      expect(page).toContain(row);
    }
  });
});
