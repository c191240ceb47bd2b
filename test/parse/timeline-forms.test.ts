import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { zoneInLabel, zoneStatement } from '../../src/model/clock.js';
import { incidentDurations } from '../../src/model/milestones.js';
import { parseTime, timeRows, type TimelineEntry } from '../../src/model/timeline.js';
import { readTimelineLines } from '../../src/parse/timeline-lines.js';
import { configWith, fixture, GROWTH, LINEAR_BOUND, leastTimes, linearBound, lineOf, lint, messagesOf, parse } from '../helpers.js';

const form = (name: string) => fixture(`forms/timeline/${name}`);

function timelineOf(text: string) {
  const doc = parse(text).postmortem!;
  return { doc, rows: doc.timeline as TimelineEntry[], timed: timeRows(doc.timeline, doc.meta.date) };
}

/** Each row as `line time | event @ISO-instant milestone`. */
function summary(text: string): string[] {
  return timelineOf(text).timed.map(({ row, instant, milestone }) =>
    `${row.row.line} ${row.time?.text} | ${row.event?.text ?? ''} @${instant === undefined ? '?' : new Date(instant).toISOString().slice(0, 16)} ${milestone ?? ''}`.trim(),
  );
}

const instants = (text: string) => timelineOf(text).timed.map(({ instant }) => (instant === undefined ? undefined : new Date(instant).toISOString().slice(0, 16)));

/** Every form here marks all four required milestones in order, so the rule has nothing to say. */
function expectClean(text: string) {
  expect(messagesOf(lint(text), 'timeline')).toEqual([]);
}

describe('timelines as lists and lines', () => {
  it('reads "- 14:51 UTC: paged" items, the time cell at the time and the event after the colon', () => {
    const text = form('dash-colon-list.md');
    const { rows } = timelineOf(text);
    expect(rows).toHaveLength(5);
    const paged = rows[1]!;
    const line = lineOf(text, '- 14:51 UTC:');
    expect(paged.form).toBe('list');
    expect(paged.time).toEqual({ text: '14:51 UTC', span: { line, column: 3, endLine: line, endColumn: 12 } });
    expect(paged.event!.text).toBe('Latency alert fired and the on-call engineer was paged');
    expect(paged.event!.span.column).toBe(14);
    expect(paged.significance).toBeUndefined();
    expect(summary(text).map((row) => row.split(' ').at(-1))).toEqual(['start', 'detect', 'acknowledge', 'mitigate', 'resolve']);
    expectClean(text);
  });

  it('reads "* 14:51 - paged" items and real phrasing of milestones', () => {
    const text = form('star-dash-list.md');
    expect(summary(text)).toEqual([
      `${lineOf(text, '* 09:12')} 09:12 | queue consumer crashes on a malformed payload, deliveries start to pile up (first sign) @2025-04-02T09:12 start`,
      `${lineOf(text, '* 09:40')} 09:40 | first report from a customer about late webhooks @2025-04-02T09:40 detect`,
      `${lineOf(text, '* 09:47')} 09:47 | we were paged by support @2025-04-02T09:47 detect`,
      `${lineOf(text, '* 10:05')} 10:05 | deployed a fix that skips malformed payloads @2025-04-02T10:05 mitigate`,
      `${lineOf(text, '* 10:31')} 10:31 | backlog drained, monitoring confirmed recovery @2025-04-02T10:31 resolve`,
    ]);
    expectClean(text);
  });

  it('reads "- **16:58 UTC** - …" items across images and prose between them', () => {
    const text = form('bold-list.md');
    const { rows } = timelineOf(text);
    expect(rows.map((row) => row.time!.text)).toEqual(['16:58 UTC', '17:05 UTC', '17:25 UTC', '17:40 UTC', '18:46 UTC']);
    // The cell stands inside the bold marks: "- **" is four characters.
    expect(rows[0]!.time!.span).toEqual({ line: lineOf(text, '**16:58'), column: 5, endLine: lineOf(text, '**16:58'), endColumn: 14 });
    expect(rows[4]!.event!.text).toBe('Service fully restored');
    expectClean(text);
  });

  it('reads "- **Jan 14, 10:18 AM**: …" items, a date and a 12-hour clock in bold', () => {
    const text = form('bold-date-list.md');
    expect(timelineOf(text).rows.map((row) => row.time!.text)).toEqual(['Jan 14, 10:18 AM', 'Jan 14, 2:02 PM', 'Jan 15, 9:40 AM', 'Jan 15, 11:05 AM']);
    expect(instants(text)).toEqual(['2026-01-14T10:18', '2026-01-14T14:02', '2026-01-15T09:40', '2026-01-15T11:05']);
    expect(incidentDurations(parse(text).postmortem!)).toEqual({ detect: 224, mitigate: 1402, resolve: 1487 });
    expectClean(text);
  });

  it('reads "**16:58 UTC** — …" lines of one paragraph, one entry a line', () => {
    const text = form('bold-lines.md');
    const { rows } = timelineOf(text);
    expect(rows.map((row) => [row.form, row.row.line, row.time!.text])).toEqual(
      ['**08:02', '**08:30', '**08:41', '**09:15'].map((needle, index) => ['line', lineOf(text, needle), ['08:02 UTC', '08:30 UTC', '08:41 UTC', '09:15 UTC'][index]]),
    );
    expectClean(text);
  });

  it('reads "14:51 — paged" lines, a line without a time continuing the entry above it, and "All times in UTC."', () => {
    const text = form('plain-lines.md');
    const { rows, timed } = timelineOf(text);
    expect(rows).toHaveLength(4);
    expect(rows[1]!.event!.text).toBe('Support notices a spike of login tickets and escalates to the auth team');
    expect(rows[1]!.row.endLine).toBe(lineOf(text, 'and escalates'));
    expect(rows.every((row) => row.zone === 'UTC')).toBe(true);
    expect(timed.map((row) => row.milestone)).toEqual(['start', 'detect', 'mitigate', 'resolve']);
    expectClean(text);
  });

  it('reads a timeline under a subheading of the Timeline section, as a numbered list', () => {
    const text = form('subheading.md');
    expect(timelineOf(text).rows.map((row) => row.row.line)).toEqual(['1. 06:10', '2. 06:45', '3. 07:02', '4. 07:30'].map((needle) => lineOf(text, needle)));
    expectClean(text);
  });
});

