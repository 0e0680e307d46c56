import { ConfigurationError, problemOf, zodProblems } from '../errors/index.js';
import { join } from 'node:path';
import { z } from 'zod';
import type { MetricsAccess } from '../server/routes/metrics-route.js';
import type { RetentionPolicy } from '../runs/index.js';
import { isCidr, type WebhookTargetPolicy } from '../webhooks/webhook-target-policy.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment cwsync reads, parsed once at the edge; the rest of the program trusts these types. */
export const environmentSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** the interface `serve` listens on: this machine only unless told (`0.0.0.0` for every interface) */
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** pretty: readable lines; json: one JSON object a line; auto: pretty when stdout is a terminal */
  CWSYNC_LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  CWSYNC_DATA_DIR: z.string().min(1).default('./data'),
  /** 32 bytes (64 hex digits or base64) that encrypt secrets at rest; else a key file in the data folder */
  CWSYNC_SECRET_KEY: z.string().min(1).optional(),
  /** the built-in ConnectWise sandbox `serve` runs beside the API: on, or off */
  CWSYNC_SANDBOX: z.enum(['on', 'off']).default('on'),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** where ConnectWise reaches this server (https://cwsync.example.com): its callbacks are registered there */
  CWSYNC_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** `token` (default): `/metrics` needs a bearer API token or CWSYNC_METRICS_TOKEN; `none`: anyone reaching it */
  CWSYNC_METRICS_AUTH: z.enum(['token', 'none']).default('token'),
  /** a token Prometheus scrapes `/metrics` with, so it needs no API token (at least 16 characters) */
  CWSYNC_METRICS_TOKEN: z.string().min(16).optional(),
  /** finished runs (with each record's outcome) and webhook delivery attempts are kept this many days */
  CWSYNC_RETAIN_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  /** and at most this many finished runs, the newest */
  CWSYNC_RETAIN_RUNS: z.coerce.number().int().min(1).default(10_000),
  /** let webhooks target loopback, private, link-local… addresses (by default only public ones) */
  CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS: z.stringbool().default(false),
  /** comma-separated ranges webhooks may target although not public, e.g. `10.20.0.0/16,fd00:1::/64` */
  CWSYNC_WEBHOOK_ALLOWED_CIDRS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().refine(isCidr, 'must be comma-separated CIDR ranges like 10.0.0.0/8 or fd00::/8')),
    ),
});

export type Environment = z.infer<typeof environmentSchema>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const issues = zodProblems(result.error, '(environment)', env);
    throw new ConfigurationError(`invalid environment: ${issues.map(problemOf).join('; ')}`, issues);
  }
  return result.data;
}

export function metricsAccessOf(env: Environment): MetricsAccess {
  return {
    open: env.CWSYNC_METRICS_AUTH === 'none',
    ...(env.CWSYNC_METRICS_TOKEN !== undefined ? { token: env.CWSYNC_METRICS_TOKEN } : {}),
  };
}

export function retentionOf(env: Environment): RetentionPolicy {
  return { days: env.CWSYNC_RETAIN_DAYS, runs: env.CWSYNC_RETAIN_RUNS };
}

export function webhookTargetPolicyOf(env: Environment): WebhookTargetPolicy {
  return {
    allowPrivate: env.CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS,
    allowedCidrs: env.CWSYNC_WEBHOOK_ALLOWED_CIDRS,
  };
}

/** DATABASE_URL when set, otherwise the SQLite file in the data folder. */
export function databaseUrlOf(env: Environment): string {
  return env.DATABASE_URL ?? join(env.CWSYNC_DATA_DIR, 'cwsync.db');
}
