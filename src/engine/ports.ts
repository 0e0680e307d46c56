import type { FieldChanges } from './compare/changed-fields.js';

export type ConnectWiseRecord = Record<string, unknown> & { id: number };

/** What the engine needs of ConnectWise; the client implements it over HTTP. */
/** One condition of a match: a field of the record, of its children, or the value of one custom field. */
export interface MatchCondition {
  field: string;
  value: string | number | boolean | Date;
  child: boolean;
  /** the caption of the custom field whose value is compared (`field` only names the condition) */
  customField?: string;
}

export interface ConnectWiseGateway {
  /** records of `resource` matching every condition (values are quoted by the client, never spliced) */
  /**
   * `live`: ask ConnectWise itself, not a view read earlier (after a create whose outcome is not known, which
   * another process may have made after that view was read)
   */
  findMatching(
    resource: string,
    conditions: MatchCondition[],
    options?: { live?: boolean },
  ): Promise<ConnectWiseRecord[]>;
  create(resource: string, body: Record<string, unknown>): Promise<ConnectWiseRecord>;
  update(resource: string, id: number, changes: FieldChanges): Promise<ConnectWiseRecord>;
  /** reads one record whole (a PUT after a refused PATCH starts from the record as ConnectWise holds it) */
  read?(resource: string, id: number): Promise<ConnectWiseRecord>;
  /** PUT: replaces the whole record; what the body leaves out is cleared */
  replace?(resource: string, id: number, body: Record<string, unknown>): Promise<ConnectWiseRecord>;
  /** deletes a record (a type association a post-synchronization action replaces) */
  remove?(resource: string, id: number): Promise<void>;
  /** reads one record whole; undefined when ConnectWise has no such record (deleted since it was named) */
  find?(resource: string, id: number): Promise<ConnectWiseRecord | undefined>;
  /** the records a pull takes: changed since a moment, in id order, one page in memory at a time */
  listChanged?(resource: string, options?: ListChangedOptions): AsyncIterable<ConnectWiseRecord>;
}

export interface ListChangedOptions {
  /** only records whose `lastUpdated` is at or after this; every record when absent */
  since?: Date;
  /** only records above this id (a listing that resumes where it stopped) */
  afterId?: number;
  /** records per page (ConnectWise's maximum, 1000, by default) */
  pageSize?: number;
  signal?: AbortSignal;
  /** how errors name one record of the resource, e.g. `company` */
  label?: string;
}

/** The link between one BSS record and its ConnectWise record, per instance (its IntegrationId). */
export interface SyncLink {
  instanceId: string;
  module: string;
  recordId: string;
  connectwiseId: number;
  /** the body cwsync last wrote to ConnectWise (or read, when it linked an existing record) */
  pushedBody: Record<string, unknown>;
  /** the BSS field values when both sides were last in step: the base for echo and conflict checks */
  bssValues?: Record<string, unknown>;
  connectwiseLastUpdated?: string;
}

export interface LinkRepository {
  find(instanceId: string, module: string, recordId: string): Promise<SyncLink | undefined>;
  findByConnectwiseId(
    instanceId: string,
    module: string,
    connectwiseId: number,
  ): Promise<SyncLink | undefined>;
  save(link: SyncLink): Promise<void>;
  /**
   * The `connectwiseLastUpdated` of the links of these ConnectWise ids, in one query (a poll's page at once); ids
   * with no link, or a link without one, are absent. Optional: without it a poll looks them up one by one.
   */
  connectwiseLastUpdatedOf?(
    instanceId: string,
    module: string,
    connectwiseIds: number[],
  ): Promise<Map<number, string>>;
  /**
   * A record's ConnectWise id on the instance as the record read from the store carries it (`integrationIds`):
   * null when it says the record is not linked there, undefined when it does not say (then `find` tells). Only a
   * repository whose links those ids are answers (saving a read per record and dependency pushed); one keeping
   * links of its own (a dry run's, in memory) leaves it out.
   */
  idInRecord?(instanceId: string, record: Record<string, unknown>): number | null | undefined;
  /**
   * A record's own link on the instance as the record read by `RecordReader.getWithLinks` carries it: null when it
   * is not linked there, undefined when the record does not carry its links (then `find` tells).
   */
  linkInRecord?(
    instanceId: string,
    module: string,
    record: Record<string, unknown>,
  ): SyncLink | null | undefined;
}

/** `LinkRepository.idInRecord` for links that are the rows the store reads a record's `integrationIds` from. */
export function connectwiseIdInRecord(
  instanceId: string,
  record: Record<string, unknown>,
): number | null | undefined {
  const integrationIds = record.integrationIds;
  if (integrationIds === null || typeof integrationIds !== 'object') return undefined;
  const id = (integrationIds as Record<string, unknown>)[instanceId];
  return id === undefined || id === null ? null : Number(id);
}

/** One record of one module of one instance. */
export interface RecordKey {
  instanceId: string;
  module: string;
  recordId: string;
}

/**
 * Creates whose outcome is not known yet, for modules whose records are looked for only after such a create
 * (match rules `when: afterUnsettledCreate`): noted before the record is looked for and created, settled once it
 * is linked or ConnectWise refused it.
 */
export interface CreateAttempts {
  /** notes a create about to be made; true when one was noted already and never settled (its outcome unknown) */
  begin(key: RecordKey): Promise<boolean>;
  /**
   * Forgets the note. With `link` (what the create made, as `LinkRepository.save` takes it) the link is saved
   * in the same commit: a create is settled exactly when its link is there.
   */
  settle(key: RecordKey, link?: SyncLink): Promise<void>;
}

/** The BSS records the engine reads. */
export interface RecordReader {
  /** A record by its id (the store's carry `integrationIds`: see `LinkRepository.idInRecord`). */
  get(entity: string, id: string): Promise<Record<string, unknown> | undefined>;
  /**
   * `get` for the record a push pushes: the store's carries its own links whole, for `LinkRepository.linkInRecord`
   * (one statement instead of two for a linked record). Optional: without it `get` is used.
   */
  getWithLinks?(entity: string, id: string): Promise<Record<string, unknown> | undefined>;
  /** the records whose fields (dotted paths) equal the given values */
  findWhere(entity: string, where: Record<string, string>): Promise<Array<Record<string, unknown>>>;
}

/** How a pull writes into the BSS: through the store, with origin 'pull', so the change feed carries it. */
export interface RecordWriter {
  create(
    entity: string,
    id: string | undefined,
    fields: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  update(
    entity: string,
    id: string,
    fields: Record<string, unknown>,
    expectedVersion: number | undefined,
  ): Promise<Record<string, unknown>>;
}

/** The instance's synchronization lookups: BSS internal id → ConnectWise integration id. */
export interface LookupTable {
  integrationId(lookup: string, internalId: string): string | undefined;
  internalId(lookup: string, integrationId: string): string | undefined;
}
