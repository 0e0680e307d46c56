import { describe, expect, it } from 'vitest';
import { parseLinkHeader, readNextPosition } from '../../src/connectwise/paging.js';

describe('Link header', () => {
  it('reads ConnectWise navigable links', () => {
    const links = parseLinkHeader(
      '<https://api-na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=2&page=2>; rel="next", <https://api-na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=2&page=9>; rel="last"',
    );
    expect([...links.keys()]).toEqual(['next', 'last']);
    expect(readNextPosition(links)).toEqual({ page: 2 });
  });

  it('reads forward-only links with pageId', () => {
    const links = parseLinkHeader(
      '<https://x.example/v4_6_release/apis/3.0/company/contacts?conditions=name%20like%20%22a%2C%20b%22&pageSize=1000&pageId=4711>; rel="next"',
    );
    expect(readNextPosition(links)).toEqual({ pageId: 4711 });
  });

  it('sees the last page: no next link', () => {
    const links = parseLinkHeader(
      '<https://x.example/a?page=1>; rel="first", <https://x.example/a?page=2>; rel="prev"',
    );
    expect(readNextPosition(links)).toBeUndefined();
    expect(readNextPosition(parseLinkHeader(undefined))).toBeUndefined();
    expect(readNextPosition(parseLinkHeader(''))).toBeUndefined();
  });

  it('accepts unquoted rel values and several header lines', () => {
    const links = parseLinkHeader([
      '<https://x.example/a?PageId=5>; rel=next',
      '<https://x.example/a?page=1>; rel=first',
    ]);
    expect(readNextPosition(links)).toEqual({ pageId: 5 });
    expect(links.get('first')).toBe('https://x.example/a?page=1');
  });
});
