import type { List, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ColumnAliases } from '../config/format.js';
import type {
  ActionItemField,
  ActionItemTable,
  ContributingFactor,
  MetricRow,
  Section,
  SectionKey,
  Table,
  TimelineRow,
  WhyStep,
} from '../model/postmortem.js';
import { isWithin } from './sections.js';
import { mapColumns, pickCells, spanOf } from './tables.js';

type LocatedTable = { section: Section | undefined; table: Table };

function tablesIn(tables: LocatedTable[], sections: Section[], key: SectionKey): Table[] {
  return tables.filter(({ table }) => isWithin(sections, key, table.span.line)).map(({ table }) => table);
}

export function extractActionItems(tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): ActionItemTable | undefined {
  const table = tablesIn(tables, sections, 'action-items')[0];
  if (!table) return undefined;
  const columns = mapColumns<ActionItemField>(table.header, aliases.actionItems);
  return {
    span: table.span,
    columns: new Set(columns.keys()),
    items: table.rows
      .filter((row) => row.cells.some((cell) => cell.text !== ''))
      .map((row) => ({ row: row.span, fields: pickCells(row.cells, columns) })),
  };
}

export function extractTimeline(tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): TimelineRow[] {
  const table = tablesIn(tables, sections, 'timeline')[0];
  if (!table) return [];
  const columns = mapColumns(table.header, aliases.timeline);
  return table.rows.map((row) => {
    const cells = pickCells(row.cells, columns);
    return { row: row.span, time: cells.time, event: cells.event, significance: cells.significance };
  });
}

export function extractFactors(tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): ContributingFactor[] {
  const factors: ContributingFactor[] = [];
  for (const table of tablesIn(tables, sections, 'contributing-factors')) {
    const columns = mapColumns(table.header, aliases.contributingFactors);
    if (!columns.has('factor')) columns.set('factor', 0);
    for (const row of table.rows) {
      const cells = pickCells(row.cells, columns);
      if (cells.factor) factors.push({ span: row.span, factor: cells.factor, category: cells.category, preventable: cells.preventable });
    }
  }
  return factors;
}

export function extractMetrics(tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): MetricRow[] {
  const metrics: MetricRow[] = [];
  for (const table of tablesIn(tables, sections, 'metrics')) {
    const columns = mapColumns(table.header, aliases.metrics);
    if (!columns.has('name')) columns.set('name', 0);
    if (!columns.has('value')) columns.set('value', 1);
    for (const row of table.rows) {
      const cells = pickCells(row.cells, columns);
      if (cells.name && cells.value) metrics.push({ span: row.span, name: cells.name, value: cells.value });
    }
  }
  return metrics;
}

/** Arrows and connectives that open the answer of a why: "→ Because …", "-> …", ": …". */
const ANSWER_OPENER = /^\s*(?:→|->|=>|⇒|:|–|—|-)?\s*/;

/**
 * The 5-Whys chain: the ordered list in Root Cause Analysis whose items ask
 * "why", or else a table with a why column. Each step is split at its first
 * question mark into the question and the answer.
 */
export function extractWhys(root: Root, tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): WhyStep[] {
  for (const node of root.children) {
    if (node.type !== 'list' || !node.ordered || !node.position) continue;
    if (!isWithin(sections, 'root-cause-analysis', node.position.start.line)) continue;
    if (!asksWhy(node)) continue;
    return node.children.map((item) => {
      const text = toString(item, { includeImageAlt: false }).replace(/\s+/g, ' ').trim();
      const mark = text.indexOf('?');
      const question = mark === -1 ? text : text.slice(0, mark + 1);
      const answer = mark === -1 ? '' : text.slice(mark + 1).replace(ANSWER_OPENER, '').trim();
      return { span: spanOf(item), question, answer };
    });
  }
  for (const table of tablesIn(tables, sections, 'root-cause-analysis')) {
    const columns = mapColumns(table.header, aliases.whys);
    if (!columns.has('question')) continue;
    return table.rows.map((row) => {
      const cells = pickCells(row.cells, columns);
      return { span: row.span, question: cells.question?.text ?? '', answer: cells.answer?.text ?? '' };
    });
  }
  return [];
}

function asksWhy(list: List): boolean {
  const first = list.children[0];
  return first !== undefined && /\bwhy\b/i.test(toString(first));
}
