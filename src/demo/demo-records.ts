// The demo's BSS records: deterministic (the same on every machine), varied enough to look like a customer base,
// with a few records that fail for a reason a person can fix from the dashboard or the CLI.

const prefixes = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Adatum',
  'Proseware',
  'Wingtip',
  'Woodgrove',
  'Lucerne',
  'Margie',
  'Humongous',
  'Alpine',
  'Coho',
  'Fourth Coffee',
  'Trey',
  'Wide World',
  'Blue Yonder',
  'Southridge',
  'Graphic Design',
];
const suffixes = [
  'Traders',
  'Systems',
  'Logistics',
  'Health',
  'Partners',
  'Labs',
  'Foods',
  'Media',
  'Energy',
  'Legal',
];
const firstNames = [
  'Ann',
  'Bob',
  'Carla',
  'Dev',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemal',
  'Lena',
];
const lastNames = [
  'Lee',
  'Okafor',
  'Schmidt',
  'Garcia',
  'Nakamura',
  'Rossi',
  'Dubois',
  'Novak',
  'Silva',
  'Moreau',
];
const places = [
  { city: 'Tampa', stateName: 'Florida', postCode: '33602', countryCode: 'US' },
  { city: 'Austin', stateName: 'Texas', postCode: '73301', countryCode: 'US' },
  { city: 'Seattle', stateName: 'Washington', postCode: '98101', countryCode: 'US' },
  { city: 'Columbus', stateName: 'Ohio', postCode: '43004', countryCode: 'US' },
  { city: 'Denver', stateName: 'Colorado', postCode: '80202', countryCode: 'US' },
];
const jobTitles = ['Owner', 'IT Manager', 'Office Manager', 'Finance Director', 'Operations Lead'];

export interface DemoAccount {
  id: string;
  fields: Record<string, unknown>;
  contacts: Array<{ id: string; fields: Record<string, unknown> }>;
}

export interface DemoPlan {
  accounts: DemoAccount[];
  /** accounts that already exist in ConnectWise (same identifier): the first sync links them */
  alreadyInConnectWise: string[];
  /** why the records that will fail fail, and how to fix it */
  failures: DemoFailure[];
}

/** Records that fail (or wait) on purpose, why, and what a person does about it. */
export interface DemoFailure {
  recordIds: string[];
  reason: string;
  fix: string;
}

/** `count` accounts with one to three contacts each; a few reseller accounts (unmapped type), a few without a type. */
export function planDemoRecords(count: number): DemoPlan {
  const accounts: DemoAccount[] = [];
  const resellers: string[] = [];
  const untyped: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = `DEMO-${String(index + 1).padStart(4, '0')}`;
    const name = `${prefixes[index % prefixes.length]} ${suffixes[Math.floor(index / prefixes.length) % suffixes.length]}`;
    const place = places[index % places.length]!;
    const type =
      index % 50 === 7
        ? 'reseller'
        : index % 60 === 11
          ? undefined
          : index % 4 === 0
            ? 'partner'
            : 'customer';
    if (type === 'reseller') resellers.push(id);
    const contactCount = 1 + (index % 3);
    const contacts = Array.from({ length: contactCount }, (_, n) => {
      const firstName = firstNames[(index + n * 5) % firstNames.length]!;
      const lastName = lastNames[(index * 3 + n) % lastNames.length]!;
      return {
        id: `${id}-C${n + 1}`,
        fields: {
          account: { id },
          firstName,
          lastName,
          jobTitle: jobTitles[(index + n) % jobTitles.length],
          email:
            `${firstName}.${lastName}.${index + 1}@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`.toLowerCase(),
          phone: `+1 555 ${String(1000 + index).slice(-4)} ${String(10 + n).padStart(2, '0')}`,
        },
      };
    });
    if (type === undefined) untyped.push(...contacts.map((contact) => contact.id));
    accounts.push({
      id,
      fields: {
        code: `C${String(10_000 + index)}`,
        name: `${name}${index >= prefixes.length * suffixes.length ? ` ${Math.floor(index / (prefixes.length * suffixes.length)) + 1}` : ''}`,
        ...(type ? { type: { id: type } } : {}),
        currency: { id: index % 10 === 3 ? 'EUR' : 'USD' },
        addresses: [{ address1: `${100 + index} Market Street`, ...place, isBilling: true }],
        phone: `+1 555 ${String(1000 + index).slice(-4)} 00`,
        webSite: `https://www.${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
      },
      contacts,
    });
  }
  return {
    accounts,
    alreadyInConnectWise: accounts.filter((_, index) => index % 17 === 5).map((account) => account.id),
    failures: [
      {
        recordIds: resellers,
        reason: 'the account type "reseller" has no ConnectWise company type',
        fix: 'map it in the AccountType synchronization lookup (to a ConnectWise company type such as "Partner"), then re-sync',
      },
      {
        recordIds: untyped,
        reason: "the contact's account has no type (the documented warning)",
        fix: 'give the account a type (Account > Demographics > Type); its contacts then sync',
      },
    ],
  };
}
