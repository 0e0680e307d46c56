import { describe, expect, it } from 'vitest';
import type { CallbackEntry } from '../../../src/sandbox/callbacks/callback-entry.js';
import { matchesCallbackEntry } from '../../../src/sandbox/callbacks/match-callback-entry.js';
import type { ChangeEvent } from '../../../src/sandbox/context.js';

const contact = { id: 7, firstName: 'Ada', company: { id: 3, identifier: 'ACME', name: 'Acme' } };

function entry(overrides: Partial<CallbackEntry> = {}): CallbackEntry {
  return { id: 1, url: 'http://x/cb?id=', objectId: 1, type: 'contact', level: 'owner', ...overrides };
}

function event(overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    resource: 'company/contacts',
    callbackType: 'contact',
    action: 'updated',
    id: 7,
    record: contact,
    memberIdentifier: 'someone',
    ...overrides,
  };
}

describe('callback matching', () => {
  it('sends every record of the type to an owner-level entry, whatever the case of type and level', () => {
    expect(matchesCallbackEntry(entry(), event(), undefined, 'cwsync')).toBe(true);
    expect(
      matchesCallbackEntry(entry({ type: 'Contact', level: 'Owner' }), event(), undefined, 'cwsync'),
    ).toBe(true);
  });

  it('ignores other types and resources without a callback type', () => {
    expect(matchesCallbackEntry(entry({ type: 'company' }), event(), undefined, 'cwsync')).toBe(false);
    expect(matchesCallbackEntry(entry(), event({ callbackType: null }), undefined, 'cwsync')).toBe(false);
  });

  it('skips inactive entries', () => {
    expect(matchesCallbackEntry(entry({ inactiveFlag: true }), event(), undefined, 'cwsync')).toBe(false);
  });

  it('suppresses changes made by the entry’s own member only when isSelfSuppressedFlag is set', () => {
    const own = event({ memberIdentifier: 'cwsync' });
    expect(matchesCallbackEntry(entry({ isSelfSuppressedFlag: true }), own, undefined, 'cwsync')).toBe(false);
    expect(matchesCallbackEntry(entry({ isSelfSuppressedFlag: false }), own, undefined, 'cwsync')).toBe(true);
    expect(matchesCallbackEntry(entry({ isSelfSuppressedFlag: true }), event(), undefined, 'cwsync')).toBe(
      true,
    );
  });

  it('sends contacts of one company to a company-level entry, also on delete from the last known record', () => {
    const companyLevel = entry({ level: 'company', objectId: 3 });
    expect(matchesCallbackEntry(companyLevel, event(), undefined, undefined)).toBe(true);
    expect(
      matchesCallbackEntry(entry({ level: 'company', objectId: 4 }), event(), undefined, undefined),
    ).toBe(false);
    const deleted = event({ action: 'deleted', record: null });
    expect(matchesCallbackEntry(companyLevel, deleted, contact, undefined)).toBe(true);
    expect(matchesCallbackEntry(companyLevel, deleted, undefined, undefined)).toBe(false);
  });

  it('matches a level named after the type to the one record it names', () => {
    expect(
      matchesCallbackEntry(entry({ level: 'contact', objectId: 7 }), event(), undefined, undefined),
    ).toBe(true);
    expect(
      matchesCallbackEntry(entry({ level: 'contact', objectId: 8 }), event(), undefined, undefined),
    ).toBe(false);
  });

  it('matches status and type levels of companies against their references', () => {
    const company = { id: 3, status: { id: 1, name: 'Active' }, types: [{ id: 1 }, { id: 4 }] };
    const companyEvent = event({
      resource: 'company/companies',
      callbackType: 'company',
      id: 3,
      record: company,
    });
    const companyEntry = (level: string, objectId: number) => entry({ type: 'company', level, objectId });
    expect(matchesCallbackEntry(companyEntry('status', 1), companyEvent, undefined, undefined)).toBe(true);
    expect(matchesCallbackEntry(companyEntry('status', 2), companyEvent, undefined, undefined)).toBe(false);
    expect(matchesCallbackEntry(companyEntry('type', 4), companyEvent, undefined, undefined)).toBe(true);
    expect(matchesCallbackEntry(companyEntry('type', 2), companyEvent, undefined, undefined)).toBe(false);
  });
});
