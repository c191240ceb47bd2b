import { scanTime, zoneOffset, type CalendarDate } from './clock.js';
import { dayNumber } from './dates.js';
import type { SourceSpan, TimelineRow } from './postmortem.js';

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
  [
    'resolve',
    /\b(?:resolv(?:e|es|ed|ing)|resolution|impact ends?|impact ended|recovered|recovery (?:complete|confirmed)|confirmed (?:the )?(?:recovery|resolution|full recovery)|back to normal|all clear|error rates? (?:back to )?normal|fully (?:restored|operational)|services? (?:fully |was |were )?restored|(?:incident|outage) (?:closed|over|ends?|ended))\b/i,
  ],
  [
    'mitigate',
    /\b(?:mitigat\w*|workaround|(?:rolled back|roll(?:ed)?-?back)(?! (?:fail\w*|attempt\w*|was attempted|planned))|failed over|failover|fix (?:was |were )?(?:applied|deployed|released|rolled out|shipped)|deployed (?:a |the )?(?:hot)?fix|hotfix|reverted|reverts? (?:deployed|merged|applied))\b/i,
  ],
  [
    'acknowledge',
    /\b(?:acknowledg\w*|incident declared|declare[sd]|response initiated|responders? (?:engaged|joined)|initiates? (?:an |the )?incident|incident (?:opened|raised|created|initiated)|(?:began|begins?|started|starts?) investigating|investigation (?:began|begins?|started|starts?)|begins? investigation)\b/i,
  ],
  [
    'detect',
    /\b(?:detect\w*|alert(?:ed|s)? (?:fired|fires|triggered)|alert|paged|pagerduty|reported|noticed|notices|(?:first|initial) (?:customer |user )?reports?|(?:customer|user|support)s? reports?|reports? (?:from|of|by) (?:a |the )?(?:customer|user)s?|reached out|became aware|alarms?|alarmed|notified|monitors? (?:fired|fires|triggered|triggers|alerted)|pag(?:es|ing) (?:the |an? )?(?:[\w-]+ )?on-?call|on-?call (?:is |was |gets |got )?paged|support tickets?|tickets? (?:opened|filed|raised))\b/i,
  ],
  [
    'start',
    /\b(?:first sign|impact (?:starts?|started|begins?|began)|onset|incident (?:starts?|started|began)|start of impact|(?:problem|issue|outage|degradation|disruption|errors?|failures?) (?:starts?|started|begins?|began)|(?:begins?|began|starts?|started) (?:to )?(?:fail\w*|experienc\w*|return\w* (?:\d{3} )?errors)|outage (?:begins?|began|starts?|started)|first (?:\w+ )?(?:failures?|errors?|timeouts?|crash\w*))\b/i,
  ],
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

/**
 * A timeline row as the reader found it: a table row, a list item or a line.
 * Besides the cells, it keeps what the text around it said: the day a heading,
 * a bold line, a parent bullet or a Date column gave, and the zone the
 * Timeline heading, the time column's header or an "All times in …" line named.
 */
export interface TimelineEntry extends TimelineRow {
  /** Where it was read from; rows built elsewhere have none and count as table rows. */
  form?: 'table' | 'list' | 'line';
  /** The table, list or paragraph the row stands in. */
  block?: SourceSpan;
  /** The day set by the text around the row, as written ("October 21, 2025", "Jan 15"). */
  day?: string;
  /** The zone named around the row, for a time that names none. */
  zone?: string;
}

export interface TimedRow {
  row: TimelineRow;
  /** Milliseconds since the epoch, UTC; absent when the time does not parse. */
  instant?: number;
  /** `day` for a row that gives a date and no time: it is ordered by its day alone. */
  precision?: 'minute' | 'day';
  problem?: TimeProblem;
  milestone?: Milestone;
  /** The zone the row was read in, when its time, the column header, the heading or a line of the Timeline names one. */
  zone?: string;
  /** Whether the row's day is known (its own date, a day around it or the incident date), not counted from nothing. */
  dated?: boolean;
}

