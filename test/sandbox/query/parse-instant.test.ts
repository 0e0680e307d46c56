import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../../src/sandbox/query/parse-instant.js';

describe('parseInstant', () => {
  it.each([
    '2026-01-01',
    '2026-01-01T00:00:00Z',
    '2026-01-01T10:20:30.123456Z',
    '2026-01-01T10:20Z',
    '2026-01-01T10:20:30+02:00',
    '2026-01-01T10:20:30-01:30',
    '2024-02-29T23:59:59.999Z',
    '1999-12-31T23:59:59.5z',
  ])('reads %s as Date.parse does', (text) => {
    expect(parseInstant(text)).toBe(Date.parse(text.replace(/z$/, 'Z')));
  });

  it('reads a datetime without a zone as UTC, and offsets without a colon', () => {
    expect(parseInstant('2026-01-01T10:20:30')).toBe(Date.UTC(2026, 0, 1, 10, 20, 30));
    expect(parseInstant('2026-01-01 10:20:30')).toBe(Date.UTC(2026, 0, 1, 10, 20, 30));
    expect(parseInstant('2026-01-01T10:20:30-0130')).toBe(Date.UTC(2026, 0, 1, 11, 50, 30));
  });

  it('reads years before 100 as themselves', () => {
    expect(new Date(parseInstant('0050-03-01T00:00:00Z')).toISOString()).toBe('0050-03-01T00:00:00.000Z');
  });

  it.each([
    '',
    '2026',
    '20260101',
    '2026-1-01',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2023-02-29',
    '2026-01-01T',
    '2026-01-01T10',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-01T10:20:61Z',
    '2026-01-01T10:20:30.Z',
    '2026-01-01T10:20:30.1234567890Z',
    '2026-01-01T10:20:30ZZ',
    '2026-01-01T10:20:30+15:00',
    '2026-01-01T10:20:30+02',
    'tomorrow',
    ' 2026-01-01',
  ])('rejects %j', (text) => {
    expect(parseInstant(text)).toBeNaN();
  });
});
