export { importFile, type ImportFileOptions, type ImportFileSummary } from './import-file.js';
export { importRecords, type ImportProgress, type ImportSummary } from './import-records.js';
export { ImportFileError } from './import-file-error.js';
export type { ImportRow, ImportRowError } from './import-row.js';
export { inferImportSource, importFormats, type ImportFormat } from './infer-import-source.js';
export { mapCsvColumns } from './map-csv-columns.js';
export { readCsvRows } from './read-csv-rows.js';
export { readJsonlRows } from './read-jsonl-rows.js';
