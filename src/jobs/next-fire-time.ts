/**
 * When a schedule fires next: `every` milliseconds after `from`, or the next minute (UTC) matching a 5-field cron
 * expression `minute hour day-of-month month day-of-week` with `*`, numbers, ranges `a-b`, steps `/n` and lists.
 */
export function nextFireTime(every: number | string, from: Date): Date {
  if (typeof every === 'number') {
    if (!Number.isInteger(every) || every < 1)
      throw new Error('schedule every: must be a whole number of ms ≥ 1');
    return new Date(from.getTime() + every);
  }
  const fields = parseCron(every);
  const candidate = new Date(from.getTime());
  candidate.setUTCSeconds(0, 0);
  candidate.setUTCMinutes(candidate.getUTCMinutes() + 1);
  // A year of minutes is the longest a valid expression can wait (e.g. 29 February is handled by leap years).
  for (let step = 0; step < 60 * 24 * 366 * 4; step += 1) {
    if (
      fields.month.has(candidate.getUTCMonth() + 1) &&
      fields.day.has(candidate.getUTCDate()) &&
      fields.weekday.has(candidate.getUTCDay()) &&
      fields.hour.has(candidate.getUTCHours()) &&
      fields.minute.has(candidate.getUTCMinutes())
    ) {
      return candidate;
    }
    candidate.setUTCMinutes(candidate.getUTCMinutes() + 1);
  }
  throw new Error(`schedule "${every}": never fires`);
}

interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  day: Set<number>;
  month: Set<number>;
  weekday: Set<number>;
}

const ranges: Array<[keyof CronFields, number, number]> = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day', 1, 31],
  ['month', 1, 12],
  ['weekday', 0, 6],
];

export function parseCron(expression: string): CronFields {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new Error(`schedule "${expression}": must have 5 fields (minute hour day month weekday)`);
  }
  const fields = {} as CronFields;
  ranges.forEach(([name, low, high], index) => {
    fields[name] = parseField(parts[index] ?? '', name, low, high, expression);
  });
  // Sunday may be written 7.
  if (fields.weekday.has(7)) fields.weekday.add(0);
  return fields;
}

function parseField(field: string, name: string, low: number, high: number, expression: string): Set<number> {
  const values = new Set<number>();
  const fail = (): never => {
    throw new Error(
      `schedule "${expression}": ${name} field "${field}" must be *, n, a-b, */n or a list, ${low}-${high}`,
    );
  };
  for (const item of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (match === null) fail();
    const start = match?.[1] === '*' ? low : Number(match?.[2]);
    const end =
      match?.[1] === '*' ? high : match?.[3] !== undefined ? Number(match[3]) : match?.[4] ? high : start;
    const step = match?.[4] !== undefined ? Number(match[4]) : 1;
    const top = name === 'weekday' ? 7 : high;
    if (start < low || end > top || start > end || step < 1) fail();
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return values;
}
