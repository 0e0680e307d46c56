import type { Command } from 'commander';

export type CommandRegistrar = (program: Command) => void;

/**
 * Each command module exports one registrar, loaded when the command is: `cwsync worker` loads the worker's
 * modules and not the server's routes, the sandbox's seed data or the import's parsers (a worker's start is
 * mostly module loading: docs/benchmarks.md, branch `pg-cpu`). The order here is the order of `cwsync --help`.
 */
export const commandLoaders: ReadonlyArray<{ name: string; load(): Promise<CommandRegistrar> }> = [
  { name: 'serve', load: async () => (await import('./serve.js')).registerServeCommand },
  { name: 'status', load: async () => (await import('./status.js')).registerStatusCommand },
  { name: 'worker', load: async () => (await import('./worker.js')).registerWorkerCommand },
  { name: 'sync', load: async () => (await import('./sync.js')).registerSyncCommand },
  { name: 'token', load: async () => (await import('./token.js')).registerTokenCommand },
  { name: 'import', load: async () => (await import('./import.js')).registerImportCommand },
  { name: 'webhook', load: async () => (await import('./webhook.js')).registerWebhookCommand },
  { name: 'instance', load: async () => (await import('./instance.js')).registerInstanceCommand },
  { name: 'lookup', load: async () => (await import('./lookup.js')).registerLookupCommand },
  { name: 'report', load: async () => (await import('./report.js')).registerReportCommand },
  { name: 'history', load: async () => (await import('./history.js')).registerHistoryCommand },
  { name: 'reconcile', load: async () => (await import('./reconcile.js')).registerReconcileCommand },
  { name: 'sandbox', load: async () => (await import('./sandbox.js')).registerSandboxCommand },
];

/** The registrars of every command, or of `only` alone when it names one (the command a process runs). */
export async function loadCommandRegistrars(only?: string): Promise<CommandRegistrar[]> {
  const named = commandLoaders.filter((loader) => loader.name === only);
  return Promise.all((named.length > 0 ? named : commandLoaders).map((loader) => loader.load()));
}
