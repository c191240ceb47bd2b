/** Calendar dates as `YYYY-MM-DD`, compared as whole days in UTC. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a real calendar date, or undefined (2024-02-30 is not one). */
export function dayNumber(text: string): number | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return time / 86_400_000;
}

export function isIsoDateShape(text: string): boolean {
  return ISO_DATE.test(text.trim());
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "2024", "Feb" (or "February"), "3" as 2024-02-03; undefined for an unknown month or a day that does not exist ("Feb 31"). */
export function calendarDay(year: string, month: string, day: string): string | undefined {
  const index = MONTH_NAMES.indexOf(month.slice(0, 3).toLowerCase());
  if (index === -1) return undefined;
  const iso = `${year}-${String(index + 1).padStart(2, '0')}-${String(Number(day)).padStart(2, '0')}`;
  return dayNumber(iso) === undefined ? undefined : iso;
}

/** The first real YYYY-MM-DD in a text: the date of a document whose frontmatter gives none. */
export function firstDateIn(text: string): string | undefined {
  for (const match of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) if (dayNumber(match[0]) !== undefined) return match[0];
  return undefined;
}

/** Year first, then month and day, with `/`, `.` or `-` and one or two digits: no reading of it but one. */
const YEAR_FIRST = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})$/;

/**
 * A date written year first in another form (`2024/3/1`, `2024.03.01`, `2024-3-1`) as YYYY-MM-DD, when it is a
 * real date; undefined for anything else. Day-first and month-first forms (`03/04/2024`) are never read: which
 * is which cannot be told.
 */
export function isoDateOf(text: string): string | undefined {
  const match = YEAR_FIRST.exec(text);
  if (!match) return undefined;
  const iso = `${match[1]}-${match[3]!.padStart(2, '0')}-${match[4]!.padStart(2, '0')}`;
  return iso !== text && dayNumber(iso) !== undefined ? iso : undefined;
}
