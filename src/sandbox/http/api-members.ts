import type { SandboxCredentials, SandboxStore } from '../context.js';

export const membersResource = 'system/members';

export interface ApiMember {
  identifier: string;
  readOnly: boolean;
  publicKey: string;
  privateKey: string;
}

/** Keys of the seeded read-only API member: not secrets, the sandbox prints them. */
export const readOnlyKeys = { publicKey: 'sandbox-readonly-public', privateKey: 'sandbox-readonly-private' };

/** The API members the sandbox's keys act as; their identifiers match the demo seed's members. */
export function apiMembersOf(credentials: SandboxCredentials): ApiMember[] {
  return [
    {
      identifier: 'cwsync',
      readOnly: false,
      publicKey: credentials.publicKey,
      privateKey: credentials.privateKey,
    },
    { identifier: 'cwsync-readonly', readOnly: true, ...readOnlyKeys },
  ];
}

/**
 * The member row of an API member, created when missing (an empty sandbox, or after a reset without seed):
 * API members appear in system/members like any member.
 */
export function ensureApiMemberRow(store: SandboxStore, member: ApiMember): Record<string, unknown> {
  const existing = store.list(membersResource).find((row) => row.identifier === member.identifier);
  if (existing !== undefined) return existing;
  return store.insert(
    membersResource,
    {
      identifier: member.identifier,
      firstName: 'cwsync',
      lastName: member.readOnly ? 'Read Only' : 'API',
      title: 'API Member',
      licenseClass: 'A',
      inactiveFlag: false,
      disableOnlineFlag: true,
      defaultEmail: 'Office',
      defaultPhone: 'Office',
    },
    member.identifier,
  );
}
