import { ConnectWiseCounters } from './counters.js';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { Logger } from '../logging/logger.js';
import type { RetryPolicy } from '../shared/index.js';
import { ConfigurationError, problemOf, zodProblems, type ValidationIssue } from '../errors/index.js';

export const retryPolicySchema = z.object({
  /** attempts for one request when it fails with a network error, 408 or 5xx (the first try included) */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  baseDelayMs: z.number().int().min(0).max(60_000).default(500),
  maxDelayMs: z.number().int().min(0).max(600_000).default(30_000),
  /** 429 answers are retried on their own budget: a rate limit is not a failure of the request */
  maxRateLimitRetries: z.number().int().min(0).max(100).default(10),
  /** a Retry-After beyond this gives up instead of waiting */
  maxRetryAfterMs: z.number().int().min(0).default(300_000),
});

/** cwsync's one retry policy, plus the budget of 429 answers and the longest Retry-After worth waiting for. */
export type ConnectWiseRetryPolicy = RetryPolicy & { maxRateLimitRetries: number; maxRetryAfterMs: number };
retryPolicySchema satisfies z.ZodType<ConnectWiseRetryPolicy, unknown>;

const codebasePattern = /^(discover|[A-Za-z0-9_.-]+\/?)$/;

export const connectWiseConfigSchema = z.object({
  siteUrl: z.string().trim().min(1, 'siteUrl is required, e.g. na.myconnectwise.net'),
  companyId: z.string().trim().min(1, 'companyId (the company login id) is required'),
  publicKey: z.string().min(1, 'publicKey is required'),
  privateKey: z.string().min(1, 'privateKey is required'),
  clientId: z.guid('clientId must be the GUID issued at developer.connectwise.com/ClientID'),
  apiVersion: z
    .string()
    .regex(/^\d{4}\.\d{1,2}$/, 'apiVersion must look like 2022.1')
    .default('2022.1'),
  codebase: z
    .string()
    .regex(codebasePattern, "codebase must be 'discover' or a codebase such as v4_6_release")
    .default('v4_6_release'),
  maxConcurrency: z.number().int().min(1).max(64).default(8),
  /** how long to wait for response headers, and between body chunks */
  timeoutMs: z.number().int().min(1).max(600_000).default(60_000),
  retry: retryPolicySchema.default(retryPolicySchema.parse({})),
  logger: z.custom<Logger>((value) => isLoggerLike(value), 'logger must be a pino logger').optional(),
  dispatcher: z
    .custom<Dispatcher>((value) => isDispatcherLike(value), 'dispatcher must be an undici Dispatcher')
    .optional(),
  /** counts into these (shared by the clients one instance has over time, for metrics) instead of its own */
  counters: z
    .custom<ConnectWiseCounters>(
      (value) => value instanceof ConnectWiseCounters,
      'counters must be ConnectWiseCounters',
    )
    .optional(),
});

export type ConnectWiseConfigInput = z.input<typeof connectWiseConfigSchema>;
export type ConnectWiseConfig = z.output<typeof connectWiseConfigSchema>;

/** The client's settings cannot work; each issue names the field and the rule, never the value. */
export class ConnectWiseConfigError extends ConfigurationError {
  constructor(issues: readonly ValidationIssue[]) {
    super(`Invalid ConnectWise configuration: ${issues.map(problemOf).join('; ')}`, issues);
  }
}

/** Validates the client configuration once, at the edge; messages name the field and never echo a value. */
export function parseConnectWiseConfig(input: unknown): ConnectWiseConfig {
  const result = connectWiseConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConnectWiseConfigError(zodProblems(result.error, 'config', input));
}

function isLoggerLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'warn' in value && 'child' in value;
}

function isDispatcherLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'dispatch' in value;
}
