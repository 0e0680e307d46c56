import type { Command } from 'commander';
import { registerHistoryCommand } from './history.js';
import { registerImportCommand } from './import.js';
import { registerInstanceCommand } from './instance.js';
import { registerLookupCommand } from './lookup.js';
import { registerReconcileCommand } from './reconcile.js';
import { registerReportCommand } from './report.js';
import { registerSandboxCommand } from './sandbox.js';
import { registerServeCommand } from './serve.js';
import { registerStatusCommand } from './status.js';
import { registerSyncCommand } from './sync.js';
import { registerTokenCommand } from './token.js';
import { registerWebhookCommand } from './webhook.js';
import { registerWorkerCommand } from './worker.js';

/** Each command module exports one registrar; the order here is the order of `cwsync --help`. */
export const commandRegistrars: Array<(program: Command) => void> = [
  registerServeCommand,
  registerStatusCommand,
  registerWorkerCommand,
  registerSyncCommand,
  registerTokenCommand,
  registerImportCommand,
  registerWebhookCommand,
  registerInstanceCommand,
  registerLookupCommand,
  registerReportCommand,
  registerHistoryCommand,
  registerReconcileCommand,
  registerSandboxCommand,
];
