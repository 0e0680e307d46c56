import { createResource } from '../resource.js';
import type { Resource } from '../resource.js';
import type { SendRequest } from '../send-request.js';
import { buildNestedPath } from '../url.js';
import type {
  CompanyReference,
  ContactReference,
  CurrencyReference,
  CustomFieldValue,
  IdReference,
  NamedReference,
  SiteReference,
  StoredRecord,
  WritableRecord,
} from './references.js';

export interface Currency extends StoredRecord {
  currencyIdentifier: string;
  name: string;
  symbol?: string;
  currencyCode?: NamedReference;
  numberOfDecimals?: number;
}

export type InvoiceType =
  'Agreement' | 'CreditMemo' | 'DownPayment' | 'Miscellaneous' | 'Progress' | 'Standard' | 'Consolidated';

export interface Invoice extends StoredRecord {
  type: InvoiceType;
  invoiceNumber?: string;
  status?: NamedReference;
  company?: CompanyReference;
  billToCompany?: CompanyReference;
  shipToCompany?: CompanyReference;
  applyToType?: 'All' | 'Agreement' | 'Project' | 'ProjectPhase' | 'SalesOrder' | 'Ticket';
  applyToId?: number;
  attention?: string;
  reference?: string;
  customerPO?: string;
  billingSite?: SiteReference;
  billingTerms?: NamedReference;
  date?: string;
  dueDate?: string;
  locationId?: number;
  departmentId?: number;
  currency?: CurrencyReference;
  taxCode?: NamedReference;
  salesOrder?: IdReference;
  agreement?: IdReference;
  subtotal?: number;
  total?: number;
  salesTax?: number;
  payments?: number;
  credits?: number;
  balance?: number;
  customFields?: CustomFieldValue[];
}

export interface InvoicePayment extends StoredRecord {
  type?: string;
  invoice?: IdReference & { identifier?: string };
  amount?: number;
  paymentDate?: string;
  appliedBy?: string;
}

export interface Agreement extends StoredRecord {
  name: string;
  type: NamedReference;
  company: CompanyReference;
  contact: ContactReference;
  site?: SiteReference;
  customerPO?: string;
  startDate?: string;
  endDate?: string;
  noEndingDateFlag?: boolean;
  cancelledFlag?: boolean;
  billingCycle?: NamedReference;
  billAmount?: number;
  billingTerms?: NamedReference;
  internalNotes?: string;
  parentAgreement?: IdReference & { name?: string };
  customFields?: CustomFieldValue[];
}

export interface AgreementAddition extends StoredRecord {
  product: IdReference & { identifier?: string };
  billCustomer?: 'Billable' | 'DoNotBill' | 'NoCharge';
  quantity?: number;
  lessIncluded?: number;
  unitPrice?: number;
  unitCost?: number;
  effectiveDate?: string;
  cancelledDate?: string;
  taxableFlag?: boolean;
  description?: string;
  invoiceDescription?: string;
  agreementId?: number;
}

export interface AgreementType extends StoredRecord {
  name: string;
  defaultFlag?: boolean;
  inactiveFlag?: boolean;
}

export interface BillingTerm extends StoredRecord {
  name: string;
  defaultFlag?: boolean;
  dueDays?: number;
}

export interface FinanceApi {
  currencies: Resource<Currency, WritableRecord<Currency>>;
  invoices: Resource<Invoice, WritableRecord<Invoice>>;
  /** `finance/invoices/{invoiceId}/payments` */
  paymentsOf(invoiceId: number): Resource<InvoicePayment, WritableRecord<InvoicePayment>>;
  agreements: Resource<Agreement, WritableRecord<Agreement>>;
  /** `finance/agreements/{agreementId}/additions` */
  additionsOf(agreementId: number): Resource<AgreementAddition, WritableRecord<AgreementAddition>>;
  agreementTypes: Resource<AgreementType, WritableRecord<AgreementType>>;
  billingTerms: Resource<BillingTerm, WritableRecord<BillingTerm>>;
}

export function createFinanceApi(send: SendRequest): FinanceApi {
  return {
    currencies: createResource(send, {
      path: 'finance/currencies',
      recordName: 'currency',
      labelOf: (currency) => currency.currencyIdentifier,
    }),
    invoices: createResource(send, {
      path: 'finance/invoices',
      recordName: 'invoice',
      forwardOnly: true,
      labelOf: (invoice) => invoice.invoiceNumber,
    }),
    paymentsOf: (invoiceId) =>
      createResource(send, {
        path: buildNestedPath('finance/invoices', invoiceId, 'payments'),
        recordName: 'invoice payment',
      }),
    agreements: createResource(send, {
      path: 'finance/agreements',
      recordName: 'agreement',
      forwardOnly: true,
    }),
    additionsOf: (agreementId) =>
      createResource(send, {
        path: buildNestedPath('finance/agreements', agreementId, 'additions'),
        recordName: 'agreement addition',
        labelOf: (addition) => addition.product?.identifier,
      }),
    agreementTypes: createResource(send, { path: 'finance/agreements/types', recordName: 'agreement type' }),
    billingTerms: createResource(send, { path: 'finance/billingTerms', recordName: 'billing term' }),
  };
}
