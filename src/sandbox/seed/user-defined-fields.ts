import type { SandboxStore } from '../context.js';
import { insertRows } from './insert-rows.js';

export const userDefinedFieldsResource = 'system/userDefinedFields';

/** Pod of the agreement-addition screen; the captured definitions only show contact pods (4, 5), so this id is ours. */
const agreementAdditionPodId = 23;

const agreementAdditionCaptions = ['Subscription Name', 'Subscription ID'];

export function seedUserDefinedFields(store: SandboxStore): void {
  insertRows(
    store,
    userDefinedFieldsResource,
    agreementAdditionCaptions.map((caption, index) => ({
      podId: agreementAdditionPodId,
      podDescription: 'Agreement Addition',
      caption,
      sequenceNumber: index + 1,
      screenDescription: 'Agreement Addition',
      fieldTypeIdentifier: 'Text',
      numberDecimals: 0,
      entryTypeIdentifier: 'EntryField',
      requiredFlag: false,
      displayOnScreenFlag: true,
      readOnlyFlag: false,
      listViewFlag: true,
      businessUnitIds: [],
      locationIds: [],
      dateCreated: '2024-01-01T00:00:00Z',
    })),
  );
}
