import type { Table as MdastTable, Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Cell, SourceSpan, Table } from '../model/postmortem.js';

export function spanOf(node: Nodes): SourceSpan {
  const position = node.position;
  if (!position) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    line: position.start.line,
    column: position.start.column,
    endLine: position.end.line,
    endColumn: position.end.column,
  };
}

export function toTable(node: MdastTable): Table {
  const [head, ...body] = node.children;
  const cells = (row: MdastTable['children'][number]): Cell[] =>
    row.children.map((cell) => ({ text: toString(cell).trim(), span: spanOf(cell) }));
  return {
    span: spanOf(node),
    header: head ? cells(head) : [],
    rows: body.map((row) => ({ span: spanOf(row), cells: cells(row) })),
  };
}

/**
 * "(" through the next ")", as `/\([^)]*\)/g` found it, or else through the end. That one rescanned the rest of
 * the text from each "(" that no ")" follows (N²); once one "(" is unclosed every later one is, so the rest is
 * matched once and kept.
 */
const ASIDE = /\([^)]*(?:\)|$)/g;

/** Lower case, asides, time zones and punctuation dropped: "Time (UTC)" → "time", "Date and Time in CET" → "date and time". */
export function normalizeLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(ASIDE, (aside) => (aside.endsWith(')') ? ' ' : aside))
    .replace(/\s(?:in|at)\s+[a-z]{2,5}\s*$/, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}#/+]+/gu, ' ')
    .trim();
}

/**
 * Finds which column holds each field, by the header's text. A column is
 * given to the first field that names it, so aliases shared by two fields
 * ("Description") go to the field listed first.
 */
export function mapColumns<F extends string>(header: Cell[], aliases: Record<F, string[]>): Map<F, number> {
  const columns = new Map<F, number>();
  const taken = new Set<number>();
  const labels = header.map((cell) => normalizeLabel(cell.text));
  for (const field of Object.keys(aliases) as F[]) {
    const names = new Set(aliases[field].map(normalizeLabel));
    const index = labels.findIndex((label, i) => !taken.has(i) && names.has(label));
    if (index !== -1) {
      columns.set(field, index);
      taken.add(index);
    }
  }
  return columns;
}

/** The cells of a row by field; a row shorter than its header lacks the missing cells. */
export function pickCells<F extends string>(cells: Cell[], columns: Map<F, number>): Partial<Record<F, Cell>> {
  const picked: Partial<Record<F, Cell>> = {};
  for (const [field, index] of columns) {
    const cell = cells[index];
    if (cell) picked[field] = cell;
  }
  return picked;
}
