// The BSS account every benchmark pushes: the same shape (a billing address with a state name to look up, a
// type and a currency to map) so the suites' figures compare.

const states = ['Florida', 'Texas', 'California', 'New York', 'Ohio', 'Georgia', 'Washington', 'Nevada'];

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
        stateName: states[n % states.length],
        countryName: 'United States',
        isBilling: true,
      },
    ],
  };
}
