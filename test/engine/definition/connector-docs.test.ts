import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderConnectorDocs } from '../../../src/engine/index.js';
import { loadConnectWiseDefinition } from '../../../src/connectors/connectwise/index.js';

describe('docs/connectwise-connector.md', () => {
  it('is current with the connector definition (run `npm run docs:connector` after changing it)', async () => {
    const { definition } = await loadConnectWiseDefinition();
    const checkedIn = await readFile(
      new URL('../../../docs/connectwise-connector.md', import.meta.url),
      'utf8',
    );
    expect(checkedIn).toBe(renderConnectorDocs(definition));
  });

  it('shows every documented Account → Company row', async () => {
    const { definition } = await loadConnectWiseDefinition();
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
