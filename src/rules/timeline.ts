import { describeOffset } from '../model/clock.js';
import type { PostmortemMeta, SourceSpan } from '../model/postmortem.js';
import { MILESTONE_NAMES, milestonesOf, timeRows, type TimedRow, type TimelineEntry } from '../model/timeline.js';
import { isTemplateSlot } from '../model/template.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

export default ruleWithDefaults('timeline', {
  meta: {
    description: 'The Timeline is a table, list or lines of parseable times and events, in order, marking impact start, detection, mitigation and resolution.',
    url: docsUrl('timeline'),
    messages: {
      noTable: 'The Timeline has no table: add one with a Time column and an Event column',
      noTimeColumn: 'The Timeline table has no Time column',
      noEventColumn: 'The Timeline table has no Event column',
      placeholder: 'Time "{{time}}" is a placeholder: write the time the event happened',
      unparsed: 'Time "{{time}}" does not parse: write HH:MM, HH:MM UTC, YYYY-MM-DD HH:MM or an ISO 8601 date-time',
      invalidDate: 'Time "{{time}}" has a date that does not exist',
      outOfOrder: 'This row ({{time}}) is earlier than the row before it ({{previous}}): keep the timeline in chronological order',
      noMilestone: 'The Timeline marks no {{milestone}}: add a Significance column naming it on its row, or say it in the event',
      zoneMismatch:
        'Impact start {{time}} reads as {{timelineInstant}}, {{hours}} started_at {{startedAt}}: the timeline is probably in {{zone}}, not UTC; name its zone (a time such as "14:02 PST" or a heading such as "## Timeline (all times PST)") or correct the times',
    },
  },
  check(doc, report, { options }) {
    const section = doc.sections.find((candidate) => candidate.key === 'timeline');
    if (!section) return;
    const firstTable = doc.tables.find(({ table }) => table.span.line > section.heading.line && table.span.line <= section.endLine)?.table;
    const rows: readonly TimelineEntry[] = doc.timeline;
    if (!firstTable && rows.length === 0) return report({ messageId: 'noTable', at: section.heading });
    // A list or lines were read: there is no table whose columns to check.
    const fromTable = rows.length === 0 || rows[0]!.form === undefined || rows[0]!.form === 'table';
    const table = (fromTable ? rows[0]?.block : undefined) ?? firstTable?.span;
    const where = rows[0]?.block ?? table ?? section.heading;
    if (fromTable && table && rows.length > 0 && rows.every((row) => row.time === undefined)) return report({ messageId: 'noTimeColumn', at: table });
    if (fromTable && table && rows.length > 0 && rows.every((row) => row.event === undefined)) report({ messageId: 'noEventColumn', at: table });

    const timedRows = timeRows(rows, doc.meta.date);
    let previous: { instant: number; time: string; precision: 'minute' | 'day' } | undefined;
    const DAY = 86_400_000;
    for (const timed of timedRows) {
      const time = timed.row.time?.text ?? '';
      const at = timed.row.time?.span ?? timed.row.row;
      if (isTemplateSlot(time)) continue;
      if (timed.problem === 'placeholder') report({ messageId: 'placeholder', data: { time }, at });
      else if (timed.problem === 'invalid-date') report({ messageId: 'invalidDate', data: { time }, at });
      else if (timed.problem === 'unparsed') report({ messageId: 'unparsed', data: { time }, at });
      if (timed.instant === undefined) continue;
      const precision = timed.precision ?? 'minute';
      // A date without a time is ordered by its day alone.
      const earlier =
        previous !== undefined &&
        (precision === 'day' || previous.precision === 'day'
          ? Math.floor(timed.instant / DAY) < Math.floor(previous.instant / DAY)
          : timed.instant < previous.instant);
      if (earlier) report({ messageId: 'outOfOrder', data: { time, previous: previous!.time }, at });
      previous = { instant: timed.instant, time, precision };
    }

    const marked = new Set(timedRows.map((row) => row.milestone));
    // A template's timeline, whose every time is still a placeholder, is reported for its placeholders alone.
    const unfilled = timedRows.length > 0 && timedRows.every((row) => row.problem === 'placeholder' || isTemplateSlot(row.row.time?.text));
    for (const milestone of unfilled ? [] : options.milestones) {
      if (!marked.has(milestone)) report({ messageId: 'noMilestone', data: { milestone: MILESTONE_NAMES[milestone] }, at: where });
    }

    const mismatch = zoneMismatch(doc.meta, timedRows);
    if (mismatch) report({ messageId: 'zoneMismatch', data: mismatch.data, at: mismatch.at });
  },
});

/** A frontmatter timestamp with an explicit zone: "2024-03-01T14:02:00Z", "2024-03-01T14:02-08:00". */
const STAMP_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const HOUR = 3_600_000;
const STAMPS = { detect: 'detected_at', mitigate: 'mitigated_at', resolve: 'resolved_at' } as const;

/**
 * The timeline's impact start (its start row, else its first row) a whole number of hours, 1 to 14, from
 * `started_at`: the rows were written in a local zone and read as UTC. Only when no row names a zone, the row's
 * day is known, and no other timestamp of the frontmatter agrees with its row as it stands.
 */
function zoneMismatch(meta: PostmortemMeta, rows: readonly TimedRow[]): { data: Record<string, string>; at: SourceSpan } | undefined {
  const startedAt = meta.started_at?.trim();
  if (startedAt === undefined || !STAMP_WITH_ZONE.test(startedAt)) return undefined;
  const stamp = Date.parse(startedAt.replace(' ', 'T'));
  if (Number.isNaN(stamp) || rows.some((row) => row.zone !== undefined)) return undefined;
  const milestones = milestonesOf(rows);
  const start = milestones.start ?? rows.find((row) => row.instant !== undefined);
  if (!start || start.instant === undefined || start.precision !== 'minute' || !start.dated) return undefined;
  const shift = start.instant - stamp;
  const hours = Math.abs(shift) / HOUR;
  if (!Number.isInteger(hours) || hours < 1 || hours > 14) return undefined;
  // Another timestamp that agrees with its row as written says the rows are in UTC after all.
  for (const [milestone, key] of Object.entries(STAMPS) as [keyof typeof STAMPS, (typeof STAMPS)[keyof typeof STAMPS]][]) {
    const other = meta[key] === undefined ? NaN : Date.parse(meta[key]!);
    const row = milestones[milestone];
    if (!Number.isNaN(other) && row?.instant !== undefined && row.precision === 'minute' && row.instant - other !== shift) return undefined;
  }
  const time = start.row.time?.text ?? '';
  return {
    data: {
      time,
      timelineInstant: new Date(start.instant).toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      hours: `${hours} hour${hours === 1 ? '' : 's'} ${shift > 0 ? 'after' : 'before'}`,
      startedAt,
      zone: describeOffset(shift / 60_000),
    },
    at: start.row.time?.span ?? start.row.row,
  };
}
