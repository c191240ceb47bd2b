import { MILESTONE_NAMES, MILESTONES, timeRows, type Milestone } from '../model/timeline.js';
import { isTemplateSlot } from '../model/template.js';
import { defineRule, docsUrl } from './rule.js';

export interface TimelineOptions {
  /** Milestones the timeline must mark. */
  milestones: Milestone[];
}

export default defineRule<TimelineOptions>({
  meta: {
    id: 'timeline',
    description: 'The Timeline is a table of parseable times and events, in order, marking impact start, detection, mitigation and resolution.',
    url: docsUrl('timeline'),
    defaultSeverity: 'error',
    messages: {
      noTable: 'The Timeline has no table: add one with a Time column and an Event column',
      noTimeColumn: 'The Timeline table has no Time column',
      noEventColumn: 'The Timeline table has no Event column',
      placeholder: 'Time "{{time}}" is a placeholder: write the time the event happened',
      unparsed: 'Time "{{time}}" does not parse: write HH:MM, HH:MM UTC, YYYY-MM-DD HH:MM or an ISO 8601 date-time',
      invalidDate: 'Time "{{time}}" has a date that does not exist',
      outOfOrder: 'This row ({{time}}) is earlier than the row before it ({{previous}}): keep the timeline in chronological order',
      noMilestone: 'The Timeline marks no {{milestone}}: add a Significance column naming it on its row, or say it in the event',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { milestones: { type: 'array', items: { enum: [...MILESTONES] } } },
    },
  },
  defaultOptions: { milestones: ['start', 'detect', 'mitigate', 'resolve'] },
  check(doc, report, { options }) {
    const section = doc.sections.find((candidate) => candidate.key === 'timeline');
    if (!section) return;
    const table = doc.tables.find(({ table }) => table.span.line > section.heading.line && table.span.line <= section.endLine)?.table;
    if (!table) return report({ messageId: 'noTable', at: section.heading });
    const rows = doc.timeline;
    if (rows.length > 0 && rows.every((row) => row.time === undefined)) return report({ messageId: 'noTimeColumn', at: table.span });
    if (rows.length > 0 && rows.every((row) => row.event === undefined)) report({ messageId: 'noEventColumn', at: table.span });

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
    for (const milestone of options.milestones) {
      if (!marked.has(milestone)) report({ messageId: 'noMilestone', data: { milestone: MILESTONE_NAMES[milestone] }, at: table.span });
    }
  },
});
