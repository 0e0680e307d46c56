import { basename } from 'node:path';
import { entityNames, isEntityName, type EntityName } from '../records/entity-names.js';
import { ImportFileError } from './import-file-error.js';

export type ImportFormat = 'jsonl' | 'csv';
export const importFormats: readonly ImportFormat[] = ['jsonl', 'csv'];

const formatByExtension: Record<string, ImportFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
};

/** `accounts.csv`, `2026-11-25-accounts.jsonl`, `account-types.csv` → the entity and format they hold. */
export function inferImportSource(
  path: string,
  given: { entity?: string; format?: string } = {},
): { entity: EntityName; format: ImportFormat } {
  const name = basename(path).toLowerCase();
  const extension = Object.keys(formatByExtension).find((candidate) => name.endsWith(candidate));
  const format = given.format ?? (extension ? formatByExtension[extension] : undefined);
  if (!format || !(importFormats as readonly string[]).includes(format)) {
    throw new ImportFileError(
      given.format
        ? `--format ${given.format} is not one of ${importFormats.join(', ')}`
        : `cannot tell the format of ${basename(path)} from its extension; pass --format jsonl|csv`,
    );
  }
  const entity = given.entity ?? entityFromFileName(extension ? name.slice(0, -extension.length) : name);
  if (!entity || !isEntityName(entity)) {
    throw new ImportFileError(
      given.entity
        ? `--entity ${given.entity} is not one of ${entityNames.join(', ')}`
        : `cannot tell which records ${basename(path)} holds from its name; pass --entity (${entityNames.join(', ')})`,
    );
  }
  return { entity, format: format as ImportFormat };
}

function entityFromFileName(stem: string): EntityName | undefined {
  // The longest name that ends the stem wins, so `account-types` is not read as `…types` of something else.
  const candidates = [...entityNames].sort((a, b) => b.length - a.length);
  return candidates.find((entity) => stem === entity || new RegExp(`(^|[^a-z])${entity}$`).test(stem));
}
