import { fillCustomFields } from '../../rules/custom-fields.js';
import { allMethods, type ResourceDefinition } from '../resource-definition.js';

export const salesResources: ResourceDefinition[] = [
  {
    path: 'sales/orders',
    schema: 'Order',
    displayName: 'Order',
    objectName: 'order',
    customFieldScreen: 'Sales Order',
    methods: allMethods,
    // Required in the 2025.8+ spec; the server enforces them in 2022.1 as well.
    serverRequired: ['company', 'status', 'salesRep'],
    readOnly: ['total', 'taxTotal', 'subTotal', 'productIds', 'invoiceIds'],
    rules: [fillCustomFields],
    callbackType: 'salesOrder',
    referenceName: (order) => order.description ?? `Order #${String(order.id)}`,
  },
  {
    path: 'sales/orders/statuses',
    schema: 'OrderStatus',
    displayName: 'Order Status',
    objectName: 'orderStatus',
    methods: allMethods,
    defaults: { defaultFlag: false, inactiveFlag: false, closedFlag: false },
    callbackType: null,
  },
];
