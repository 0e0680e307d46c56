import { createResource } from '../resource.js';
import type { Resource } from '../resource.js';
import type { SendRequest } from '../send-request.js';
import type { NamedReference, StoredRecord, WritableRecord } from './references.js';

export interface Member extends StoredRecord {
  identifier: string;
  firstName?: string;
  lastName?: string;
  inactiveFlag?: boolean;
  officeEmail?: string;
  defaultEmail?: string;
  licenseClass?: string;
  securityRole?: NamedReference;
}

export interface Location extends StoredRecord {
  name: string;
  structureLevel?: NamedReference;
  locationFlag?: boolean;
  clientFlag?: boolean;
}

export interface CallbackEntry extends StoredRecord {
  url: string;
  objectId: number;
  type: string;
  level: string;
  description?: string;
  memberId?: number;
  payloadVersion?: string;
  inactiveFlag?: boolean;
  isSoapCallbackFlag?: boolean;
  isSelfSuppressedFlag?: boolean;
  connectWiseID?: string;
}

export interface UserDefinedField extends StoredRecord {
  caption: string;
  podId?: number;
  sequenceNumber?: number;
  helpText?: string;
  fieldTypeIdentifier?: string;
  entryTypeIdentifier?: string;
  numberDecimals?: number;
  requiredFlag?: boolean;
  displayOnScreenFlag?: boolean;
  readOnlyFlag?: boolean;
  listViewFlag?: boolean;
  dateCreated?: string;
}

export interface SystemApi {
  members: Resource<Member, WritableRecord<Member>>;
  locations: Resource<Location, WritableRecord<Location>>;
  callbacks: Resource<CallbackEntry, WritableRecord<CallbackEntry>>;
  userDefinedFields: Resource<UserDefinedField, WritableRecord<UserDefinedField>>;
}

export function createSystemApi(send: SendRequest): SystemApi {
  return {
    members: createResource(send, { path: 'system/members', recordName: 'member' }),
    locations: createResource(send, { path: 'system/locations', recordName: 'location' }),
    callbacks: createResource(send, {
      path: 'system/callbacks',
      recordName: 'callback',
      labelOf: (callback) => callback.description ?? callback.url,
    }),
    userDefinedFields: createResource(send, {
      path: 'system/userDefinedFields',
      recordName: 'user-defined field',
      labelOf: (field) => field.caption,
    }),
  };
}
