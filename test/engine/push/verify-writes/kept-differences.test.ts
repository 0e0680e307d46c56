// What counts as "kept differently" when a write's answer is compared with what was sent: ConnectWise's own
// representation (references decorated with names, custom fields of the whole screen, dates as date-times) is not
// a difference; a truncated text, a reference to another record, a custom field's other value, a dropped item are.
import { describe, expect, it } from 'vitest';
import { keptDifferences } from '../../../../src/engine/index.js';

describe('keptDifferences', () => {
  it('takes ConnectWise’s decorated answer for what was sent', () => {
    const sent = {
      name: 'Northwind',
      status: { id: 1 },
      orderDate: '2026-03-01',
      dueDate: '2026-03-31T00:00:00Z',
      quantity: 12,
      price: '22.50',
      leadFlag: false,
      notes: '',
      customFields: [{ id: 4, value: 'SUB-1' }],
      communicationItems: [{ type: { id: 1 }, value: 'ann@example.com', defaultFlag: true }],
    };
    const answer = {
      id: 7,
      name: 'Northwind',
      status: { id: 1, name: 'Active', _info: { status_href: 'x' } },
      orderDate: '2026-03-01T00:00:00Z',
      dueDate: '2026-03-31T00:00:00Z',
      quantity: 12.0,
      price: 22.5,
      customFields: [
        { id: 3, caption: 'Region', value: null },
        { id: 4, caption: 'Subscription ID', type: 'Text', value: 'SUB-1' },
      ],
      communicationItems: [
        { id: 90, type: { id: 2, name: 'Phone' }, value: '555', defaultFlag: true },
        { id: 91, type: { id: 1, name: 'Email' }, value: 'ann@example.com', defaultFlag: true },
      ],
      _info: { lastUpdated: '2026-03-01T10:00:00Z' },
    };
    expect(keptDifferences(sent, answer)).toEqual([]);
  });

  it('names each field kept otherwise, where inside it, with the value sent and the value kept', () => {
    const sent = {
      name: 'Contoso Holdings International',
      status: { id: 1 },
      customFields: [{ id: 4, value: 'SUB-1' }],
      orderDate: '2026-03-01',
      communicationItems: [{ type: { id: 1 }, value: 'ann@example.com' }],
      phoneNumber: '555-0100',
      site: null,
    };
    const answer = {
      id: 7,
      name: 'Contoso Ho',
      status: { id: 2, name: 'Inactive' },
      customFields: [{ id: 4, caption: 'Subscription ID', value: 'SUB-9' }],
      orderDate: '2026-03-02T00:00:00Z',
      communicationItems: [],
      site: { id: 3, name: 'Main' },
    };
    expect(keptDifferences(sent, answer)).toEqual([
      { field: 'name', path: 'name', sent: 'Contoso Holdings International', kept: 'Contoso Ho' },
      { field: 'status', path: 'status.id', sent: 1, kept: 2 },
      { field: 'customFields', path: 'customFields[id=4].value', sent: 'SUB-1', kept: 'SUB-9' },
      { field: 'orderDate', path: 'orderDate', sent: '2026-03-01', kept: '2026-03-02T00:00:00Z' },
      {
        field: 'communicationItems',
        path: 'communicationItems',
        sent: { type: { id: 1 }, value: 'ann@example.com' },
        kept: [],
      },
      // ignored: sent, not kept
      { field: 'phoneNumber', path: 'phoneNumber', sent: '555-0100', kept: null },
      // defaulted: removed, but ConnectWise holds one
      { field: 'site', path: 'site', sent: null, kept: { id: 3, name: 'Main' } },
    ]);
  });

  it('compares text exactly: case and spaces count', () => {
    expect(keptDifferences({ name: 'Acme ' }, { name: 'Acme' })).toHaveLength(1);
    expect(keptDifferences({ name: 'acme' }, { name: 'Acme' })).toHaveLength(1);
  });
});