describe('days and years around the rows', () => {
  it('takes the day of each "### October 21, 2025" heading', () => {
    const text = form('day-headings.md');
    expect(instants(text)).toEqual(['2025-10-21T22:10', '2025-10-21T23:55', '2025-10-22T00:20', '2025-10-22T09:30']);
    expect(timelineOf(text).rows[2]!.day).toBe('October 22, 2025');
    expectClean(text);
  });

  it('takes the day of "**Day 2 — Jan 15**" bold lines, in the year of the document date', () => {
    const text = form('bold-days.md');
    expect(instants(text)).toEqual(['2026-01-14T16:40', '2026-01-14T17:02', '2026-01-15T10:18', '2026-01-15T11:00']);
    expectClean(text);
  });

  it('takes the day of a date bullet for the bullets nested under it', () => {
    const text = form('nested-bullets.md');
    expect(instants(text)).toEqual(['2024-03-08T18:05', '2024-03-08T18:20', '2024-03-10T09:14', '2024-03-10T09:40', '2024-03-10T12:30']);
    expect(timelineOf(text).rows.map((row) => row.time!.span.column)).toEqual([5, 5, 5, 5, 5]);
    expectClean(text);
  });

  it('reads a Timeline of several incidents, "**Timeline:**" labels and "22:30 UTC (Oct 29)" times; durations come from the first incident', () => {
    const text = form('per-incident.md');
    const { rows, doc } = timelineOf(text);
    expect(rows.map((row) => row.time!.text)).toEqual(['21:40 UTC', '21:44 UTC', '22:05 UTC', '22:30 UTC', '23:15 UTC (Oct 29)', '23:40 UTC (Oct 29)', '00:20 UTC (Oct 30)', '01:05 UTC']);
    expect(instants(text).slice(4)).toEqual(['2025-10-29T23:15', '2025-10-29T23:40', '2025-10-30T00:20', '2025-10-30T01:05']);
    expect(incidentDurations(doc)).toEqual({ detect: 4, mitigate: 25, resolve: 50 });
    // "**Duration:** 21:40 to 22:30 UTC (50 minutes)" agrees with the timeline.
    expect(lint(text).filter((finding) => finding.ruleId === 'timeline' || finding.ruleId === 'metrics')).toEqual([]);
  });
});