const PLACEHOLDER = /HH|hh|mm:|:mm|MM-DD|YYYY|yyyy|\?|xx|XX|--:--|TBD|TBA/;
/** Longer cells are prose, not times; the cap also keeps every pattern here linear. */
const MAX_TIME_LENGTH = 64;

export interface ParsedTime {
  /** YYYY-MM-DD; a date written without a year takes the year given (or the one nearest the reference day). */
  date?: string;
  /** Minutes since midnight. */
  minutes: number;
  /** Minutes east of UTC (of the zone the text names; 0 when it names none). */
  offset: number;
  /** A row with a date and no time is known to the day only. */
  precision: 'minute' | 'day';
  /** The zone as written, when the text names one. */
  zone?: string;
}

export interface TimeContext {
  /** Days since 1970-01-01 near which a date written without a year falls (within half a year). */
  nearDay?: number;
}

/**
 * One time cell: "14:02", "14:02 UTC", "2024-01-15 14:02", "2024-01-15T14:02:00-08:00", "2021-12-10", "~10:45",
 * "09:00 - 11:00", "7:32 PM", "2:02 pm PST", "Jan 14, 10:18 AM", "14 Jan 2026 10:18", "10/22/2022 13:05", "22:30 UTC (Oct 29)".
 */
export function parseTime(text: string, context: TimeContext = {}): ParsedTime | TimeProblem {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_TIME_LENGTH) return 'unparsed';
  if (PLACEHOLDER.test(trimmed)) return 'placeholder';
  // "10:45~": an approximate time counts as its time.
  const body = trimmed.endsWith('~') ? trimmed.slice(0, -1).trimEnd() : trimmed;
  const scanned = scanTime(body);
  if (!scanned || scanned.end !== body.length) return 'unparsed';
  if (scanned.invalid === 'date') return 'invalid-date';
  if (scanned.invalid === 'clock') return 'unparsed';
  const date = scanned.date === undefined ? undefined : isoDate(scanned.date, context.nearDay);
  if (date === undefined && scanned.date !== undefined) return 'invalid-date';
  const zone = scanned.zone;
  const offset = zone === undefined ? 0 : (zoneOffset(zone, date === undefined ? undefined : dayNumber(date)) ?? 0);
  const parsed: ParsedTime = { minutes: scanned.minutes ?? 0, offset, precision: scanned.minutes === undefined ? 'day' : 'minute' };
  if (date !== undefined) parsed.date = date;
  if (zone !== undefined) parsed.zone = zone;
  return parsed;
}

