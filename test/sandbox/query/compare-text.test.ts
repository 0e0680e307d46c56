import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../../src/sandbox/query/compare-values.js';

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

describe('compareText', () => {
  it('orders letters, digits and spaces as the case-insensitive collator does, trailing spaces aside', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abcxyzABCXYZ0129 '), maxLength: 8 });
    const untrailed = (text: string) => text.replace(/ +$/, '');
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(Math.sign(compareText(a, b))).toBe(Math.sign(collator.compare(untrailed(a), untrailed(b))));
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores case but not accents, and sorts accented letters near their base letter', () => {
    expect(compareText('ACME', 'acme')).toBe(0);
    expect(compareText('apple', 'Banana')).toBeLessThan(0);
    expect(compareText('école', 'ecole')).not.toBe(0);
    expect(compareText('école', 'zebra')).toBeLessThan(0);
  });

  // SQL Server pads the shorter text with spaces before comparing (ANSI padding): docs/connectwise-tenant-rules.md
  it('ignores trailing spaces, as SQL Server compares text, but not leading ones', () => {
    expect(compareText('ACME  ', 'acme')).toBe(0);
    expect(compareText(' acme', 'acme')).not.toBe(0);
  });
});