describe('clocks, dates and zones as people write them', () => {
  it('parses 12-hour clocks, month names, day-first and month-first dates, offsets and zones', () => {
    const at = (text: string, nearDay?: number) => {
      const parsed = parseTime(text, { nearDay });
      return typeof parsed === 'string' ? parsed : { date: parsed.date, minutes: parsed.minutes, offset: parsed.offset };
    };
    expect(at('7:32 PM')).toEqual({ date: undefined, minutes: 19 * 60 + 32, offset: 0 });
    expect(at('12:05 am')).toEqual({ date: undefined, minutes: 5, offset: 0 });
    expect(at('2:02 pm PST')).toEqual({ date: undefined, minutes: 14 * 60 + 2, offset: -480 });
    expect(at('Jan 14, 10:18 AM', 19_730)).toEqual({ date: '2024-01-14', minutes: 618, offset: 0 });
    expect(at('January 14, 2026 10:18')).toEqual({ date: '2026-01-14', minutes: 618, offset: 0 });
    expect(at('14 Jan 2026 10:18')).toEqual({ date: '2026-01-14', minutes: 618, offset: 0 });
    expect(at('10/22/2022 13:05')).toEqual({ date: '2022-10-22', minutes: 785, offset: 0 });
    expect(at('22/10/2022 13:05')).toEqual({ date: '2022-10-22', minutes: 785, offset: 0 });
    expect(at('2024-01-15T14:02:00-08:00')).toEqual({ date: '2024-01-15', minutes: 842, offset: -480 });
    expect(at('2024-07-15 14:02 PT')).toEqual({ date: '2024-07-15', minutes: 842, offset: -420 });
    expect(at('2024-01-15 14:02 ET')).toEqual({ date: '2024-01-15', minutes: 842, offset: -300 });
    expect(at('09:30 CEST')).toEqual({ date: undefined, minutes: 570, offset: 120 });
    expect(at('16:00 UTC+5:30')).toEqual({ date: undefined, minutes: 960, offset: 330 });
    expect(at('22:30 UTC (Oct 29)', 20_390)).toEqual({ date: '2025-10-29', minutes: 1350, offset: 0 });
    expect(at('Dec 31, 23:50', 20_454)).toEqual({ date: '2025-12-31', minutes: 1430, offset: 0 });
    expect(at('2:00 - 3:00 PM')).toEqual({ date: undefined, minutes: 840, offset: 0 });
    // Still not times: a clock out of range, a day that does not exist, prose.
    expect(at('13:00 PM')).toBe('unparsed');
    expect(at('Feb 30, 10:00')).toBe('invalid-date');
    expect(at('around 00:10')).toBe('unparsed');
    expect(at('20202-01-16 12:00')).toBe('unparsed');
    expect(at('14:xx')).toBe('placeholder');
  });

  it('reads a table of mixed forms in order, a zone named on a row holding for the rows after it', () => {
    const text = form('clock-forms.md');
    expect(instants(text)).toEqual(['2026-01-14T10:18', '2026-01-14T10:30', '2026-01-14T10:45', '2026-01-14T11:02', '2026-01-14T19:20', '2026-01-14T22:02', '2026-01-15T07:05']);
    expectClean(text);
  });

  it('applies the zone of "## Timeline (all times PST)" to rows that name none', () => {
    const text = form('heading-zone.md');
    expect(instants(text)).toEqual(['2025-11-04T03:32', '2025-11-04T03:50', '2025-11-04T04:15', '2025-11-04T04:40']);
    expectClean(text);
  });

  it('applies the zone of a "Time (PT)" column, daylight time in July', () => {
    const text = form('column-zone.md');
    expect(instants(text)).toEqual(['2025-07-15T21:02', '2025-07-15T21:15', '2025-07-15T21:40', '2025-07-15T22:05']);
    expectClean(text);
  });

  it('reads no zone in the words of an event: "14:30 Met with …", "14:20 West region …" are local times in order', () => {
    const text = form('event-zone-words.md');
    const { rows, timed } = timelineOf(text);
    expect(rows.map((row) => row.time!.text)).toEqual(['14:02', '14:09', '14:20', '14:30', '14:38', '14:45']);
    expect(rows[2]!.event!.text).toBe('West region failed over to the standby database');
    expect(rows[3]!.event!.text).toBe('Met with the DBA team to plan the index rebuild');
    expect(timed.every((row) => row.zone === undefined)).toBe(true);
    expect(instants(text)).toEqual(['2025-03-12T14:02', '2025-03-12T14:09', '2025-03-12T14:20', '2025-03-12T14:30', '2025-03-12T14:38', '2025-03-12T14:45']);
    expectClean(text);
    // Right after the time and in capitals, the same abbreviation is the row's zone.
    const capitals = text.replace('- 14:30 Met with', '- 14:30 MET: met with').replace('- 14:45 Central', '- 14:45 UTC: Central');
    expect(timelineOf(capitals).rows.map((row) => row.time!.text).slice(3)).toEqual(['14:30 MET', '14:38', '14:45 UTC']);
    expect(instants(capitals)[3]).toBe('2025-03-12T13:30');
  });

  it('takes a zone on a row only in capitals right after the time, "Z" only against it, a long name only with "Time"', () => {
    const offset = (text: string) => {
      const parsed = parseTime(text);
      return typeof parsed === 'string' ? parsed : parsed.offset;
    };
    expect(['14:30 MET', '14:30 (UTC)', '14:02Z', '2024-03-01T14:02:00Z', '14:02 UTC+2', '14:02 Pacific Time', '2024-07-15 14:02 Eastern time'].map(offset)).toEqual([60, 0, 0, 0, 120, -480, -240]);
    // utc and gmt name no word of an event: a time cell written "14:02 utc" stays readable, as it always was.
    expect(['14:02 utc', '14:02 gmt', '14:02 utc+1'].map(offset)).toEqual([0, 0, 60]);
    expect(['14:30 Met', '14:30 met', '14:02 Z', '14:02 Pacific', '14:02 West'].map(offset)).toEqual(Array(5).fill('unparsed'));
    // Where a zone is declared, a long name counts with "Time" after it; a lone word is none.
    expect(zoneInLabel('Timeline (Pacific Time)')).toBe('Pacific Time');
    expect(zoneInLabel('Date and time in Central Time')).toBe('Central Time');
    expect(zoneStatement('All times in Eastern time.')).toBe('Eastern Time');
    expect(zoneInLabel('Timeline (Pacific)')).toBeUndefined();
    expect(zoneStatement('All times Central')).toBeUndefined();
    // A paragraph that is one word sets the zone only as an abbreviation in capitals.
    const list = form('event-zone-words.md');
    expect(timelineOf(list.replace('- 14:20', '\nWest.\n\n- 14:20')).timed.every((row) => row.zone === undefined)).toBe(true);
    expect(timelineOf(list.replace('- 14:20', '\nPST.\n\n- 14:20')).timed.slice(2).every((row) => row.zone === 'PST')).toBe(true);
  });

  it('reads a zone on one row as that row\'s alone when the heading declares one: later rows keep the heading\'s zone', () => {
    const text = form('heading-zone-exception.md');
    // 2025-03-12 is in US daylight time: PT is UTC-07:00.
    expect(instants(text)).toEqual(['2025-03-12T21:05', '2025-03-12T21:12', '2025-03-12T21:15', '2025-03-12T21:20', '2025-03-12T21:40']);
    expect(timelineOf(text).timed.map((row) => row.zone)).toEqual(['PT', 'PT', 'UTC', 'PT', 'PT']);
    expect(incidentDurations(parse(text).postmortem!)).toEqual({ detect: 7, mitigate: 15, resolve: 35 });
    expectClean(text);
    // The same with the zone declared by an "All times in …" line, and by a table's time column.
    const line = text.replace('## Timeline (all times PT)', '## Timeline\n\nAll times in PT.');
    expect(instants(line)).toEqual(instants(text));
    expectClean(line);
    const table = text
      .replace('## Timeline (all times PT)', '## Timeline\n\n| Time (PT) | Event |\n|---|---|')
      .replace(/^- ([\d:]+(?: UTC)?)(?: -|:) (.*)$/gm, '| $1 | $2 |')
      .replace('|\n\n| 14:05', '|\n| 14:05');
    expect(timelineOf(table).rows.map((row) => row.form)).toEqual(Array(5).fill('table'));
    expect(instants(table)).toEqual(instants(text));
    expectClean(table);
    // Without a declared zone, a zone named on a row still holds for the rows after it that name none.
    const undeclared = text.replace('## Timeline (all times PT)', '## Timeline').replace('- 14:05 -', '- 14:05 PDT -');
    expect(timelineOf(undeclared).timed.map((row) => row.zone)).toEqual(['PDT', 'PDT', 'UTC', 'UTC', 'UTC']);
  });

  it('combines a Date column and a Time column, the date carrying over to rows that leave it empty', () => {
    const text = form('date-time-columns.md');
    const { rows } = timelineOf(text);
    const line = lineOf(text, '| 10/22/2022 | 23:40');
    expect(rows[0]!.time).toEqual({ text: '10/22/2022 23:40', span: { line, column: 1, endLine: line, endColumn: 22 } });
    expect(instants(text)).toEqual(['2022-10-22T23:40', '2022-10-22T23:52', '2022-10-23T00:30', '2022-10-23T01:15']);
    expectClean(text);
  });
});

