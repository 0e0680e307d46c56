import { createResource } from '../resource.js';
import type { Resource } from '../resource.js';
import type { SendRequest } from '../send-request.js';
import type {
  CompanyReference,
  ContactReference,
  CurrencyReference,
  CustomFieldValue,
  MemberReference,
  NamedReference,
  SiteReference,
  StoredRecord,
  WritableRecord,
} from './references.js';

export interface Order extends StoredRecord {
  company: CompanyReference;
  status: NamedReference;
  salesRep: MemberReference;
  contact?: ContactReference;
  site?: SiteReference;
  orderDate?: string;
  dueDate?: string;
  billingTerms?: NamedReference;
  taxCode?: NamedReference;
  poNumber?: string;
  location?: NamedReference;
  department?: NamedReference;
  billToCompany?: CompanyReference;
  shipToCompany?: CompanyReference;
  notes?: string;
  description?: string;
  productIds?: number[];
  invoiceIds?: number[];
  total?: number;
  taxTotal?: number;
  subTotal?: number;
  currency?: CurrencyReference;
  customFields?: CustomFieldValue[];
}

export interface OrderStatus extends StoredRecord {
  name: string;
  defaultFlag?: boolean;
  closedFlag?: boolean;
  inactiveFlag?: boolean;
}

export interface SalesApi {
  orders: Resource<Order, WritableRecord<Order>>;
  orderStatuses: Resource<OrderStatus, WritableRecord<OrderStatus>>;
}

export function createSalesApi(send: SendRequest): SalesApi {
  return {
    orders: createResource(send, {
      path: 'sales/orders',
      recordName: 'order',
      forwardOnly: true,
      labelOf: (order) => order.poNumber,
    }),
    orderStatuses: createResource(send, { path: 'sales/orders/statuses', recordName: 'order status' }),
  };
}
