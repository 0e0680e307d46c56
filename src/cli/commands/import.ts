import { basename } from 'node:path';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import {
  ImportFileError,
  importFile,
  importFormats,
  type ImportFileSummary,
} from '../../bss/import/index.js';
import { entityNames } from '../../bss/records/index.js';
import { createRecordStore } from '../../bss/store/index.js';

export interface ImportCommandOptions {
  entity?: string;
  format?: string;
  databaseUrl?: string;
  dryRun?: boolean;
  json?: boolean;
  batchSize?: number;
}

export interface CommandOutput {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Exit codes: every row went in; some rows were refused (the others were committed); the import could not run. */
export const importExitCodes = { allRowsImported: 0, someRowsFailed: 2, fatal: 1 } as const;

const shownErrorLimit = 50;

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'Import BSS records from a JSON-lines or CSV file (upsert by id; bad rows reported, good rows committed)',
    )
    .argument('<file>', 'accounts.csv, contacts.jsonl, … (the entity and format are read from the name)')
    .addOption(new Option('--entity <entity>', 'which records the file holds').choices(entityNames))
    .addOption(new Option('--format <format>', 'file format').choices(importFormats))
    .option('--database-url <url>', databaseUrlHelp)
    .option('--dry-run', 'validate every row and report, write nothing')
    .option('--json', 'print the summary and every error as JSON')
    .option('--batch-size <rows>', 'rows per transaction (1..5000)', parseBatchSize, 500)
    .addHelpText(
      'after',
      `
CSV columns: the record's field names (any case), dotted names for nested fields (type.id, currency.id,
addresses.0.city, customValues.0.name), a reference by its field name (type, currency, account), and for
accounts the flat billing-address columns address1, address2, city, postCode (zip), stateCode (state),
stateName, countryCode (country), countryName. A column that names no field stops the import before any write.

Exit codes: 0 every row imported, 2 some rows failed (the rest were committed), 1 the import could not run.`,
    )
    .action(async (file: string, options: ImportCommandOptions) => {
      process.exitCode = await runImportCommand(file, options, {
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}

export async function runImportCommand(
  file: string,
  options: ImportCommandOptions,
  output: CommandOutput,
): Promise<number> {
  const database = openCommandDatabase(options.databaseUrl);
  const progress = createProgressReporter(output, basename(file));
  try {
    await database.migrate();
    const summary = await importFile({
      store: createRecordStore(database.db),
      path: file,
      ...(options.entity === undefined ? {} : { entity: options.entity }),
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      dryRun: options.dryRun === true,
      onStart: progress.start,
      onProgress: progress.update,
    });
    progress.stop();
    output.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    return summary.failed > 0 ? importExitCodes.someRowsFailed : importExitCodes.allRowsImported;
  } catch (error) {
    progress.stop();
    const message =
      error instanceof ImportFileError ? error.message : `import failed: ${(error as Error).message}`;
    if (options.json) output.stdout.write(`${JSON.stringify({ error: message }, null, 2)}\n`);
    else output.stderr.write(`cwsync import: ${message}\n`);
    return importExitCodes.fatal;
  } finally {
    await database.destroy();
  }
}

function parseBatchSize(raw: string): number {
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 5000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 5000.');
  }
  return size;
}

function formatSummary(summary: ImportFileSummary): string {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const lines = [
    `${summary.dryRun ? 'Dry run (nothing written): ' : ''}${basename(summary.file)} → ${summary.entity} ` +
      `(${summary.format}): ${summary.rows} rows in ${seconds} s, ${summary.rowsPerSecond} rows/s`,
    `  created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, failed ${summary.failed}`,
  ];
  if (summary.errors.length > 0) {
    lines.push('', 'Rows not imported (line, id, field: rule, what is wrong):');
    for (const error of summary.errors.slice(0, shownErrorLimit)) {
      const id = error.id ? ` ${error.id}` : '';
      lines.push(`  line ${error.row}${id}  ${error.field || '(row)'}: ${error.rule}, ${error.message}`);
    }
    const hidden = summary.errors.length - shownErrorLimit;
    if (hidden > 0) lines.push(`  … and ${hidden} more (--json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}

interface ProgressReporter {
  start(file: { entity: string; format: string; totalBytes: number }): void;
  update(progress: { rows: number; failed: number; bytesRead: number }): void;
  stop(): void;
}

/** A bar on a terminal; on a pipe or in CI, a plain line every few seconds instead of control characters. */
function createProgressReporter(output: CommandOutput, fileName: string): ProgressReporter {
  if (output.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: output.stderr,
        format: `${fileName} [{bar}] {percentage}% | {rows} rows | {failed} failed | {duration_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      start: ({ totalBytes }) => {
        bar.start(Math.max(totalBytes, 1), 0, { rows: 0, failed: 0 });
        started = true;
      },
      update: ({ rows, failed, bytesRead }) => bar.update(bytesRead, { rows, failed }),
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  const intervalMs = 5_000;
  let lastLine = Date.now();
  return {
    start: () => undefined,
    update: ({ rows, failed }) => {
      if (Date.now() - lastLine < intervalMs) return;
      lastLine = Date.now();
      output.stderr.write(`${fileName}: ${rows} rows read, ${failed} failed\n`);
    },
    stop: () => undefined,
  };
}
