import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ColumnAliases } from '../config/format.js';
import { zoneInLabel, zoneStatement } from '../model/clock.js';
import type { Cell, Section, Table } from '../model/postmortem.js';
import type { TimelineEntry } from '../model/timeline.js';
import { tablesIn, type LocatedTable } from './located.js';
import { isWithin } from './sections.js';
import { mapColumns, normalizeLabel, pickCells } from './tables.js';
import { readTimelineLines } from './timeline-lines.js';

/**
 * The Timeline section's rows. A table with a time column wins, as it always
 * has; without one, the section's lists and lines are read (under its
 * subheadings too); without those either, the first table (whose missing
 * time column the `timeline` rule reports).
 */
export function extractTimeline(tables: LocatedTable[], sections: Section[], aliases: ColumnAliases, root?: Root, source?: string): TimelineEntry[] {
  const inTimeline = tablesIn(tables, sections, 'timeline');
  const blocks = root ? root.children.filter((node) => node.position !== undefined && isWithin(sections, 'timeline', node.position.start.line)) : [];
  // The zone of a table's rows: its time column's header, else the Timeline heading, else an "All times in CET." line above it.
  const headingZone = (table: Table) => {
    const section = sections.filter((candidate) => candidate.key === 'timeline' && candidate.heading.line < table.span.line && table.span.line <= candidate.endLine).at(-1);
    const named = section ? zoneInLabel(section.title) : undefined;
    if (named !== undefined || !section) return named;
    for (const node of blocks) {
      const line = node.position!.start.line;
      if (node.type !== 'paragraph' || line <= section.heading.line || line >= table.span.line) continue;
      const text = toString(node).trim();
      const zone = /\btimes?\b/i.test(text) ? zoneStatement(text) : undefined;
      if (zone !== undefined) return zone;
    }
    return undefined;
  };
  const timed = inTimeline.find((table) => mapColumns(table.header, aliases.timeline).has('time'));
  if (timed) return readTable(timed, aliases, headingZone(timed));
  if (root && source !== undefined) {
    if (blocks.some((node) => node.type === 'list' || node.type === 'paragraph')) {
      const headings = new Set(sections.filter((section) => section.key === 'timeline').map((section) => section.heading.line));
      const rows = readTimelineLines(blocks, source.split('\n'), headings);
      if (rows.length > 0) return rows;
    }
  }
  const first = inTimeline[0];
  return first ? readTable(first, aliases, headingZone(first)) : [];
}

/** Labels of a column that holds the day alone, beside a time column. */
const DATE_LABELS = new Set(['date', 'day']);

function readTable(table: Table, aliases: ColumnAliases, headingZone: string | undefined): TimelineEntry[] {
  const columns = mapColumns(table.header, aliases.timeline);
  // "| Date | Time | Event |": the time field took the Date column; the Time column is beside it.
  let dateColumn: number | undefined;
  const timeColumn = columns.get('time');
  if (timeColumn !== undefined && DATE_LABELS.has(normalizeLabel(table.header[timeColumn]!.text))) {
    const timeNames = new Set(aliases.timeline.time.map(normalizeLabel));
    const taken = new Set(columns.values());
    const other = table.header.findIndex((cell, index) => !taken.has(index) && timeNames.has(normalizeLabel(cell.text)) && !DATE_LABELS.has(normalizeLabel(cell.text)));
    if (other !== -1) {
      dateColumn = timeColumn;
      columns.set('time', other);
    }
  }
  const timeHeader = columns.has('time') ? table.header[columns.get('time')!]! : undefined;
  const zone = (timeHeader ? zoneInLabel(timeHeader.text) : undefined) ?? (dateColumn === undefined ? undefined : zoneInLabel(table.header[dateColumn]!.text)) ?? headingZone;
  return table.rows.map((row) => {
    const cells = pickCells(row.cells, columns);
    const entry: TimelineEntry = { row: row.span, time: cells.time, event: cells.event, significance: cells.significance, form: 'table', block: table.span };
    if (dateColumn !== undefined) entry.time = combine(row.cells[dateColumn], cells.time);
    if (zone !== undefined) entry.zone = zone;
    return entry;
  });
}

/** A Date cell and a Time cell read as one time: "2024-01-15" and "14:02" make "2024-01-15 14:02". */
function combine(date: Cell | undefined, time: Cell | undefined): Cell | undefined {
  if (!date || date.text === '') return time;
  if (!time || time.text === '') return date;
  const [first, last] = date.span.line < time.span.line || (date.span.line === time.span.line && date.span.column <= time.span.column) ? [date, time] : [time, date];
  return {
    text: `${date.text} ${time.text}`,
    span: { line: first.span.line, column: first.span.column, endLine: last.span.endLine, endColumn: last.span.endColumn },
  };
}
