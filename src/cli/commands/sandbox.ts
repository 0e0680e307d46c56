import { InvalidArgumentError, Option, type Command } from 'commander';
import { createLogger } from '../../logging/logger.js';
import type { ApiVersion, FaultSettings } from '../../sandbox/context.js';
import { readOnlyKeys } from '../../sandbox/http/api-members.js';
import { startSandbox } from '../../sandbox/index.js';

interface SandboxCommandOptions {
  port: number;
  host: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  apiVersion: ApiVersion;
  codebase: string;
  seed: 'demo' | 'empty';
  tenantRules: 'on' | 'off';
  newCompanyBillTo: 'self' | 'none';
  dataFile?: string;
  latency: number;
  jitter: number;
  rateLimit?: FaultSettings['rateLimit'];
  timeoutRate: number;
  dropRate: number;
}

function parseWholeNumber(name: string, maximum = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > maximum) {
      throw new InvalidArgumentError(`${name} must be a whole number from 0 to ${maximum}.`);
    }
    return value;
  };
}

function parseShare(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new InvalidArgumentError('must be a share from 0 to 1, e.g. 0.05.');
  return value;
}

function parseRateLimit(raw: string): FaultSettings['rateLimit'] {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const limit = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (match === null || limit < 1 || windowSeconds < 1) {
    throw new InvalidArgumentError('must be <calls>/<seconds>, e.g. 60/60 for 60 calls a minute.');
  }
  return { limit, windowSeconds };
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Run a local, strict ConnectWise Manage API (in memory) for demos, tests and benchmarks')
    .option('--port <port>', 'port to listen on', parseWholeNumber('--port', 65535), 8787)
    .option(
      '--host <host>',
      'interface to listen on (loopback by default: the sandbox has no real security)',
      '127.0.0.1',
    )
    .option('--company-id <id>', 'ConnectWise company id of the login', 'cwsync')
    .option('--public-key <key>', 'API public key', 'sandbox-public')
    .option('--private-key <key>', 'API private key', 'sandbox-private')
    .addOption(
      new Option('--api-version <version>', 'ConnectWise API schema version to validate against')
        .choices(['2022.1', '2025.8', '2026.4'])
        .default('2022.1'),
    )
    .option(
      '--codebase <codebase>',
      'codebase /login/companyinfo reports (served besides v4_6_release)',
      'v2025_1/',
    )
    .addOption(new Option('--seed <seed>', 'start data').choices(['demo', 'empty']).default('demo'))
    .addOption(
      new Option(
        '--tenant-rules <on|off>',
        'enforce what real tenants enforce beyond the schema (docs/connectwise-tenant-rules.md); off = schema only',
      )
        .choices(['on', 'off'])
        .default('on'),
    )
    .addOption(
      new Option(
        '--new-company-bill-to <self|none>',
        'tenant rule C9: a new company is its own bill-to, or is left without one (docs/connectwise-tenant-rules.md)',
      )
        .choices(['self', 'none'])
        .default('self'),
    )
    .option('--data-file <path>', 'keep the data in this JSON file (loaded at start, saved after changes)')
    .option(
      '--latency <ms>',
      'delay every API answer by this many milliseconds',
      parseWholeNumber('--latency'),
      0,
    )
    .option(
      '--jitter <ms>',
      'plus a random delay of up to this many milliseconds',
      parseWholeNumber('--jitter'),
      0,
    )
    .option(
      '--rate-limit <n/seconds>',
      'answer 429 with Retry-After beyond n calls per window',
      parseRateLimit,
    )
    .option(
      '--timeout-rate <share>',
      'share of answers replaced by ConnectWise\'s 500 "A timeout has occured"',
      parseShare,
      0,
    )
    .option(
      '--drop-rate <share>',
      'share of requests whose connection is dropped without an answer',
      parseShare,
      0,
    )
    .addHelpText(
      'after',
      `
The sandbox keys are not secrets. A second, read-only API member signs in with
${readOnlyKeys.publicKey} / ${readOnlyKeys.privateKey} and gets 403 on writes.
Every call needs a clientId header holding a GUID, as ConnectWise requires.
Admin endpoints (faults, call counts, reset) live under /__sandbox/.`,
    )
    .action(async (options: SandboxCommandOptions) => {
      const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
      const sandbox = await startSandbox({
        host: options.host,
        port: options.port,
        credentials: {
          companyId: options.companyId,
          publicKey: options.publicKey,
          privateKey: options.privateKey,
        },
        apiVersion: options.apiVersion,
        codebase: options.codebase,
        seed: options.seed,
        tenantRules: options.tenantRules === 'on' ? { newCompanyBillTo: options.newCompanyBillTo } : false,
        dataFile: options.dataFile,
        logger,
        faults: {
          latencyMs: options.latency,
          jitterMs: options.jitter,
          rateLimit: options.rateLimit ?? null,
          timeoutErrorRate: options.timeoutRate,
          dropConnectionRate: options.dropRate,
        },
      });
      const { companyId, publicKey, privateKey } = sandbox.credentials;
      const rules =
        options.tenantRules === 'off'
          ? ', schema only'
          : options.newCompanyBillTo === 'none'
            ? ', new companies without a bill-to'
            : '';
      console.log(`ConnectWise sandbox (API ${options.apiVersion}, seed ${options.seed}${rules}) listening`);
      console.log(`  API URL:      ${sandbox.apiUrl}`);
      console.log(`  Company info: ${sandbox.url}/login/companyinfo/${companyId}`);
      console.log(`  Company id:   ${companyId}`);
      console.log(`  Public key:   ${publicKey}`);
      console.log(`  Private key:  ${privateKey}`);
      console.log(`  Read-only:    ${readOnlyKeys.publicKey} / ${readOnlyKeys.privateKey}`);
      console.log('  clientId:     any GUID, e.g. 00000000-0000-4000-8000-000000000000');
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await sandbox.stop();
      console.log('Sandbox stopped.');
    });
}
