import { dayNumber } from './dates.js';
import type { TimelineRow } from './postmortem.js';

/** The moments every incident has, in the order they happen. */
export const MILESTONES = ['start', 'detect', 'acknowledge', 'mitigate', 'resolve'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_NAMES: Record<Milestone, string> = {
  start: 'impact start (first sign)',
  detect: 'detection',
  acknowledge: 'acknowledgement',
  mitigate: 'mitigation',
  resolve: 'resolution',
};

/**
 * Words that mark a milestone, in a Significance cell or, without one, in the
 * event. A row marks one milestone: the one named first in its text
 * ("Impact starts: consumers stop acknowledging" is a start, not an acknowledgement).
 */
const MILESTONE_WORDS: [Milestone, RegExp][] = [
  ['resolve', /\b(?:resolv\w*|resolution|impact ends?|impact ended|recovered|recovery complete|back to normal|all clear|error rates? (?:back to )?normal)\b/i],
  ['mitigate', /\b(?:mitigat\w*|workaround|rolled back|roll(?:ed)?-?back|failed over|failover|fix (?:applied|deployed))\b/i],
  ['acknowledge', /\b(?:acknowledg\w*|incident declared|declared|response initiated|responders? (?:engaged|joined))\b/i],
  ['detect', /\b(?:detect\w*|alert(?:ed|s)? (?:fired|fires|triggered)|alert|paged|pagerduty|reported|noticed)\b/i],
  ['start', /\b(?:first sign|impact (?:starts?|started|begins?|began)|onset|incident (?:starts?|started|began)|start of impact)\b/i],
];

export function classifyMilestone(text: string): Milestone | undefined {
  let best: { milestone: Milestone; index: number } | undefined;
  for (const [milestone, pattern] of MILESTONE_WORDS) {
    const index = text.search(pattern);
    if (index !== -1 && (best === undefined || index < best.index)) best = { milestone, index };
  }
  return best?.milestone;
}

export type TimeProblem = 'placeholder' | 'unparsed' | 'invalid-date';

export interface TimedRow {
  row: TimelineRow;
  /** Milliseconds since the epoch, UTC; absent when the time does not parse. */
  instant?: number;
  /** `day` for a row that gives a date and no time: it is ordered by its day alone. */
  precision?: 'minute' | 'day';
  problem?: TimeProblem;
  milestone?: Milestone;
}

const PLACEHOLDER = /HH|hh|mm:|:mm|MM-DD|YYYY|yyyy|\?|xx|XX|--:--|TBD|TBA/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const DATE_AND_CLOCK = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const ZONE = /\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** "09:00 - 11:00", "12:26-12:40": a range is placed at its start. */
const RANGE_END = /\s?(?:-|–|—|to)\s?\d{1,2}:\d{2}(?::\d{2})?$/;
/** Longer cells are prose, not times; the cap also keeps every pattern here linear. */
const MAX_TIME_LENGTH = 64;

export interface ParsedTime {
  date?: string;
  /** Minutes since midnight. */
  minutes: number;
  /** Minutes east of UTC. */
  offset: number;
  /** A row with a date and no time is known to the day only. */
  precision: 'minute' | 'day';
}

/** One time cell: "14:02", "14:02 UTC", "2024-01-15 14:02", "2024-01-15T14:02:00Z", "2021-12-10", "~10:45", "09:00 - 11:00". */
export function parseTime(text: string): ParsedTime | TimeProblem {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_TIME_LENGTH) return 'unparsed';
  if (PLACEHOLDER.test(trimmed)) return 'placeholder';
  const approximate = trimmed.replace(/^(?:~|ca\.|approx\.)\s?|~$/g, '');
  // "09:30 - 09:35 UTC": the zone may follow the range's end.
  const endZone = ZONE.exec(approximate)?.[0] ?? '';
  const start = approximate.slice(0, approximate.length - endZone.length).replace(RANGE_END, '');
  const zone = ZONE.exec(start)?.[0] ?? endZone;
  const body = (zone === endZone && !ZONE.test(start) ? start : start.slice(0, start.length - zone.length)).trim();
  const offset = zoneOffset(zone.trim());
  if (DATE_ONLY.test(body)) return dayNumber(body) === undefined ? 'invalid-date' : { date: body, minutes: 0, offset: 0, precision: 'day' };
  const clock = CLOCK.exec(body);
  if (clock) return clockOf(undefined, clock[1]!, clock[2]!, clock[3], offset);
  const full = DATE_AND_CLOCK.exec(body);
  if (full) {
    if (dayNumber(full[1]!) === undefined) return 'invalid-date';
    return clockOf(full[1], full[2]!, full[3]!, full[4], offset);
  }
  return 'unparsed';
}

function clockOf(date: string | undefined, hours: string, minutes: string, seconds: string | undefined, offset: number): ParsedTime | TimeProblem {
  const h = Number(hours);
  const m = Number(minutes);
  const s = Number(seconds ?? 0);
  if (h > 23 || m > 59 || s > 59) return 'unparsed';
  return date === undefined ? { minutes: h * 60 + m + s / 60, offset, precision: 'minute' } : { date, minutes: h * 60 + m + s / 60, offset, precision: 'minute' };
}

function zoneOffset(zone: string): number {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** A time more than this many minutes before the previous row's is on the next day. */
const ROLLOVER_GAP = 12 * 60;

/**
 * Puts every row on the clock. A row without a date takes the date of the row
 * before it (the incident date for the first), and rolls over to the next day
 * when its time is more than twelve hours earlier than the previous row's. Without any date, days
 * count from 0: differences between rows still hold.
 */
export function timeRows(rows: readonly TimelineRow[], incidentDate: string | undefined): TimedRow[] {
  let day = (incidentDate === undefined ? undefined : dayNumber(incidentDate)) ?? 0;
  let previousMinutes: number | undefined;
  return rows.map((row) => {
    const significance = row.significance?.text ?? '';
    const milestone = classifyMilestone(significance !== '' ? significance : (row.event?.text ?? ''));
    const timed: TimedRow = { row };
    if (milestone) timed.milestone = milestone;
    const parsed = parseTime(row.time?.text ?? '');
    if (typeof parsed === 'string') {
      timed.problem = parsed;
      return timed;
    }
    timed.precision = parsed.precision;
    if (parsed.date !== undefined) {
      day = dayNumber(parsed.date) ?? day;
      if (parsed.precision === 'day') {
        // The next undated time belongs to this day; nothing to roll over from.
        previousMinutes = undefined;
        timed.instant = day * 86_400_000;
        return timed;
      }
    } else if (previousMinutes !== undefined && previousMinutes - parsed.minutes > ROLLOVER_GAP) {
      // 23:50 then 00:10 is the next day; 14:10 then 14:05 is a row out of order.
      day += 1;
    }
    previousMinutes = parsed.minutes;
    timed.instant = (day * 1440 + parsed.minutes - parsed.offset) * 60_000;
    return timed;
  });
}

/** The first row marking each milestone. */
export function milestonesOf(rows: readonly TimedRow[]): Partial<Record<Milestone, TimedRow>> {
  const found: Partial<Record<Milestone, TimedRow>> = {};
  for (const row of rows) if (row.milestone && !found[row.milestone]) found[row.milestone] = row;
  return found;
}
