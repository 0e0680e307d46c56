/**
 * Writes src/sandbox/spec/fields.generated.json: per ConnectWise schema and API version, the field facts the
 * sandbox validates against (name, type, required, maxLength, enum, referenced schema). Derived facts only,
 * never the spec itself.
 *
 *   npx tsx scripts/generate-sandbox-spec.ts [digest.json] [get-subset.openapi.json]
 *
 * Sources: the schema digest (2022.1 / 2025.8 / 2026.4) and, for schemas the digest lacks, the 2026.4 GET-subset
 * spec (applied to every version, since no older copy of those schemas is at hand). Schemas in neither source
 * (catalog categories, units of measure, order statuses, billing terms, ...) are written from the field lists
 * ConnectWise documents for them in `handWrittenSchemas` below.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

type ApiVersion = '2022.1' | '2025.8' | '2026.4';
const versions: ApiVersion[] = ['2022.1', '2025.8', '2026.4'];

type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'reference' | 'array' | 'object';
interface FieldFact {
  name: string;
  type: FieldType;
  required?: true;
  maxLength?: number;
  enum?: string[];
  /** referenced schema for references, item schema (or scalar type) for arrays */
  of?: string;
}

interface DigestField {
  name: string;
  tsType?: string;
  goType?: string;
  type?: string;
  format?: string;
  required?: boolean;
  maxLength?: number;
  enum?: string[];
}

const sharedRoot = '/work/shared/vendor-spec';
const digestPath = process.argv[2] ?? `${sharedRoot}/connectwise-schema-digest.json`;
const subsetPath = process.argv[3] ?? `${sharedRoot}/connectwise-manage-2026.4-GET-subset.openapi.json`;
const outputPath = fileURLToPath(new URL('../src/sandbox/spec/fields.generated.json', import.meta.url));

const digestSchemas = [
  'Company',
  'Contact',
  'ContactCommunicationItem',
  'CompanySite',
  'CompanyStatus',
  'CompanyType',
  'Country',
  'State',
  'FinanceCurrency',
  'Invoice',
  'InvoicePayment',
  'Order',
  'CatalogItem',
  'ProductItem',
  'CallbackEntry',
  'CustomFieldValue',
];
/** sandbox schema name → 2026.4 GET-subset schema name */
const subsetSchemas: Record<string, string> = {
  Agreement: 'Agreement',
  AgreementAddition: 'Addition',
  AgreementType: 'AgreementType',
  Member: 'Member',
  Location: 'Location',
  ContactType: 'ContactType',
};

