/** PostgreSQL hands json back parsed; SQLite hands back the text that was stored. */
export function readJsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function writeJsonColumn(value: unknown): string {
  return JSON.stringify(value);
}
