const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const millisecondsPer400Years = 146_097 * 86_400_000;

/**
 * Milliseconds since the epoch for an ISO-8601 date or datetime (`2026-01-01`, `2026-01-01T10:00:00Z`,
 * fractional seconds, `+02:00` offsets; no zone means UTC), or NaN when `text` is not one. Hand-written
 * because Date.parse accepts far more than ConnectWise does and reads zone-less datetimes as local time,
 * and because orderBy and datetime conditions parse every record's value (a regex costs 3× more).
 */
export function parseInstant(text: string): number {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = readDigits(text, 0, 4);
  const month = readDigits(text, 5, 2);
  const day = readDigits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth[month - 1]!) return Number.NaN;
  if (month === 2 && day === 29 && !isLeapYear(year)) return Number.NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let index = 10;
  const separator = text[10];
  if (separator === 'T' || separator === 't' || separator === ' ') {
    hour = readDigits(text, 11, 2);
    minute = text.charCodeAt(13) === 58 /* : */ ? readDigits(text, 14, 2) : -1;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
    index = 16;
    if (text.charCodeAt(index) === 58) {
      second = readDigits(text, 17, 2);
      if (second < 0 || second > 59) return Number.NaN;
      index = 19;
      if (text.charCodeAt(index) === 46 /* . */) {
        const fractionStart = index + 1;
        index = fractionStart;
        while (index < length && isDigit(text.charCodeAt(index))) index += 1;
        const fractionLength = index - fractionStart;
        if (fractionLength === 0 || fractionLength > 9) return Number.NaN;
        millisecond = readDigits(`${text.slice(fractionStart, Math.min(index, fractionStart + 3))}00`, 0, 3);
      }
    }
  }
  const offsetMinutes = readOffset(text, index);
  if (Number.isNaN(offsetMinutes)) return Number.NaN;
  // Date.UTC maps years 0-99 to 1900-1999; the Gregorian calendar repeats every 400 years
  const shifted = year < 100;
  const utc = Date.UTC(shifted ? year + 400 : year, month - 1, day, hour, minute, second, millisecond);
  return (shifted ? utc - millisecondsPer400Years : utc) - offsetMinutes * 60_000;
}

/** Minutes east of UTC for the zone designator at `index` (none = UTC), or NaN when it is malformed. */
function readOffset(text: string, index: number): number {
  if (index === text.length) return 0;
  const designator = text[index];
  if ((designator === 'Z' || designator === 'z') && index + 1 === text.length) return 0;
  if (designator !== '+' && designator !== '-') return Number.NaN;
  const hours = readDigits(text, index + 1, 2);
  const minutesAt = text.charCodeAt(index + 3) === 58 ? index + 4 : index + 3;
  const minutes = readDigits(text, minutesAt, 2);
  if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59 || minutesAt + 2 !== text.length)
    return Number.NaN;
  return (designator === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The number written by `count` digits at `start`, or -1 when one of them is not a digit. */
function readDigits(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