const handWrittenSchemas: Record<string, FieldFact[]> = {
  ProductCategory: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'string', required: true, maxLength: 50 },
    { name: 'inactiveFlag', type: 'boolean' },
  ],
  ProductSubCategory: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'string', required: true, maxLength: 50 },
    { name: 'category', type: 'reference', of: 'ProductCategoryReference', required: true },
    { name: 'inactiveFlag', type: 'boolean' },
  ],
  UnitOfMeasure: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'string', required: true, maxLength: 50 },
    { name: 'defaultFlag', type: 'boolean' },
    { name: 'inactiveFlag', type: 'boolean' },
  ],
  ProductType: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'string', required: true, maxLength: 50 },
    { name: 'description', type: 'string', maxLength: 50 },
    { name: 'defaultFlag', type: 'boolean' },
    { name: 'inactiveFlag', type: 'boolean' },
  ],
  OrderStatus: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'string', required: true, maxLength: 30 },
    { name: 'defaultFlag', type: 'boolean' },
    { name: 'inactiveFlag', type: 'boolean' },
    { name: 'closedFlag', type: 'boolean' },
    { name: 'sortOrder', type: 'integer' },
  ],
  BillingTerm: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'string', required: true, maxLength: 50 },
    { name: 'defaultFlag', type: 'boolean' },
    { name: 'dueDays', type: 'integer' },
  ],
  CommunicationType: [
    { name: 'id', type: 'integer' },
    { name: 'description', type: 'string', required: true, maxLength: 25 },
    { name: 'phoneFlag', type: 'boolean' },
    { name: 'faxFlag', type: 'boolean' },
    { name: 'emailFlag', type: 'boolean' },
    { name: 'defaultFlag', type: 'boolean' },
    { name: 'exchangeXref', type: 'string', maxLength: 50 },
  ],
  CompanyTypeAssociation: [
    { name: 'id', type: 'integer' },
    { name: 'type', type: 'reference', of: 'CompanyTypeReference', required: true },
    { name: 'company', type: 'reference', of: 'CompanyReference', required: true },
  ],
  UserDefinedField: [
    { name: 'id', type: 'integer' },
    { name: 'podId', type: 'integer', required: true },
    { name: 'caption', type: 'string', required: true, maxLength: 50 },
    { name: 'sequenceNumber', type: 'number', required: true },
    { name: 'helpText', type: 'string', maxLength: 1000 },
    { name: 'fieldTypeIdentifier', type: 'string', required: true },
    { name: 'numberDecimals', type: 'integer' },
    { name: 'entryTypeIdentifier', type: 'string', required: true },
    { name: 'requiredFlag', type: 'boolean' },
    { name: 'displayOnScreenFlag', type: 'boolean' },
    { name: 'readOnlyFlag', type: 'boolean' },
    { name: 'listViewFlag', type: 'boolean' },
    { name: 'options', type: 'array', of: 'object' },
    { name: 'businessUnitIds', type: 'array', of: 'integer' },
    { name: 'locationIds', type: 'array', of: 'integer' },
    { name: 'screenId', type: 'string' },
    { name: 'podDescription', type: 'string' },
    { name: 'screenDescription', type: 'string' },
    { name: 'connectWiseID', type: 'string' },
    { name: 'dateCreated', type: 'datetime' },
  ],
};

const scalarTypes: Record<string, FieldType> = {
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  integer: 'integer',
  int32: 'integer',
  int64: 'integer',
  float64: 'number',
  float32: 'number',
  bool: 'boolean',
  'time.Time': 'datetime',
  NullableInt32: 'integer',
  NullableInt64: 'integer',
  NullableFloat64: 'number',
  NullableString: 'string',
  NullableBool: 'boolean',
  NullableTime: 'datetime',
};

/** Reads one type expression of any of the three source notations. */
function classifyType(raw: string, format?: string): Pick<FieldFact, 'type' | 'of' | 'enum'> {
  let text = raw.trim().replace(/\s*\|\s*null$/, '');
  const enumValues = [...text.matchAll(/"([^"]*)"/g)].map((match) => match[1] ?? '');
  if (enumValues.length > 0) return { type: 'string', enum: enumValues };
  text = text.replace(/^\*/, '');
  const arrayItem =
    /^array<(.+)>$/.exec(text)?.[1] ?? /^\[\](.+)$/.exec(text)?.[1] ?? /^(.+)\[\]$/.exec(text)?.[1];
  if (arrayItem !== undefined) {
    const item = classifyType(arrayItem);
    return { type: 'array', of: item.type === 'reference' ? (item.of ?? 'object') : item.type };
  }
  if (text.startsWith('{') || text.startsWith('map[') || text === 'object') return { type: 'object' };
  if (text === 'string' && format === 'date-time') return { type: 'datetime' };
  const scalar = scalarTypes[text];
  if (scalar !== undefined) return { type: scalar };
  if (/^[A-Z][A-Za-z0-9.]*$/.test(text)) return { type: 'reference', of: text };
  return { type: 'object' };
}

function factFromDigest(field: DigestField): FieldFact {
  const raw = field.tsType ?? field.goType ?? field.type ?? 'object';
  const classified = classifyType(raw, field.format);
  const fact: FieldFact = { name: field.name, type: classified.type };
  if (classified.of !== undefined) fact.of = classified.of;
  const enumValues = field.enum ?? classified.enum;
  if (enumValues !== undefined) fact.enum = enumValues.filter((value) => value !== '');
  if (field.required === true) fact.required = true;
  if (field.maxLength !== undefined) fact.maxLength = field.maxLength;
  return fact;
}