describe('tables and lists together', () => {
  it('reads the table when the Timeline has a table with a time column and a list', () => {
    const text = form('table-and-list.md');
    expect(timelineOf(text).rows.map((row) => row.form)).toEqual(['table', 'table', 'table', 'table']);
    expectClean(text);
  });

  it('reads the list when the table beside it has no time column', () => {
    const text = form('table-without-time.md');
    expect(timelineOf(text).rows.map((row) => [row.form, row.time!.text])).toEqual([
      ['list', '10:00'],
      ['list', '10:05'],
      ['list', '10:20'],
      ['list', '10:40'],
    ]);
    expectClean(text);
  });

  it('keeps noTable for a Timeline with neither table nor timed lines, and reports list rows at their lines', () => {
    const none = form('dash-colon-list.md').replace(/^- \d.*$/gm, '- see the incident channel');
    expect(messagesOf(lint(none), 'timeline')).toEqual([`noTable@${lineOf(none, '## Timeline')}`]);
    const broken = form('dash-colon-list.md').replace('- 14:55 UTC:', '- 14:xx UTC:').replace('- 15:09 UTC:', '- 14:40 UTC:');
    expect(messagesOf(lint(broken), 'timeline')).toEqual([`placeholder@${lineOf(broken, '- 14:xx')}`, `outOfOrder@${lineOf(broken, '- 14:40')}`]);
    const unmarked = form('dash-colon-list.md').replace('incident resolved', 'all quiet').replace('Latency back to normal', 'Latency fine');
    expect(messagesOf(lint(unmarked), 'timeline')).toEqual([`noMilestone@${lineOf(unmarked, '- 14:38')}`]);
  });
});

