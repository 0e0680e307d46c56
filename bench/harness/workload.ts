// The BSS records a push benchmark syncs, written as the JSON-lines files a user imports (`cwsync import`) and
// the naive script reads: N accounts, each with 2 or 3 contacts (2.5 on average), its first contact primary.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAccount } from '../bench-records.js';

export interface WorkloadFiles {
  accounts: string;
  contacts: string;
  accountCount: number;
  contactCount: number;
  total: number;
}

/** Contacts of account number n: 3 for odd n, 2 for even n. */
export const contactsOf = (n: number): number => (n % 2 === 1 ? 3 : 2);

export function writeWorkload(directory: string, accountCount: number): WorkloadFiles {
  const accounts: string[] = [];
  const contacts: string[] = [];
  for (let n = 1; n <= accountCount; n += 1) {
    const id = `BA-${String(n).padStart(6, '0')}`;
    accounts.push(JSON.stringify(benchAccount(id, n)));
    for (let c = 1; c <= contactsOf(n); c += 1) {
      contacts.push(
        JSON.stringify({
          id: `${id}-C${c}`,
          account: { id },
          firstName: `First${c}`,
          lastName: `Last${n}`,
          email: `contact${c}.${n}@bench.example`,
          phone: `+1 727 555 ${String(n % 10_000).padStart(4, '0')}`,
          isPrimary: c === 1,
        }),
      );
    }
  }
  const files = { accounts: join(directory, 'accounts.jsonl'), contacts: join(directory, 'contacts.jsonl') };
  writeFileSync(files.accounts, `${accounts.join('\n')}\n`);
  writeFileSync(files.contacts, `${contacts.join('\n')}\n`);
  return {
    ...files,
    accountCount,
    contactCount: contacts.length,
    total: accounts.length + contacts.length,
  };
}