interface OpenApiProperty {
  type?: string;
  format?: string;
  enum?: string[];
  description?: string;
  $ref?: string;
  items?: OpenApiProperty;
}
interface OpenApiSchema {
  required?: string[];
  properties?: Record<string, OpenApiProperty>;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function factsFromOpenApi(schema: OpenApiSchema): FieldFact[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    let typeText = property.type ?? 'object';
    if (property.$ref !== undefined) typeText = refName(property.$ref);
    if (property.type === 'array') {
      const items = property.items ?? {};
      typeText = `array<${items.$ref !== undefined ? refName(items.$ref) : (items.type ?? 'object')}>`;
    }
    const maxLength = /Max length: (\d+)/.exec(property.description ?? '')?.[1];
    return factFromDigest({
      name,
      type: typeText,
      format: property.format,
      required: required.has(name),
      maxLength: maxLength === undefined ? undefined : Number(maxLength),
      enum: property.enum,
    });
  });
}

/**
 * The Go models of 2025.8 carry no enums and no date-time formats; borrow them from the same field in another
 * version (the 2026.4 list first, then 2022.1), so the validator does not treat 2025.8 as looser than both.
 */
function borrowMissingFacts(byVersion: Partial<Record<ApiVersion, FieldFact[]>>): void {
  const donors = [byVersion['2026.4'], byVersion['2022.1']].filter((list) => list !== undefined);
  for (const version of versions) {
    for (const fact of byVersion[version] ?? []) {
      for (const donor of donors) {
        const match = donor.find((candidate) => candidate.name === fact.name);
        if (match === undefined) continue;
        if (fact.type === 'string' && fact.enum === undefined && match.enum !== undefined)
          fact.enum = match.enum;
        if (fact.type === 'string' && match.type === 'datetime') fact.type = 'datetime';
      }
    }
  }
}

async function main(): Promise<void> {
  const digest = JSON.parse(readFileSync(digestPath, 'utf8')) as Record<
    string,
    Record<string, DigestField[]>
  >;
  const subset = JSON.parse(readFileSync(subsetPath, 'utf8')) as {
    components: { schemas: Record<string, OpenApiSchema> };
  };
  const schemas: Record<string, Partial<Record<ApiVersion, FieldFact[]>>> = {};

  for (const name of digestSchemas) {
    const entry = digest[name];
    if (entry === undefined) throw new Error(`The digest has no schema ${name}`);
    const byVersion: Partial<Record<ApiVersion, FieldFact[]>> = {};
    for (const version of versions) {
      const fields = entry[version];
      if (fields !== undefined) byVersion[version] = fields.map(factFromDigest);
    }
    // A schema the 2026.4 subset lacks (Country, State, ...) keeps its 2025.8 facts in 2026.4.
    byVersion['2026.4'] ??= byVersion['2025.8']?.map((fact) => ({ ...fact }));
    borrowMissingFacts(byVersion);
    schemas[name] = byVersion;
  }
  for (const [name, subsetName] of Object.entries(subsetSchemas)) {
    const schema = subset.components.schemas[subsetName];
    if (schema === undefined) throw new Error(`The GET subset has no schema ${subsetName}`);
    const facts = factsFromOpenApi(schema);
    schemas[name] = Object.fromEntries(
      versions.map((version) => [version, facts.map((fact) => ({ ...fact }))]),
    );
  }
  for (const [name, facts] of Object.entries(handWrittenSchemas)) {
    schemas[name] = Object.fromEntries(
      versions.map((version) => [version, facts.map((fact) => ({ ...fact }))]),
    );
  }

  const output = {
    _about:
      'Generated by scripts/generate-sandbox-spec.ts from the ConnectWise schema digest and the 2026.4 GET subset. ' +
      'Field facts per schema and API version: type, required, maxLength, enum, referenced schema (of). Do not edit.',
    schemas,
  };
  // Written as the repository's Prettier would write it, so `prettier --check .` stays green.
  const prettierOptions = (await resolveConfig(outputPath)) ?? {};
  writeFileSync(outputPath, await format(JSON.stringify(output), { ...prettierOptions, parser: 'json' }));
  console.log(`Wrote ${Object.keys(schemas).length} schemas to ${outputPath}`);
}

await main();
