// Benchmark sizes and switches read from the environment, so a quick run is one variable away.

export function wholeNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${text}"`);
  return value;
}

export function numberList(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 0)) {
    throw new Error(`${name} must be whole numbers separated by commas, got "${text}"`);
  }
  return values;
}

/** The databases the suites run cwsync on: SQLite, and PostgreSQL when TEST_DATABASE_URL is set. */
export function databaseKinds(): Array<'sqlite' | 'postgres'> {
  const text = process.env.CWSYNC_BENCH_DATABASES;
  if (text) return text.split(',').map((kind) => kind.trim()) as Array<'sqlite' | 'postgres'>;
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** One of `choices`, read from the environment; the first when unset. */
export function oneOf<T extends string>(name: string, choices: readonly [T, ...T[]]): T {
  const text = process.env[name];
  if (text === undefined || text === '') return choices[0];
  if (!(choices as readonly string[]).includes(text)) {
    throw new Error(`${name} must be one of ${choices.join(', ')}, got "${text}"`);
  }
  return text as T;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const range = (values: number[], digits = 0): string => {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
};