describe('zoneMismatch', () => {
  const text = form('zone-mismatch.md');

  it('reports an impact start a whole number of hours from started_at when no zone is named', () => {
    const findings = lint(text).filter((finding) => finding.ruleId === 'timeline');
    expect(findings.map((finding) => `${finding.messageId}@${finding.line}:${finding.column}`)).toEqual([`zoneMismatch@${lineOf(text, '- 14:05')}:3`]);
    expect(findings[0]!.message).toBe(
      'Impact start 14:05 reads as 2025-08-18 14:05 UTC, 7 hours before started_at 2025-08-18T21:05:00Z: the timeline is probably in UTC-07:00 (PDT, MST), not UTC; name its zone (a time such as "14:02 PST" or a heading such as "## Timeline (all times PST)") or correct the times',
    );
  });

  it('stays silent when the zone is named, the stamp has none, another stamp agrees with its row, or the gap is not whole hours', () => {
    const quiet = [
      text.replace('## Timeline', '## Timeline (all times PDT)'),
      text.replace('- 14:05 -', '- 14:05 PDT -'),
      text.replace('started_at: 2025-08-18T21:05:00Z', 'started_at: 2025-08-18T21:05:00'),
      text.replace('started_at: 2025-08-18T21:05:00Z', 'started_at: 2025-08-18T21:05:00Z\ndetected_at: 2025-08-18T14:12:00Z'),
      text.replace('started_at: 2025-08-18T21:05:00Z', 'started_at: 2025-08-18T21:00:00Z'),
      text.replace('started_at: 2025-08-18T21:05:00Z', 'started_at: 2025-08-18T14:05:00Z'),
    ];
    for (const variant of quiet) expect(messagesOf(lint(variant), 'timeline')).toEqual([]);
  });

  it('is silent on the complete SEV2 postmortem and on the seed', () => {
    expect(lint(fixture('rules/complete-sev2.md'))).toEqual([]);
    const seed = fixture('../../postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md');
    expect(messagesOf(lint(seed), 'timeline')).toEqual([]);
  });
});

