import { fillCustomFields } from '../../rules/custom-fields.js';
import { allMethods, type ResourceDefinition } from '../resource-definition.js';

export const procurementResources: ResourceDefinition[] = [
  {
    path: 'procurement/catalog',
    schema: 'CatalogItem',
    displayName: 'Catalog Item',
    objectName: 'catalogItem',
    customFieldScreen: 'Product',
    methods: allMethods,
    unique: [{ field: 'identifier', message: 'The identifier is already in use by another catalog item.' }],
    defaults: { inactiveFlag: false, taxableFlag: false, productClass: 'NonInventory' },
    rules: [fillCustomFields],
    callbackType: 'productCatalog',
    referenceName: (item) => item.description,
  },
  {
    path: 'procurement/categories',
    schema: 'ProductCategory',
    displayName: 'Category',
    objectName: 'productCategory',
    methods: allMethods,
    callbackType: null,
  },
  {
    path: 'procurement/subcategories',
    schema: 'ProductSubCategory',
    displayName: 'Subcategory',
    objectName: 'productSubCategory',
    methods: allMethods,
    callbackType: null,
  },
  {
    path: 'procurement/unitOfMeasures',
    schema: 'UnitOfMeasure',
    displayName: 'Unit Of Measure',
    objectName: 'unitOfMeasure',
    methods: allMethods,
    callbackType: null,
  },
  {
    path: 'procurement/types',
    schema: 'ProductType',
    displayName: 'Product Type',
    objectName: 'productType',
    methods: allMethods,
    callbackType: null,
  },
  {
    path: 'procurement/products',
    schema: 'ProductItem',
    displayName: 'Product',
    objectName: 'productItem',
    customFieldScreen: 'Product Item',
    methods: allMethods,
    // The spec's text: customerDescription, locationId and businessUnitId are "Required On Updates".
    requiredOnUpdate: ['customerDescription', 'locationId', 'businessUnitId'],
    rules: [fillCustomFields],
    callbackType: null,
    referenceName: (product) => product.description,
  },
];