/** A calendar date as YYYY-MM-DD; one without a year takes the year that puts it nearest `nearDay` (2000 without one). */
export function isoDate(date: CalendarDate, nearDay?: number): string | undefined {
  const text = (year: number) => `${String(year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  if (date.year !== undefined) return dayNumber(text(date.year)) === undefined ? undefined : text(date.year);
  if (nearDay === undefined) return dayNumber(text(2000)) === undefined ? undefined : text(2000);
  const year = new Date(nearDay * 86_400_000).getUTCFullYear();
  let best: string | undefined;
  let distance = Infinity;
  for (const candidate of [year - 1, year, year + 1]) {
    const day = dayNumber(text(candidate));
    if (day !== undefined && Math.abs(day - nearDay) < distance) {
      best = text(candidate);
      distance = Math.abs(day - nearDay);
    }
  }
  return best;
}

/** A time more than this many minutes before the previous row's is on the next day. */
const ROLLOVER_GAP = 12 * 60;

/**
 * Puts every row on the clock. A row without a date takes the date of the row
 * before it (the day a heading or line above it names, else the incident date
 * for the first), and rolls over to the next day when its time is more than
 * twelve hours earlier than the previous row's. A date without a year takes the
 * year nearest the day before it. A row that names a zone is in that zone; a row
 * that names none is in the zone declared around it (the Timeline heading, the time column's header, an "All times
 * in …" line), else, without a declared zone, in the zone of the last row that named one, else UTC. A zone on one row
 * does not override the declared zone for the rows after it. Without any date, days count from 0: differences between
 * rows still hold.
 */
export function timeRows(rows: readonly TimelineRow[], incidentDate: string | undefined): TimedRow[] {
  const incidentDay = incidentDate === undefined ? undefined : dayNumber(incidentDate);
  let day = incidentDay ?? 0;
  let dated = incidentDay !== undefined;
  let previousMinutes: number | undefined;
  let previousContext: string | undefined;
  /** The zone the last row named, for later rows that have no declared zone either. */
  let carried: string | undefined;
  return rows.map((row) => {
    const entry: TimelineEntry = row;
    const significance = row.significance?.text ?? '';
    const milestone = classifyMilestone(significance !== '' ? significance : (row.event?.text ?? ''));
    const timed: TimedRow = { row };
    if (milestone) timed.milestone = milestone;
    const nearDay = dated ? day : undefined;
    if (entry.day !== undefined && entry.day !== previousContext) {
      // A heading, bold line or parent bullet names the day of the rows under it.
      const named = parseTime(entry.day, { nearDay });
      if (typeof named !== 'string' && named.date !== undefined) {
        day = dayNumber(named.date) ?? day;
        dated = true;
        previousMinutes = undefined;
      }
    }
    previousContext = entry.day;
    const parsed = parseTime(row.time?.text ?? '', { nearDay: dated ? day : undefined });
    if (typeof parsed === 'string') {
      timed.problem = parsed;
      return timed;
    }
    timed.precision = parsed.precision;
    // A zone named on a row is that row's. Without a declared zone it holds for the rows after it that name none
    // ("14:05 PDT", then "14:12"); with one, it is an exception ("21:15 UTC" among PT rows) and the rows after it
    // keep the declared zone.
    if (parsed.zone !== undefined && entry.zone === undefined) carried = parsed.zone;
    const zone = parsed.zone ?? entry.zone ?? carried;
    if (zone !== undefined) timed.zone = zone;
    if (parsed.date !== undefined) {
      day = dayNumber(parsed.date) ?? day;
      dated = true;
      if (parsed.precision === 'day') {
        // The next undated time belongs to this day; nothing to roll over from.
        previousMinutes = undefined;
        timed.instant = day * 86_400_000;
        timed.dated = true;
        return timed;
      }
    } else if (previousMinutes !== undefined && previousMinutes - parsed.minutes > ROLLOVER_GAP) {
      // 23:50 then 00:10 is the next day; 14:10 then 14:05 is a row out of order.
      day += 1;
    }
    previousMinutes = parsed.minutes;
    const offset = zone === undefined ? 0 : (zoneOffset(zone, day) ?? 0);
    timed.instant = (day * 1440 + parsed.minutes - offset) * 60_000;
    timed.dated = dated;
    return timed;
  });
}

/**
 * The first row marking each milestone, in the timeline's first incident: an
 * impact start after a resolution opens another incident (a document that
 * reviews several), whose rows are not this incident's milestones.
 */
export function milestonesOf(rows: readonly TimedRow[]): Partial<Record<Milestone, TimedRow>> {
  const found: Partial<Record<Milestone, TimedRow>> = {};
  // Rows before the impact start are the lead-up ("scheduled failover begins", "an earlier rollback"): no milestone of the incident.
  const start = rows.findIndex((row) => row.milestone === 'start');
  // A resolution before the first impact start: the rows tell several incidents, and the first one names no start.
  const several = rows.slice(0, Math.max(start, 0)).some((row) => row.milestone === 'resolve');
  const from = several ? -1 : start;
  for (let index = 0; index < rows.length; index++) {
    const milestone = rows[index]!.milestone;
    if (milestone === undefined) continue;
    // A second impact start after a resolution is the next incident of a document that tells several.
    if (milestone === 'start' && found.resolve) break;
    if (!found[milestone] && (milestone === 'start' || index >= from)) found[milestone] = rows[index]!;
  }
  return found;
}