describe('durations from list timelines', () => {
  it('finds time to detect, acknowledge, mitigate and resolve on a list timeline', () => {
    const doc = parse(form('bold-list.md')).postmortem!;
    expect(incidentDurations(doc)).toEqual({ detect: 7, acknowledge: 27, mitigate: 42, resolve: 108 });
    expect(incidentDurations(parse(form('bold-days.md')).postmortem!)).toEqual({ detect: 22, mitigate: 1058, resolve: 1100 });
  });

  it('does not take a failed rollback or an identified root cause for a milestone', () => {
    const text = form('bold-list.md').replace('Rolled back the timeout change', 'Rollback fails on a permissions error').replace('Service fully restored', 'Root cause identified');
    expect(incidentDurations(parse(text).postmortem!)).toEqual({ detect: 7, acknowledge: 27 });
  });
});

describe('the list reader on hostile lines', () => {
  const config = configWith();
  const documentWith = (unit: string, count: number) => `---\nid: INC-20250101-0001\ndate: 2025-01-01\n---\n\n## Timeline\n\n- ${unit.repeat(count)}\n- **${unit.repeat(count)}** - ${unit.repeat(count)}\n\n${unit.repeat(count)}\n`;
  for (const [name, unit] of Object.entries({ clocks: '12:', dates: 'Jan 1 ', brackets: '[', bold: '**1', dashes: '- ', zones: '14:02 UTC ' })) {
    it(`stays linear on ${name}`, () => {
      const small = documentWith(unit, 500);
      const large = documentWith(unit, 500 * GROWTH);
      const times = leastTimes(() => parse(small, config), () => parse(large, config), 3);
      expect(times.large).toBeLessThan(linearBound(times, 1));
      expect(LINEAR_BOUND).toBeGreaterThan(GROWTH);
    });
  }

  // An entry's event grows a line at a time: rebuilding its text on each line copied all read so far (quadratic from
  // about 10,000 lines). 5,000 lines against 40,000.
  const CONTINUED = 5_000;

  it('stays linear on an entry continued over many lines', () => {
    const documentOf = (count: number) => `---\nid: INC-20250101-0001\ndate: 2025-01-01\n---\n\n## Timeline\n\n14:02 start of impact\n${'aaaaaaaaa\n'.repeat(count)}`;
    const small = documentOf(CONTINUED);
    const large = documentOf(CONTINUED * GROWTH);
    const [entry] = parse(large, config).postmortem!.timeline;
    expect(entry!.event!.text).toBe(`start of impact${' aaaaaaaaa'.repeat(CONTINUED * GROWTH)}`);
    expect(entry!.row.endLine).toBe(8 + CONTINUED * GROWTH);
    const times = leastTimes(() => parse(small, config), () => parse(large, config), 3);
    expect(times.large).toBeLessThan(linearBound(times, 5));
  });

  it('stays linear on a list item continued over many indented lines', () => {
    // The Markdown tree is built once, outside the timing: what is timed is the reader of the Timeline's lines.
    const readerOf = (count: number) => {
      const text = `## Timeline\n\n- 14:02 start of impact\n${'  aaaaaaaaa\n'.repeat(count)}`;
      const root = unified().use(remarkParse).parse(text);
      const lines = text.split('\n');
      return () => readTimelineLines(root.children, lines, new Set([1]));
    };
    const small = readerOf(CONTINUED);
    const large = readerOf(CONTINUED * GROWTH);
    const [entry] = large();
    expect(entry!.form).toBe('list');
    expect(entry!.event!.text).toBe(`start of impact${' aaaaaaaaa'.repeat(CONTINUED * GROWTH)}`);
    expect(entry!.event!.span.endLine).toBe(3 + CONTINUED * GROWTH);
    const times = leastTimes(small, large, 3);
    expect(times.large).toBeLessThan(linearBound(times, 2));
  });
});
