import { validateCallbackEntry } from '../../rules/callback-entry.js';
import { allMethods, type ResourceDefinition } from '../resource-definition.js';

export const systemResources: ResourceDefinition[] = [
  {
    path: 'system/members',
    schema: 'Member',
    displayName: 'Member',
    objectName: 'member',
    methods: allMethods,
    unique: [{ field: 'identifier', message: 'The identifier is already in use by another member.' }],
    callbackType: 'member',
    referenceName: (member) => [member.firstName, member.lastName].filter((part) => part).join(' '),
  },
  {
    path: 'system/locations',
    schema: 'Location',
    displayName: 'Location',
    objectName: 'location',
    methods: allMethods,
    callbackType: null,
  },
  {
    path: 'system/callbacks',
    schema: 'CallbackEntry',
    displayName: 'Callback',
    objectName: 'callbackEntry',
    methods: allMethods,
    serverRequired: ['url', 'type', 'level'],
    readOnly: ['memberId', 'isSoapCallbackFlag'],
    rules: [validateCallbackEntry],
    callbackType: null,
    referenceName: (callback) => callback.description,
  },
  {
    path: 'system/userDefinedFields',
    schema: 'UserDefinedField',
    displayName: 'User Defined Field',
    objectName: 'userDefinedField',
    methods: allMethods,
    callbackType: null,
    referenceName: (field) => field.caption,
  },
];
