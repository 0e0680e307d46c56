/** A problem with the file as a whole (unreadable, unknown format, a header naming no field): the import stops. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}
