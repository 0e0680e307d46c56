import type { Logger } from 'pino';

export type ApiVersion = '2022.1' | '2025.8' | '2026.4';

export interface SandboxCredentials {
  companyId: string;
  publicKey: string;
  privateKey: string;
}

export interface FaultSettings {
  latencyMs: number; // fixed delay before answering
  jitterMs: number; // + uniform random 0..jitterMs
  rateLimit: { limit: number; windowSeconds: number } | null; // beyond `limit` calls per window: 429 + Retry-After
  timeoutErrorRate: number; // 0..1 share of answers replaced by 500 {"code":"ConnectWiseApi","message":"A timeout has occured. Please try again."}
  dropConnectionRate: number; // 0..1 share of requests whose socket is destroyed without an answer
  lostCreateAnswerRate: number; // 0..1 share of creates (POST) carried out whose answer is then lost (socket destroyed)
  lostUpdateAnswerRate: number; // 0..1 share of updates (PATCH, PUT) carried out whose answer is then lost
  companyPatchDateTimeError: boolean; // every company PATCH answers 400 "String was not recognized as a valid DateTime." (a tenant whose stored data breaks PATCH)
  callbackKeyNeedsAuth: boolean; // the callback signing-key URL answers 401 without the API member's Basic auth and clientId
}

/**
 * ConnectWise behaviour real tenants show beyond the published schema (docs/connectwise-tenant-rules.md). On by
 * default: cwsync's tests, demos and `npm start` run against the strict tenant.
 */
export interface TenantRuleSettings {
  /** false = the published schema only: no site rule, no unpublished field limits, no bill-to default */
  enabled: boolean;
  /** what a new company's `billToCompany` is when the create leaves it out: the company itself, or nothing */
  newCompanyBillTo: 'self' | 'none';
  /** forward-only paging: whether the last non-empty page still carries `Link: …pageId=<last id>; rel="next"` */
  forwardOnlyLinkOnLastPage: boolean;
}

export interface SandboxOptions {
  host?: string;
  port?: number; // default 127.0.0.1, 0 in tests
  credentials?: Partial<SandboxCredentials>; // defaults cwsync / sandbox-public / sandbox-private
  apiVersion?: ApiVersion; // default '2022.1'
  codebase?: string; // what /login/companyinfo reports, default 'v2025_1/'
  seed?: 'demo' | 'empty'; // default 'demo'
  dataFile?: string; // optional persistence
  faults?: Partial<FaultSettings>;
  /** `false` runs the sandbox schema-only; an object changes single tenant rules */
  tenantRules?: boolean | Partial<TenantRuleSettings>;
  logger?: Logger;
}

export interface ChangeEvent {
  resource: string; // registry path, e.g. 'company/companies'
  callbackType: string | null; // callback `type` for this resource ('company', 'contact', 'agreement', 'invoice', 'salesOrder' ... or null)
  action: 'added' | 'updated' | 'deleted';
  id: number;
  record: Record<string, unknown> | null; // full record after the change (null on delete)
  memberIdentifier: string; // API member that made the change (also written to _info.updatedBy)
}

export interface SandboxStore {
  /** rows of a resource in id order; parentId for nested resources (e.g. contact communications, sites, payments) */
  list(resource: string, parentId?: number): Array<Record<string, unknown>>;
  get(resource: string, id: number): Record<string, unknown> | undefined;
  /** the id the next insert of this resource gets (unless it asks for one) */
  nextIdOf(resource: string): number;
  /** assigns id and _info (dateEntered, lastUpdated, enteredBy, updatedBy), emits 'added' */
  insert(
    resource: string,
    record: Record<string, unknown>,
    memberIdentifier: string,
    parentId?: number,
  ): Record<string, unknown>;
  replace(
    resource: string,
    id: number,
    record: Record<string, unknown>,
    memberIdentifier: string,
  ): Record<string, unknown>; // emits 'updated'
  remove(resource: string, id: number, memberIdentifier: string): void; // emits 'deleted'
  onChange(listener: (event: ChangeEvent) => void): () => void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  clear(): void;
}

export interface SandboxContext {
  options: Required<Pick<SandboxOptions, 'host' | 'apiVersion' | 'codebase' | 'seed'>> & SandboxOptions;
  credentials: SandboxCredentials;
  tenantRules: TenantRuleSettings;
  store: SandboxStore;
  /** the base URL once listening, e.g. http://127.0.0.1:PORT */
  baseUrl(): string;
}
