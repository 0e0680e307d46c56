import type { SandboxStore } from '../context.js';
import { insertRows } from './insert-rows.js';

export const communicationTypesResource = 'company/communicationTypes';

type Channel = 'Email' | 'Phone' | 'Fax';

/**
 * Listed in id order: the captured ConnectWise bodies (test/fixtures/connectwise/amp-labs) use ids 1 (Email),
 * 2 "Phone - Direct", 3 "Fax - Work", 13 "Individual Professional" (Email) and 26 "Work Fax", so the seed gives
 * those rows the same ids and names.
 */
const communicationTypes: ReadonlyArray<
  readonly [description: string, channel: Channel, defaultFlag?: boolean]
> = [
  ['Email', 'Email', true],
  ['Phone - Direct', 'Phone', true],
  ['Fax - Work', 'Fax', true],
  ['Cell', 'Phone'],
  ['Home', 'Phone'],
  ['Pager', 'Phone'],
  ['Email - Personal', 'Email'],
  ['Phone - Main', 'Phone'],
  ['Phone - Toll Free', 'Phone'],
  ['Email - Billing', 'Email'],
  ['Email - Support', 'Email'],
  ['Phone - After Hours', 'Phone'],
  ['Individual Professional', 'Email'],
  ['Individual Personal', 'Email'],
  ['Mobile - Work', 'Phone'],
  ['Mobile - Personal', 'Phone'],
  ['Phone - Assistant', 'Phone'],
  ['Fax - Home', 'Fax'],
  ['Email - Marketing', 'Email'],
  ['Phone - Other', 'Phone'],
  ['Email - Other', 'Email'],
  ['Phone - Switchboard', 'Phone'],
  ['Phone - Emergency', 'Phone'],
  ['Email - Invoices', 'Email'],
  ['Email - Alerts', 'Email'],
  ['Work Fax', 'Fax'],
];

export function seedCommunicationTypes(store: SandboxStore): void {
  insertRows(
    store,
    communicationTypesResource,
    communicationTypes.map(([description, channel, defaultFlag]) => ({
      description,
      phoneFlag: channel === 'Phone',
      faxFlag: channel === 'Fax',
      emailFlag: channel === 'Email',
      defaultFlag: defaultFlag ?? false,
      iphoneXref: '',
      androidXref: '',
    })),
  );
}
