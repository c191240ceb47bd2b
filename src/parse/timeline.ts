import type { ColumnAliases } from '../config/format.js';
import type { Section, TimelineRow } from '../model/postmortem.js';
import { tablesIn, type LocatedTable } from './located.js';
import { mapColumns, pickCells } from './tables.js';

export function extractTimeline(tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): TimelineRow[] {
  const table = tablesIn(tables, sections, 'timeline')[0];
  if (!table) return [];
  const columns = mapColumns(table.header, aliases.timeline);
  return table.rows.map((row) => {
    const cells = pickCells(row.cells, columns);
    return { row: row.span, time: cells.time, event: cells.event, significance: cells.significance };
  });
}

