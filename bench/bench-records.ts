// The BSS account every benchmark pushes: the same shape (a billing address with a state name to look up, a
// type and a currency to map) so the suites' figures compare.

export const benchStates = [
  'Florida',
  'Texas',
  'California',
  'New York',
  'Ohio',
  'Georgia',
  'Washington',
  'Nevada',
];

/** Bench account number `n` with the id `id`. */
export function benchAccount(id: string, n: number): Record<string, unknown> {
  return {
    id,
    code: `C-${n}`,
    name: `Bench Account ${n}`,
    type: { id: 'customer' },
    currency: { id: 'USD' },
    phone: `+1 813 555 ${String(n % 10_000).padStart(4, '0')}`,
    addresses: [
      {
        address1: `${n} Main Street`,
        city: 'Springfield',
        postCode: String(10_000 + (n % 89_999)),
        stateName: benchStates[n % benchStates.length],
        countryName: 'United States',
        isBilling: true,
      },
    ],
  };
}

/** N bench accounts with `contactsPerAccount` contacts each, keyed `<entity>/<id>` as the in-memory record reader reads them. */
export function benchRecords(
  accountCount: number,
  contactsPerAccount: number,
): { records: Map<string, Record<string, unknown>>; accountIds: string[]; contactIds: string[] } {
  const records = new Map<string, Record<string, unknown>>();
  const accountIds: string[] = [];
  const contactIds: string[] = [];
  for (let n = 1; n <= accountCount; n += 1) {
    const id = `BA-${String(n).padStart(6, '0')}`;
    accountIds.push(id);
    records.set(`accounts/${id}`, benchAccount(id, n));
    for (let c = 1; c <= contactsPerAccount; c += 1) {
      const contactId = `${id}-C${c}`;
      contactIds.push(contactId);
      records.set(`contacts/${contactId}`, {
        id: contactId,
        firstName: `First${c}`,
        lastName: `Last${n}`,
        account: { id },
        email: `contact${c}.${n}@bench.example`,
        phone: `+1 727 555 ${String(n % 10_000).padStart(4, '0')}`,
      });
    }
  }
  return { records, accountIds, contactIds };
}
