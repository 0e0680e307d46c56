import type { SandboxStore } from '../context.js';
import { insertRows } from './insert-rows.js';

export const membersResource = 'system/members';

/** Identifiers of the API members the sandbox's default and read-only keys act as. */
export const apiMemberIdentifier = 'cwsync';
export const readOnlyApiMemberIdentifier = 'cwsync-readonly';

interface MemberSeed {
  identifier: string;
  firstName: string;
  lastName: string;
  title: string;
  licenseClass: 'A' | 'F';
  securityRole: string;
}

const members: MemberSeed[] = [
  {
    identifier: 'admin1',
    firstName: 'Alex',
    lastName: 'Admin',
    title: 'Owner',
    licenseClass: 'F',
    securityRole: 'Admin',
  },
  {
    identifier: 'jsmith',
    firstName: 'Jamie',
    lastName: 'Smith',
    title: 'Account Manager',
    licenseClass: 'F',
    securityRole: 'Sales',
  },
  {
    identifier: 'pnguyen',
    firstName: 'Priya',
    lastName: 'Nguyen',
    title: 'Service Manager',
    licenseClass: 'F',
    securityRole: 'Service',
  },
  {
    identifier: 'mgarcia',
    firstName: 'Marco',
    lastName: 'Garcia',
    title: 'Accountant',
    licenseClass: 'F',
    securityRole: 'Finance',
  },
  {
    identifier: apiMemberIdentifier,
    firstName: 'cwsync',
    lastName: 'API',
    title: 'API Member',
    licenseClass: 'A',
    securityRole: 'Admin',
  },
  {
    identifier: readOnlyApiMemberIdentifier,
    firstName: 'cwsync',
    lastName: 'Read Only',
    title: 'API Member',
    licenseClass: 'A',
    securityRole: 'Read Only',
  },
];

const securityRoleIds: Record<string, number> = {
  Admin: 1,
  Finance: 2,
  Sales: 3,
  Service: 4,
  'Read Only': 5,
};

export function seedMembers(store: SandboxStore): Array<Record<string, unknown>> {
  return insertRows(
    store,
    membersResource,
    members.map((member) => ({
      identifier: member.identifier,
      firstName: member.firstName,
      lastName: member.lastName,
      title: member.title,
      licenseClass: member.licenseClass,
      inactiveFlag: false,
      disableOnlineFlag: member.licenseClass === 'A',
      hireDate: '2020-01-06T00:00:00Z',
      officeEmail: `${member.identifier}@example.com`,
      defaultEmail: 'Office',
      defaultPhone: 'Office',
      securityRole: { id: securityRoleIds[member.securityRole], name: member.securityRole },
      adminFlag: member.securityRole === 'Admin',
    })),
  );
}
