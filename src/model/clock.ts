/**
 * Times as people write them in timelines: "14:02", "7:32 PM", "2:02 pm PST",
 * "Jan 14, 10:18 AM", "January 14, 2026 10:18", "14 Jan 2026 10:18",
 * "10/22/2022 13:05", "2024-01-15T14:02:00-08:00", "22:30 UTC (Oct 29)".
 *
 * The scanner reads a text from the left, one small token at a time, each
 * with a sticky regular expression of bounded length: it never backtracks
 * over more than one token, so its cost is linear in what it reads (and it
 * reads at most a few dozen characters).
 */

export interface CalendarDate {
  /** Absent when the text gives no year ("Jan 14"): the reader supplies it. */
  year?: number;
  month: number;
  day: number;
}

export interface ScannedTime {
  /** Index just after the last character read. */
  end: number;
  date?: CalendarDate;
  /** Minutes since midnight (seconds as a fraction). */
  minutes?: number;
  /** The zone as written ("UTC", "PST", "+01:00", "UTC+2"), when the text names one. */
  zone?: string;
  /** A date that does not exist ("Feb 30") or a clock out of range ("25:10", "13:00 PM"). */
  invalid?: 'date' | 'clock';
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const WEEKDAYS = new Set(['mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'weds', 'wednesday', 'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday']);

/**
 * Fixed offsets, in minutes east of UTC. IST is India Standard Time; BST British Summer Time. Several are also
 * words ("MET", "WEST", "EST"): on a row they count only in capitals and only right after the time (see scanZone).
 */
const FIXED_ZONES: Record<string, number> = {
  z: 0, utc: 0, gmt: 0, ut: 0, wet: 0,
  pst: -480, pdt: -420, mst: -420, mdt: -360, cst: -360, cdt: -300, est: -300, edt: -240,
  akst: -540, akdt: -480, hst: -600,
  bst: 60, west: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180, msk: 180,
  ist: 330, sgt: 480, hkt: 480, awst: 480, jst: 540, kst: 540, acst: 570, acdt: 630, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};
/**
 * US zones named without saying standard or daylight time: the offset in force on the day (second Sunday of March to
 * first Sunday of November). A long name counts only with "Time" after it ("Pacific Time"): "Central" alone is a word.
 */
const US_ZONES: Record<string, number> = {
  pt: -480, 'pacific time': -480, mt: -420, 'mountain time': -420, ct: -360, 'central time': -360, et: -300, 'eastern time': -300,
};
/** "Pacific Time", "Pacific time": a long zone name as it must be written. */
const LONG_ZONE = /\b(Pacific|Mountain|Central|Eastern)[ \t][Tt]ime\b/g;

/** A zone name or offset, as written, to minutes east of UTC on a day (days since 1970-01-01); undefined when it is no zone. */
export function zoneOffset(zone: string, day?: number): number | undefined {
  const offset = /^(?:(utc|gmt)\s?)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone.trim());
  if (offset) {
    const minutes = (offset[2] === '-' ? -1 : 1) * (Number(offset[3]) * 60 + Number(offset[4] ?? 0));
    return Math.abs(minutes) <= 14 * 60 ? minutes : undefined;
  }
  const name = zone.trim().replace(/\s+/g, ' ').toLowerCase();
  if (Object.hasOwn(FIXED_ZONES, name)) return FIXED_ZONES[name];
  if (Object.hasOwn(US_ZONES, name)) return US_ZONES[name]! + (day !== undefined && usDaylight(day) ? 60 : 0);
  return undefined;
}

/** Whether US daylight saving time is in force on a day (days since 1970-01-01). */
function usDaylight(day: number): boolean {
  const year = new Date(day * 86_400_000).getUTCFullYear();
  const nthSunday = (month: number, n: number) => {
    const first = Date.UTC(year, month, 1) / 86_400_000;
    const weekday = new Date(first * 86_400_000).getUTCDay();
    return first + ((7 - weekday) % 7) + (n - 1) * 7;
  };
  return day >= nthSunday(2, 2) && day < nthSunday(10, 1);
}

/** A zone name for an offset, to name in messages: "UTC−08:00 (PST)". */
export function describeOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const text = `UTC${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
  const names = Object.entries(FIXED_ZONES).filter(([name, offset]) => offset === minutes && name.length > 1 && name !== 'ut').map(([name]) => name.toUpperCase());
  return minutes === 0 ? 'UTC' : names.length > 0 ? `${text} (${names.slice(0, 3).join(', ')})` : text;
}

// Tokens. Each is anchored where the scanner stands (sticky) and reads a bounded number of characters.
const APPROX = /(?:~|ca\.|approx\.)\s?/iy;
const WORD = /([a-z]{2,9})\.?,?\s/iy;
const DAY_PREFIX = /day\s\d{1,2}\s?(?:[-–—:,]\s?)?/iy;
const ISO_DATE = /(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?!\d)/y;
const NUMERIC_DATE = /(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d:])/y;
const MONTH_DAY = /([a-z]{3,9})\.?\s(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:\s?[-–]\s?\d{1,2}(?:st|nd|rd|th)?(?![\d:]))?(?:,?\s(\d{4})(?![\d:]))?/iy;
const DAY_MONTH = /(\d{1,2})(?:st|nd|rd|th)?\s(?:of\s)?([a-z]{3,9})\.?(?:,?\s(\d{4})(?![\d:]))?/iy;
const DATE_CLOCK_SEP = /T(?=\d)|,?\s?(?:at|@|-|–|—)\s|,?\s/iy;
const CLOCK = /(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?![\d:])/y;
const HOUR_ONLY = /(\d{1,2})(?=\s?[ap]\.?m\b)/iy;
const MERIDIEM = /\s?([ap])\.?m\.?(?![a-z])/iy;
const RANGE_SEP = /\s?(?:-|–|—|to|until|till|→|->)\s?/iy;
/** A zone after a time: an abbreviation in capitals ("PST", "UTC+2", "(UTC)"), `utc` or `gmt` in any case (no word of an event reads so), or a long name with "Time" ("Pacific Time"). */
const ZONE_WORD = /\s?(\()?((?:UTC|GMT|utc|gmt)\s?[+-]\d{1,2}(?::?\d{2})?|(?:Pacific|Mountain|Central|Eastern)\s[Tt]ime|[A-Z]{2,5}|utc|gmt)(\))?(?![\p{L}\p{N}])/uy;
/** "Z" straight after the time ("14:02Z", "…T14:02:00Z"), never after a space. */
const ZONE_Z = /Z(?![\p{L}\p{N}])/uy;
const ZONE_OFFSET = /\s?([+-]\d{2}:?\d{2})(?![\d:])/y;
const OPEN_PAREN = /\s?\(/y;
const CLOSE_PAREN = /\)/y;
const TRAILING_DATE_SEP = /,?\s(?:on\s)?/iy;

function at(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function makeDate(year: number | undefined, month: number, day: number): { date: CalendarDate; invalid: boolean } {
  // A year-less date is checked in a leap year, so that "Feb 29" stands.
  const invalid = !validDate(year ?? 2000, month, day);
  return { date: year === undefined ? { month, day } : { year, month, day }, invalid };
}

/** A date at `index`: ISO, M/D/Y (D/M/Y when the first number is over 12, D.M.Y with dots), "Jan 14[, 2026]", "14 Jan [2026]", after an optional weekday. */
export function scanDate(text: string, index: number): { end: number; date: CalendarDate; invalid: boolean } | undefined {
  let start = index;
  const weekday = at(WORD, text, start);
  if (weekday && WEEKDAYS.has(weekday[1]!.toLowerCase())) start = WORD.lastIndex;
  const iso = at(ISO_DATE, text, start);
  if (iso) return { end: ISO_DATE.lastIndex, ...makeDate(Number(iso[1]), Number(iso[3]), Number(iso[4])) };
  const numeric = at(NUMERIC_DATE, text, start);
  if (numeric) {
    const [a, b] = [Number(numeric[1]), Number(numeric[3])];
    const year = numeric[4]!.length === 2 ? 2000 + Number(numeric[4]) : Number(numeric[4]);
    const dayFirst = numeric[2] === '.' || a > 12;
    return { end: NUMERIC_DATE.lastIndex, ...makeDate(year, dayFirst ? b : a, dayFirst ? a : b) };
  }
  const monthDay = at(MONTH_DAY, text, start);
  if (monthDay) {
    const month = MONTHS[monthDay[1]!.toLowerCase()];
    if (month !== undefined) return { end: MONTH_DAY.lastIndex, ...makeDate(monthDay[3] === undefined ? undefined : Number(monthDay[3]), month, Number(monthDay[2])) };
  }
  const dayMonth = at(DAY_MONTH, text, start);
  if (dayMonth) {
    const month = MONTHS[dayMonth[2]!.toLowerCase()];
    if (month !== undefined) return { end: DAY_MONTH.lastIndex, ...makeDate(dayMonth[3] === undefined ? undefined : Number(dayMonth[3]), month, Number(dayMonth[1])) };
  }
  return undefined;
}

/** A clock at `index`: "14:02", "14:02:30", "7:32 PM", "2 pm". */
function scanClock(text: string, index: number): { end: number; hours: number; minutes: number; seconds: number; meridiem?: 'a' | 'p' } | undefined {
  let match = at(CLOCK, text, index);
  let end: number;
  let hours: number;
  let minutes = 0;
  let seconds = 0;
  if (match) {
    end = CLOCK.lastIndex;
    hours = Number(match[1]);
    minutes = Number(match[2]);
    seconds = Number(match[3] ?? 0);
  } else {
    match = at(HOUR_ONLY, text, index);
    if (!match) return undefined;
    end = HOUR_ONLY.lastIndex;
    hours = Number(match[1]);
  }
  const meridiem = at(MERIDIEM, text, end);
  if (meridiem) return { end: MERIDIEM.lastIndex, hours, minutes, seconds, meridiem: meridiem[1]!.toLowerCase() as 'a' | 'p' };
  return { end, hours, minutes, seconds };
}

/** Minutes since midnight of a clock, or undefined when it is out of range. */
function clockMinutes(clock: { hours: number; minutes: number; seconds: number; meridiem?: 'a' | 'p' }): number | undefined {
  let hours = clock.hours;
  if (clock.meridiem !== undefined) {
    if (hours > 12) return undefined;
    hours = (hours % 12) + (clock.meridiem === 'p' ? 12 : 0);
  }
  if (hours > 23 || clock.minutes > 59 || clock.seconds > 59) return undefined;
  return hours * 60 + clock.minutes + clock.seconds / 60;
}

/**
 * The zone right after a time. Only there, and only as written for a zone ("PST", "UTC", "Pacific Time"): what follows
 * a time on a list item is its event, whose words ("Met with the DBA team", "West region failed over") are no zones.
 */
function scanZone(text: string, index: number): { end: number; zone: string } | undefined {
  if (at(ZONE_Z, text, index)) return { end: ZONE_Z.lastIndex, zone: 'Z' };
  const offset = at(ZONE_OFFSET, text, index);
  if (offset && zoneOffset(offset[1]!) !== undefined) return { end: ZONE_OFFSET.lastIndex, zone: offset[1]! };
  const word = at(ZONE_WORD, text, index);
  // "(UTC)" needs both parentheses, "UTC" neither.
  if (word && (word[1] === undefined) === (word[3] === undefined) && zoneOffset(word[2]!) !== undefined) return { end: ZONE_WORD.lastIndex, zone: word[2]! };
  return undefined;
}

/**
 * Reads a time from `index`: [~] [weekday] [date [sep]] clock [am/pm] [zone] [- clock [am/pm] [zone]] [(date) | , date],
 * or a date alone. Undefined when no clock and no date stand there.
 */
export function scanTime(text: string, index = 0): ScannedTime | undefined {
  let position = index;
  const approx = at(APPROX, text, position);
  if (approx) position = APPROX.lastIndex;
  const result: ScannedTime = { end: position };
  const date = scanDate(text, position);
  let isoT = false;
  if (date) {
    result.date = date.date;
    if (date.invalid) result.invalid = 'date';
    result.end = position = date.end;
    const sep = at(DATE_CLOCK_SEP, text, position);
    if (sep) {
      isoT = sep[0] === 'T';
      const clockAfter = scanClock(text, DATE_CLOCK_SEP.lastIndex);
      if (clockAfter) position = DATE_CLOCK_SEP.lastIndex;
    }
  }
  const clock = scanClock(text, position);
  if (!clock) return date ? result : undefined;
  // "12:26-12:40", "09:30 UTC - 09:35 UTC": a range stands at its start. "14:02:00-08:00" is an offset.
  const minutes = clockMinutes(clock);
  if (minutes === undefined) result.invalid = 'clock';
  else result.minutes = minutes;
  result.end = position = clock.end;
  const zoneFirst = isoT || clock.seconds > 0;
  let zone = zoneFirst ? scanZone(text, position) : undefined;
  if (zone) {
    result.zone = zone.zone;
    result.end = position = zone.end;
  }
  const rangeSep = at(RANGE_SEP, text, position);
  if (rangeSep) {
    const rangeEnd = scanClock(text, RANGE_SEP.lastIndex);
    if (rangeEnd) {
      // "2:00 - 3:00 PM": the start takes the end's half of the day when that keeps it first.
      if (clock.meridiem === undefined && rangeEnd.meridiem !== undefined && minutes !== undefined) {
        const shifted = clockMinutes({ ...clock, meridiem: rangeEnd.meridiem });
        const endMinutes = clockMinutes(rangeEnd);
        if (shifted !== undefined && endMinutes !== undefined && shifted <= endMinutes) result.minutes = shifted;
      }
      result.end = position = rangeEnd.end;
    }
  }
  if (!zone) {
    zone = scanZone(text, position);
    if (zone) {
      result.zone = zone.zone;
      result.end = position = zone.end;
    }
  }
  if (!result.date) {
    // "22:30 UTC (Oct 29)", "10:18 AM, Jan 14", "10:18 on Jan 14".
    const paren = at(OPEN_PAREN, text, position);
    const parenDate = paren ? scanDate(text, OPEN_PAREN.lastIndex) : undefined;
    if (parenDate && at(CLOSE_PAREN, text, parenDate.end)) {
      result.date = parenDate.date;
      if (parenDate.invalid) result.invalid = 'date';
      result.end = CLOSE_PAREN.lastIndex;
    } else {
      const sep = at(TRAILING_DATE_SEP, text, position);
      const after = sep ? scanDate(text, TRAILING_DATE_SEP.lastIndex) : undefined;
      if (after) {
        result.date = after.date;
        if (after.invalid) result.invalid = 'date';
        result.end = after.end;
      }
    }
  }
  return result;
}

/**
 * A heading or bold line that names a day: "October 21, 2025", "Day 2 — Jan 15", "Tuesday, 14 January",
 * "October 21, 2025 - Redis Overload", "2024-01-15:". The date must open the text and stand alone as a word.
 */
export function dateOpening(text: string): { date: CalendarDate; text: string } | undefined {
  const trimmed = text.trim();
  if (trimmed.length > 200) return undefined;
  let start = 0;
  if (at(DAY_PREFIX, trimmed, 0)) start = DAY_PREFIX.lastIndex;
  const date = scanDate(trimmed, start);
  if (!date || date.invalid) return undefined;
  const next = trimmed[date.end];
  if (next !== undefined && /[\p{L}\p{N}]/u.test(next)) return undefined;
  // A time after the date makes it a timeline entry, not a day.
  const rest = trimmed.slice(date.end);
  if (/^(?:,?\s?(?:at|@)?\s?|T)\d{1,2}(?::\d{2}|\s?[ap]\.?m\b)/i.test(rest.slice(0, 16))) return undefined;
  return { date: date.date, text: trimmed.slice(start, date.end) };
}

/** A zone named in a Timeline heading or a time column's header: "Timeline (all times PST)", "Time (UTC)", "Date and Time in CET". */
export function zoneInLabel(label: string): string | undefined {
  if (label.length > 200) return undefined;
  const candidates: string[] = [];
  for (const match of label.matchAll(/\(([^()]{1,40})\)/g)) candidates.push(match[1]!);
  const suffix = /\s(?:in|at)\s+((?:Pacific|Mountain|Central|Eastern)\s[Tt]ime|[a-z]{1,8}(?:[+-]\d{1,2}(?::?\d{2})?)?)\s*$/i.exec(label);
  if (suffix) candidates.push(suffix[1]!);
  for (const candidate of candidates) {
    const zone = zoneStatement(candidate);
    if (zone !== undefined) return zone;
  }
  return undefined;
}

/** "all times PST", "times in UTC", "UTC", "All times are in CET.", "PST/PDT", "All times in Pacific Time": the zone it names. */
export function zoneStatement(text: string): string | undefined {
  if (text.length > 60) return undefined;
  const long: string[] = [];
  const words = text
    .replace(LONG_ZONE, (_whole, name: string) => {
      long.push(`${name} Time`);
      return ' ';
    })
    .replace(/[.:*_()]/g, ' ')
    .split(/[\s/,]+/)
    .filter((word) => word !== '' && !/^(?:all|times?|are|is|in|shown|given|listed|local|timestamps?|zone|timezone|the)$/i.test(word));
  words.unshift(...long);
  if (words.length === 0 || words.length > 2) return undefined;
  // "Pacific" without "Time" is no zone (US_ZONES knows "pacific time" only), so the statement names none.
  return words.every((word) => zoneOffset(word) !== undefined) ? words[0] : undefined;
}
