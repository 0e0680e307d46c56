import { describe, expect, it } from 'vitest';
import { DefinitionError, hasParentPath, resourcePath } from '../../../src/engine/index.js';

describe('resourcePath', () => {
  it('leaves a top-level resource as it is', () => {
    expect(hasParentPath('procurement/catalog')).toBe(false);
    expect(resourcePath('procurement/catalog', {})).toBe('procurement/catalog');
  });

  it("fills a parent's id from a field of the record, or from a reference's id", () => {
    expect(hasParentPath('finance/agreements/{agreementId}/additions')).toBe(true);
    expect(resourcePath('finance/agreements/{agreementId}/additions', { agreementId: 12 })).toBe(
      'finance/agreements/12/additions',
    );
    expect(resourcePath('finance/invoices/{invoice.id}/payments', { invoice: { id: 7, name: 'x' } })).toBe(
      'finance/invoices/7/payments',
    );
  });

  it('a record without its parent is a definition error naming the field to map', () => {
    const missing = () => resourcePath('finance/agreements/{agreementId}/additions', { quantity: 1 });
    expect(missing).toThrow(DefinitionError);
    expect(missing).toThrow(/no "agreementId" to address its parent with/);
    expect(() => resourcePath('finance/invoices/{invoice.id}/payments', { invoice: {} })).toThrow(
      /invoice\.id/,
    );
  });
});
