import type { SandboxStore } from '../context.js';
import { insertRows } from './insert-rows.js';
import { referenceOf } from './reference-of.js';

export const categoriesResource = 'procurement/categories';
export const subcategoriesResource = 'procurement/subcategories';
export const unitOfMeasuresResource = 'procurement/unitOfMeasures';
export const productTypesResource = 'procurement/types';

/** Category name → its subcategories: the shape of a cloud-commerce catalogue. */
const subcategoriesByCategory: Record<string, string[]> = {
  Software: ['Productivity', 'Security', 'Backup', 'Operating Systems'],
  'Cloud Services': ['Microsoft 365', 'Azure', 'Google Workspace', 'Hosting'],
  Hardware: ['Laptops', 'Desktops', 'Networking', 'Peripherals'],
  Services: ['Managed Services', 'Professional Services', 'Onboarding'],
  Telecom: ['VoIP', 'Connectivity'],
};

const unitsOfMeasure = ['Each', 'License', 'User', 'Month', 'Year', 'Hour', 'Device', 'GB'];

const productTypes: ReadonlyArray<readonly [name: string, typeXref: string]> = [
  ['Non-Inventory', 'NonInventoryPart'],
  ['Inventory', 'InventoryPart'],
  ['Service', 'Service'],
  ['Subscription', 'NonInventoryPart'],
  ['Other Charge', 'OtherCharge'],
];

export function seedCatalogLookups(store: SandboxStore): void {
  const categoryNames = Object.keys(subcategoriesByCategory);
  const categories = insertRows(
    store,
    categoriesResource,
    categoryNames.map((name, index) => ({ name, inactiveFlag: false, defaultFlag: index === 0 })),
  );
  categories.forEach((category) => {
    const names = subcategoriesByCategory[String(category.name)] ?? [];
    insertRows(
      store,
      subcategoriesResource,
      names.map((name) => ({
        name,
        inactiveFlag: false,
        defaultFlag: false,
        category: referenceOf(category),
      })),
    );
  });
  insertRows(
    store,
    unitOfMeasuresResource,
    unitsOfMeasure.map((name, index) => ({ name, inactiveFlag: false, defaultFlag: index === 0 })),
  );
  insertRows(
    store,
    productTypesResource,
    productTypes.map(([name, typeXref], index) => ({
      name,
      typeXref,
      inactiveFlag: false,
      defaultFlag: index === 0,
    })),
  );
}
