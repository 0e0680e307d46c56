import type { ApiVersion, SandboxStore, TenantRuleSettings } from '../context.js';
import type { FieldError } from '../http/connectwise-error.js';

export type ResourceMethod = 'list' | 'get' | 'count' | 'create' | 'replace' | 'patch' | 'delete';
export type WriteMode = 'create' | 'replace' | 'patch';

export interface HandRuleInput {
  /** the candidate record after defaults, references and read-only fields are applied */
  record: Record<string, unknown>;
  /** the stored record on replace/patch */
  previous?: Record<string, unknown>;
  /** the top-level fields the client sent (PUT/POST body keys, PATCH paths' first segments) */
  sentFields: ReadonlySet<string>;
  mode: WriteMode;
  parentId?: number;
  store: SandboxStore;
  apiVersion: ApiVersion;
  /** the tenant behaviour the sandbox runs with (rules beyond the schema check `enabled`) */
  tenantRules: TenantRuleSettings;
  definition: ResourceDefinition;
  /** the API member making the change */
  member: { identifier: string; id: number | null };
  /** resolves and fills a reference of the given reference schema; `field` names it in the error */
  resolveReference(referenceSchema: string, value: unknown, field: string): ResolvedReference;
  /** next id for an element of a nested array (communication items), unique across the resource */
  nextElementId(arrayField: string): number;
}

export type ResolvedReference =
  { ok: true; reference: Record<string, unknown> | null } | { ok: false; error: FieldError };

/** A server rule the spec does not state; returns the field errors it finds (empty when satisfied). */
export type HandRule = (input: HandRuleInput) => FieldError[];

export interface ChildCollection {
  /** registry path of the child resource */
  resource: string;
  /** name of the `_info` link, e.g. 'sites_href' */
  link: string;
}

export interface WrittenChange {
  action: 'added' | 'updated' | 'deleted';
  record: Record<string, unknown> | null;
  previous?: Record<string, unknown>;
  store: SandboxStore;
  memberIdentifier: string;
}

/** One ConnectWise resource, declared as data: the routes, validation and rendering are derived from it. */
export interface ResourceDefinition {
  /** registry path and store key, e.g. 'company/companies' or 'company/companies/{parentId}/sites' */
  path: string;
  /** schema name in fields.generated.json */
  schema: string;
  /** as in ConnectWise's 404 message: "Contact 57919 not found" */
  displayName: string;
  /** as in ConnectWise's 400 message and `resource` of field errors: "contact object is invalid" */
  objectName: string;
  methods: ResourceMethod[];
  /** nested resources: the parent resource (path) whose `{parentId}` the URL carries */
  parent?: {
    resource: string;
    /** child field that names the parent, filled on write */ field?: string;
    fieldKind?: 'reference' | 'id';
  };
  /** store key when the rows are another resource's, seen through this path (nested views) */
  storedAs?: string;
  /** server-enforced required fields in every API version, beyond the spec */
  serverRequired?: string[];
  /** fields ConnectWise marks "Required On Updates" (PUT/PATCH) */
  requiredOnUpdate?: string[];
  /** fields that may be written only on create; changing them later is an error */
  createOnly?: string[];
  /** reference fields the generic lookup leaves to a hand rule (a company's `site`, created by name) */
  resolvedByRules?: string[];
  /** fields the server computes; ignored on write and kept on replace */
  readOnly?: string[];
  /** unique (case-insensitive) fields: a duplicate is 400 InvalidObject / ObjectExists */
  unique?: Array<{ field: string; message?: string }>;
  /** defaults for omitted fields on create */
  defaults?: Record<string, unknown>;
  rules?: HandRule[];
  /** screenDescription of the user-defined fields this resource's `customFields` list (e.g. 'Contact') */
  customFieldScreen?: string;
  /** change-event callback type ('company', 'contact', ...) or null */
  callbackType: string | null;
  children?: ChildCollection[];
  /** keeps derived data in step after a successful write (e.g. company `types` ⇄ type associations) */
  afterWrite?: (change: WrittenChange) => void;
  /** how a reference to this resource names it (default: the record's `name`) */
  referenceName?: (record: Record<string, unknown>) => unknown;
}

/** Every method ConnectWise offers on a full resource: list, get, count, POST, PUT, PATCH, DELETE. */
export const allMethods: ResourceDefinition['methods'] = [
  'list',
  'get',
  'count',
  'create',
  'replace',
  'patch',
  'delete',
];
