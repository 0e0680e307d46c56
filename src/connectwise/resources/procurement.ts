import { createResource } from '../resource.js';
import type { Resource } from '../resource.js';
import type { SendRequest } from '../send-request.js';
import type {
  CompanyReference,
  CustomFieldValue,
  IdReference,
  NamedReference,
  StoredRecord,
  WritableRecord,
} from './references.js';

export type ProductClass = 'Agreement' | 'Bundle' | 'Inventory' | 'NonInventory' | 'Service';

export interface CatalogItem extends StoredRecord {
  identifier: string;
  description: string;
  customerDescription: string;
  subcategory?: NamedReference;
  category?: NamedReference;
  type?: NamedReference;
  productClass?: ProductClass;
  unitOfMeasure?: NamedReference;
  price?: number;
  cost?: number;
  taxableFlag?: boolean;
  inactiveFlag?: boolean;
  manufacturerPartNumber?: string;
  vendorSku?: string;
  vendor?: CompanyReference;
  integrationXRef?: string;
  recurringFlag?: boolean;
  recurringRevenue?: number;
  recurringCost?: number;
  billableOption?: 'Billable' | 'DoNotBill' | 'NoCharge' | 'NoDefault';
  customFields?: CustomFieldValue[];
}

export interface ProductItem extends StoredRecord {
  catalogItem: IdReference & { identifier?: string };
  billableOption: 'Billable' | 'DoNotBill' | 'NoCharge';
  description?: string;
  customerDescription?: string;
  internalNotes?: string;
  quantity?: number;
  price?: number;
  cost?: number;
  discount?: number;
  taxableFlag?: boolean;
  salesOrder?: IdReference;
  invoice?: IdReference;
  agreement?: IdReference;
  company?: CompanyReference;
  locationId?: number;
  businessUnitId?: number;
  integrationXRef?: string;
  cancelledFlag?: boolean;
  customFields?: CustomFieldValue[];
}

export interface ProductCategory extends StoredRecord {
  name: string;
  inactiveFlag?: boolean;
}

export interface ProductSubcategory extends StoredRecord {
  name: string;
  category?: NamedReference;
  inactiveFlag?: boolean;
}

export interface UnitOfMeasure extends StoredRecord {
  name: string;
  defaultFlag?: boolean;
}

export interface ProductType extends StoredRecord {
  name: string;
  defaultFlag?: boolean;
  inactiveFlag?: boolean;
}

export interface ProcurementApi {
  catalog: Resource<CatalogItem, WritableRecord<CatalogItem>>;
  categories: Resource<ProductCategory, WritableRecord<ProductCategory>>;
  subcategories: Resource<ProductSubcategory, WritableRecord<ProductSubcategory>>;
  unitOfMeasures: Resource<UnitOfMeasure, WritableRecord<UnitOfMeasure>>;
  types: Resource<ProductType, WritableRecord<ProductType>>;
  products: Resource<ProductItem, WritableRecord<ProductItem>>;
}

export function createProcurementApi(send: SendRequest): ProcurementApi {
  return {
    catalog: createResource(send, {
      path: 'procurement/catalog',
      recordName: 'catalog item',
      forwardOnly: true,
    }),
    categories: createResource(send, { path: 'procurement/categories', recordName: 'product category' }),
    subcategories: createResource(send, {
      path: 'procurement/subcategories',
      recordName: 'product subcategory',
    }),
    unitOfMeasures: createResource(send, {
      path: 'procurement/unitOfMeasures',
      recordName: 'unit of measure',
    }),
    types: createResource(send, { path: 'procurement/types', recordName: 'product type' }),
    products: createResource(send, {
      path: 'procurement/products',
      recordName: 'product',
      forwardOnly: true,
      labelOf: (product) => product.catalogItem?.identifier,
    }),
  };
}
