import { ActionError } from '../../../engine/index.js';
import type { ConnectWiseCommunicationType, ReferenceIndex } from './reference-data.js';

export interface CommunicationItem {
  id?: number;
  type: { id: number | string; name?: string };
  value: string;
  communicationType: 'Email' | 'Phone' | 'Fax';
  defaultFlag?: boolean;
  [other: string]: unknown;
}

export interface CommunicationItemsInput {
  email?: string | null;
  phone?: string | null;
  mobilePhone?: string | null;
  fax?: string | null;
  /** the contact's items as ConnectWise holds them now (the documented "OriginalData") */
  existing?: CommunicationItem[] | null;
}

type Cell = 'email' | 'phone' | 'mobilePhone' | 'fax';
const cells: Array<{ cell: Cell; kind: CommunicationItem['communicationType'] }> = [
  { cell: 'email', kind: 'Email' },
  { cell: 'phone', kind: 'Phone' },
  { cell: 'mobilePhone', kind: 'Phone' },
  { cell: 'fax', kind: 'Fax' },
];

const mobileName = /cell|mobile/i;

function typeName(type: ConnectWiseCommunicationType): string {
  return type.description ?? type.name ?? '';
}

/**
 * Tenants name their communication types freely ("Individual Professional", "Phone - Direct"), so the type
 * of each BSS cell is chosen by ConnectWise's flags: the email type, the fax type, a phone type named like
 * cell/mobile for the mobile phone and another phone type (preferring "direct") for the phone.
 */
function chooseTypes(reference: ReferenceIndex): Record<Cell, ConnectWiseCommunicationType | undefined> {
  const types = [...reference.communicationTypeByName.values()].sort((a, b) => a.id - b.id);
  const phones = types.filter((type) => type.phoneFlag);
  return {
    email: types.find((type) => type.emailFlag),
    fax: types.find((type) => type.faxFlag),
    mobilePhone: phones.find((type) => mobileName.test(typeName(type))),
    phone:
      phones.find((type) => /direct/i.test(typeName(type))) ??
      phones.find((type) => !mobileName.test(typeName(type))),
  };
}

/**
 * The contact's communication items after a push: existing items are matched by type and edited in place
 * (keeping their ids), so nothing is duplicated; items the BSS does not own (other types) are left alone;
 * an item whose BSS cell was emptied is removed.
 */
export function matchCommunicationItems(
  input: CommunicationItemsInput,
  reference: ReferenceIndex,
): CommunicationItem[] {
  const existing = (input.existing ?? []).map((item) => ({ ...item }));
  const types = chooseTypes(reference);
  const claimed = new Set<CommunicationItem>();
  const removed = new Set<CommunicationItem>();
  const added: CommunicationItem[] = [];

  for (const { cell, kind } of cells) {
    const value = input[cell]?.trim() || undefined;
    const type = types[cell];
    const current = existing.find(
      (item) => !claimed.has(item) && type !== undefined && String(item.type.id) === String(type.id),
    );
    if (current) {
      claimed.add(current);
      if (value === undefined) removed.add(current);
      else current.value = value;
      continue;
    }
    if (value === undefined) continue;
    if (!type) {
      throw new ActionError(
        'communicationItems',
        cell,
        `ConnectWise has no ${cell === 'mobilePhone' ? 'mobile (cell) phone' : kind.toLowerCase()} communication type to hold the contact's ${cell}: add one in ConnectWise's communication types setup table`,
      );
    }
    const hasDefault = [...existing, ...added].some(
      (item) => item.communicationType === kind && item.defaultFlag && !removed.has(item),
    );
    added.push({ type: { id: type.id }, value, communicationType: kind, defaultFlag: !hasDefault });
  }
  return [...existing.filter((item) => !removed.has(item)), ...added];
}
