import type { List, ListItem, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ColumnAliases } from '../config/format.js';
import type {
  Heading,
  ActionItem,
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
import { flatText, listsIn, tablesIn, type LocatedTable } from './located.js';
import { mapColumns, pickCells, spanOf } from './tables.js';

/** "**process**: …", "**process:** …", "process: …", "… (process)", "… [process]": how a list item names its category. */
const LIST_CATEGORY = [/^\*\*([^*:]+):\*\*/, /^\*\*([^*]+)\*\*\s*[:—–-]/, /^([A-Za-z][\w-]*)\s*:/, /[([]([A-Za-z][\w-]*)[)\]]\s*$/];

export function extractFactors(root: Root, tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): ContributingFactor[] {
  const factors: ContributingFactor[] = [];
  for (const list of listsIn(root, sections, 'contributing-factors')) {
    for (const item of list.children) {
      const text = flatText(item);
      if (text === '') continue;
      const span = spanOf(item);
      const category = LIST_CATEGORY.map((pattern) => pattern.exec(rawStart(item, text))?.[1]).find((match) => match !== undefined);
      factors.push({ kind: 'list', span, factor: { text, span }, category: category === undefined ? undefined : { text: category.trim(), span }, preventable: undefined });
    }
  }
  for (const table of tablesIn(tables, sections, 'contributing-factors')) {
    const columns = mapColumns(table.header, aliases.contributingFactors);
    if (!columns.has('factor')) columns.set('factor', 0);
    for (const row of table.rows) {
      const cells = pickCells(row.cells, columns);
      if (cells.factor) factors.push({ kind: 'table', span: row.span, factor: cells.factor, category: cells.category, preventable: cells.preventable });
    }
  }
  return factors;
}

/**
 * A "Name: value" item. The value starts at its first non-space, or is the one last space of a blank value, as
 * `\s*(.+)$` read it; that split a run of spaces every way before failing at a line break (N²).
 */
export const METRIC_ITEM = /^([^:]+):\s*(\S.*|[^\S\n\r\u2028\u2029])$/;

/** Metrics as a table, or as a list of "Name: value" items. */
export function extractMetrics(root: Root, tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): MetricRow[] {
  const metrics: MetricRow[] = [];
  for (const list of listsIn(root, sections, 'metrics')) {
    for (const item of list.children) {
      const match = METRIC_ITEM.exec(flatText(item));
      if (!match) continue;
      const span = spanOf(item);
      metrics.push({ span, name: { text: match[1]!.trim(), span }, value: { text: match[2]!.trim(), span } });
    }
  }
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
 * "why" (or say "X because Y"), or any list under a heading of its own such as
 * "## 5 Whys" wherever it stands; or else a table with a why column. Each step
 * is split at its first question mark into the question and the answer.
 */
export function extractWhys(root: Root, tables: LocatedTable[], sections: Section[], aliases: ColumnAliases, headings: readonly Heading[] = []): WhyStep[] {
  const whysHeadings = headings.filter((heading) => WHYS_HEADING.test(heading.text));
  const underWhysHeading = (line: number) => whysHeadings.some((heading) => heading.span.line < line && line <= heading.endLine);
  for (const node of root.children) {
    if (node.type !== 'list' || !node.position) continue;
    const line = node.position.start.line;
    if (!(node.ordered && isWithin(sections, 'root-cause-analysis', line)) && !underWhysHeading(line)) continue;
    if (!asksWhy(node)) {
      if (saysBecause(node)) return node.children.map(becauseStep);
      continue;
    }
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

/** Item text with its bold markers kept, so "**process**: …" can be told from plain text. */
function rawStart(item: ListItem, text: string): string {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return text;
  const lead = first.children[0];
  if (lead?.type === 'strong') return `**${toString(lead)}**${text.slice(toString(lead).length)}`;
  return text;
}

/** "## 5 Whys", "### Five whys analysis", "2. The 5 Whys": a heading of the chain itself. */
const WHYS_HEADING = /^(?:\d{1,2}[.)]\s*)?(?:the\s)?(?:5|five)\s?whys?\b/i;

/** "X because Y" (Atlassian's form): every step states an effect and, after "because", its cause. */
const BECAUSE = /\bbecause\b/i;

function saysBecause(list: List): boolean {
  return list.children.length >= 2 && list.children.every((item) => BECAUSE.test(toString(item)));
}

/** "Uploads failed because the proxy rejected them": the effect is the question the step answers. */
function becauseStep(item: ListItem): WhyStep {
  const text = toString(item, { includeImageAlt: false }).replace(/\s+/g, ' ').trim();
  const at = text.search(BECAUSE);
  // The trailing run starts after a non-separator: retried from each character of a long run, `[\s,]+$` is N².
  return { span: spanOf(item), question: `Why ${text.slice(0, at).replace(/(?<![\s,])[\s,]+$/, '')}?`, answer: text.slice(at).trim() };
}

function asksWhy(list: List): boolean {
  const first = list.children[0];
  return first !== undefined && /\bwhy\b/i.test(toString(first));
}
