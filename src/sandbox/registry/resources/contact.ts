import { normalizeCommunicationItems } from '../../rules/communication-items.js';
import { fillCustomFields } from '../../rules/custom-fields.js';
import { assignMobileGuid } from '../../rules/mobile-guid.js';
import { allMethods, type ResourceDefinition } from '../resource-definition.js';

export const contactResources: ResourceDefinition[] = [
  {
    path: 'company/contacts',
    schema: 'Contact',
    displayName: 'Contact',
    objectName: 'contact',
    customFieldScreen: 'Contact',
    methods: allMethods,
    // The spec marks nothing required, the server rejects a contact without firstName (captured bad-request.json).
    serverRequired: ['firstName'],
    readOnly: ['defaultPhoneType', 'defaultPhoneNbr', 'defaultPhoneExtension', 'defaultEmail', 'mobileGuid'],
    defaults: {
      inactiveFlag: false,
      marriedFlag: false,
      childrenFlag: false,
      portalSecurityLevel: 1,
      disablePortalLoginFlag: true,
      unsubscribeFlag: false,
      defaultBillingFlag: false,
      defaultFlag: false,
      types: [],
    },
    rules: [normalizeCommunicationItems, fillCustomFields, assignMobileGuid],
    callbackType: 'contact',
    children: [{ resource: 'company/contacts/{parentId}/communications', link: 'communications_href' }],
    referenceName: (contact) => [contact.firstName, contact.lastName].filter((part) => part).join(' '),
  },
  {
    path: 'company/contacts/types',
    schema: 'ContactType',
    displayName: 'Contact Type',
    objectName: 'contactType',
    methods: allMethods,
    defaults: { defaultFlag: false, serviceAlertFlag: false },
    callbackType: null,
    referenceName: (type) => type.description,
  },
  {
    path: 'company/communicationTypes',
    schema: 'CommunicationType',
    displayName: 'Communication Type',
    objectName: 'communicationType',
    methods: allMethods,
    defaults: { phoneFlag: false, faxFlag: false, emailFlag: false, defaultFlag: false },
    callbackType: null,
    referenceName: (type) => type.description,
  },
];
