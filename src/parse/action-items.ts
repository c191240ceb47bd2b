import type { List, ListItem, Paragraph, Root, RootContent } from 'mdast';
import type { ColumnAliases } from '../config/format.js';
import { isOpenStatus } from '../model/item-status.js';
import type { ActionItem, ActionItemField, ActionItemTable, Cell, Section, SourceSpan, Table } from '../model/postmortem.js';
import { isDetailText, isGroupLine, isLabelText, namesFinished, readItemText, statusInCells } from './item-text.js';
import { flatText, tablesIn, type LocatedTable } from './located.js';
import { isWithin } from './sections.js';
import { mapColumns, pickCells, spanOf } from './tables.js';

const ALL_ITEM_FIELDS: ReadonlySet<ActionItemField> = new Set<ActionItemField>(['id', 'type', 'description', 'owner', 'priority', 'due', 'status']);
/** Fields a group line hands down to the items under it ("- Monitoring (@sre):"). */
const INHERITED: ActionItemField[] = ['owner', 'due', 'priority', 'type'];
const DETAIL_FIELDS: ActionItemField[] = ['id', 'type', 'owner', 'priority', 'due', 'status'];
const NOTE_FIELDS: ActionItemField[] = ['owner', 'priority', 'due'];

type Fields = Partial<Record<ActionItemField, Cell>>;

/** What the headings, bold lines and group items above an item say about it. */
interface Context {
  /** Under "Completed", "Immediate actions (done)", "- ✅ Monitoring:" …: finished unless it says otherwise. */
  done: boolean;
  inherited: Fields;
}

interface Source {
  kind: 'table' | 'list';
  span: SourceSpan;
  columns: ReadonlySet<ActionItemField>;
  items: ActionItem[];
}

/**
 * The action items of every table and list in Action Items, its subheadings
 * included, in document order:
 *
 * - a table counts when it has the item columns: when one has a description
 *   column, tables without one (a "Metric | Value" table) are something else;
 * - a list item is an item, unless it is the label of a group ("- **Monitoring:**",
 *   "- Alerting:", "- Alerting" over two or more instructions) whose nested
 *   bullets are the items; nested bullets that only add to their item
 *   ("Owner: @x", "Due: …", a link) give it fields, and its other nested
 *   bullets are its notes ("- Add a canary stage" over "- staging first");
 * - a subheading or bold line that says "Completed" or "Done" files what
 *   follows as finished, like `[x]`, ✅, `DONE:` or ~~strikethrough~~.
 *
 * Fields inline in a list item are read by `readItemText`.
 */
export function extractActionItems(root: Root, tables: LocatedTable[], sections: Section[], aliases: ColumnAliases): ActionItemTable | undefined {
  const nodes = root.children.filter((node) => node.position !== undefined && isWithin(sections, 'action-items', node.position.start.line));
  const itemTables = chooseTables(tablesIn(tables, sections, 'action-items'), aliases, nodes.some((node) => node.type === 'list'));
  const continuations = findContinuations(nodes);
  const sources: Source[] = [];
  const headings: { depth: number; done: boolean }[] = [];
  let label: { done: boolean } | undefined;
  const context = (): Context => ({ done: headings.some((heading) => heading.done) || label?.done === true, inherited: {} });
  for (const node of nodes) {
    if (node.type === 'heading') {
      while (headings.length > 0 && headings[headings.length - 1]!.depth >= node.depth) headings.pop();
      headings.push({ depth: node.depth, done: namesFinished(flatText(node)) });
      label = undefined;
    } else if (node.type === 'paragraph') {
      label = isLabelParagraph(node) ? { done: namesFinished(flatText(node)) } : undefined;
    } else if (node.type === 'table') {
      const chosen = itemTables.get(spanOf(node).line);
      if (chosen) sources.push(readTable(chosen.table, chosen.columns, context()));
    } else if (node.type === 'list' && !continuations.consumed.has(node)) {
      sources.push({ kind: 'list', span: spanOf(node), columns: ALL_ITEM_FIELDS, items: node.children.flatMap((item) => readListItem(item, context(), continuations.extra)) });
    }
  }
  if (sources.length === 0) return undefined;
  let listed = 0;
  for (const source of sources) source.items.forEach((item, index) => (item.ordinal = source.kind === 'list' ? ++listed : index + 1));
  const first = sources[0]!;
  const last = sources[sources.length - 1]!;
  const columns = new Set<ActionItemField>();
  for (const source of sources) for (const column of source.columns) columns.add(column);
  return {
    kind: first.kind,
    span: { line: first.span.line, column: first.span.column, endLine: last.span.endLine, endColumn: last.span.endColumn },
    columns,
    items: sources.flatMap((source) => source.items),
  };
}

/**
 * The tables that hold items, by their first line. Those with a description
 * column when any has one; else those with any item column; else, when there
 * is no list either, the first table (the rules then name what it lacks).
 */
function chooseTables(candidates: Table[], aliases: ColumnAliases, hasLists: boolean): Map<number, { table: Table; columns: Map<ActionItemField, number> }> {
  const scored = candidates.map((table) => {
    const columns = mapColumns<ActionItemField>(table.header, aliases.actionItems);
    return { table, columns, score: columns.has('description') ? 2 : columns.size > 0 ? 1 : 0 };
  });
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  const chosen = best > 0 ? scored.filter((entry) => entry.score === best) : hasLists ? [] : scored.slice(0, 1);
  return new Map(chosen.map((entry) => [entry.table.span.line, entry]));
}

function readTable(table: Table, columns: Map<ActionItemField, number>, context: Context): Source {
  const mapped = new Set(columns.values());
  const description = columns.get('description');
  const items = table.rows
    .filter((row) => row.cells.some((cell) => cell.text !== ''))
    .map((row): ActionItem => {
      const fields = pickCells(row.cells, columns);
      if ((fields.status?.text ?? '') === '') {
        // No status written: a check mark in the description (never its words), DONE/TODO closing another column, or the heading above.
        const others = row.cells.filter((_, index) => !mapped.has(index)).map((cell) => cell.text);
        const status = statusInCells(description === undefined ? undefined : row.cells[description]?.text, others) ?? (context.done ? 'done' : undefined);
        if (status !== undefined) fields.status = { text: status, span: fields.status?.span ?? row.span };
      }
      return { row: row.span, fields, done: !isOpenStatus(fields.status?.text), kind: 'table', columns: new Set(columns.keys()) };
    });
  return { kind: 'table', span: table.span, columns: new Set(columns.keys()), items };
}

/** The text of a list item without its nested lists. */
function ownText(item: ListItem): string {
  return item.children
    .filter((child) => child.type !== 'list')
    .map((child) => flatText(child))
    .filter((text) => text !== '')
    .join(' ');
}

/** A paragraph that is all bold or italic, with at most a colon after it: "**Monitoring:**", "*Done*:". */
function isEmphasisOnly(node: RootContent | undefined): boolean {
  if (node?.type !== 'paragraph') return false;
  const parts = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  if (parts.length === 0 || (parts[0]!.type !== 'strong' && parts[0]!.type !== 'emphasis')) return false;
  return parts.slice(1).every((child) => child.type === 'text' && child.value.trim() === ':');
}

/** A paragraph that heads the list under it: all bold ("**Architectural improvements:**"), or a short line ending in a colon. */
function isLabelParagraph(node: Paragraph): boolean {
  if (isEmphasisOnly(node)) return true;
  const text = flatText(node);
  return text.endsWith(':') && !startsWithTitle(node) && isLabelText(text);
}

/** "**Deeper monitoring** We will alert on:": a bold title followed by more words is an item, not a group's label. */
function startsWithTitle(node: RootContent | undefined): boolean {
  if (node?.type !== 'paragraph') return false;
  const first = node.children[0];
  return (first?.type === 'strong' || first?.type === 'emphasis') && !isEmphasisOnly(node);
}

/** A nested bullet that only adds to its item: a field ("Owner: @x"), a note or a link. */
function isDetailItem(item: ListItem): boolean {
  const text = ownText(item);
  if (isDetailText(text)) return true;
  const first = item.children[0];
  if (first?.type !== 'paragraph') return false;
  const parts = first.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  return parts.length === 1 && parts[0]!.type === 'link';
}

/**
 * Lists that continue an item of the list before them: an ordered item that
 * ends with a colon or is a bold title, followed at the margin by bullets
 * ("1. **Deeper monitoring** We will alert on:" then "- disk reads"). The
 * author meant them nested; they are read as that item's nested bullets.
 */
function findContinuations(nodes: RootContent[]): { extra: Map<ListItem, List>; consumed: Set<List> } {
  const extra = new Map<ListItem, List>();
  const consumed = new Set<List>();
  nodes.forEach((node, index) => {
    const next = nodes[index + 1];
    if (node.type !== 'list' || next?.type !== 'list' || Boolean(node.ordered) === Boolean(next.ordered)) return;
    const last = node.children[node.children.length - 1];
    if (!last || last.children.some((child) => child.type === 'list')) return;
    if (!ownText(last).endsWith(':') && !isEmphasisOnly(last.children[0])) return;
    extra.set(last, next);
    consumed.add(next);
  });
  return { extra, consumed };
}

/** Groups nest at most this deep; deeper bullets are read as details of their item. */
const MAX_GROUP_DEPTH = 8;

function readListItem(item: ListItem, context: Context, extra: Map<ListItem, List>, depth = 0): ActionItem[] {
  const span = spanOf(item);
  const text = ownText(item);
  const read = readItemText(text);
  const status = item.checked === true ? 'done' : item.checked === false ? 'open' : read.fields.status;
  const nested = [...item.children.filter((child): child is List => child.type === 'list'), ...(extra.has(item) ? [extra.get(item)!] : [])].flatMap((list) => list.children);
  const details = nested.filter(isDetailItem);
  const detailSet = new Set(details);
  const members = nested.filter((child) => !detailSet.has(child));
  // A group: an empty line, a bold line, a short line ending with a colon, or a few words over bullets that are items by their own words.
  const first = item.children[0];
  const isGroup =
    depth < MAX_GROUP_DEPTH &&
    members.length > 0 &&
    (text === '' || isEmphasisOnly(first) || (!startsWithTitle(first) && (isLabelText(read.description) || isGroupLine(read, members.map(asMember)))));
  if (isGroup) {
    const inherited: Fields = { ...context.inherited };
    for (const field of INHERITED) {
      const value = read.fields[field];
      if (value !== undefined) inherited[field] = { text: value, span };
    }
    for (const detail of details) fillFrom(inherited, detail, INHERITED);
    const done = context.done || (status !== undefined && !isOpenStatus(status)) || namesFinished(text);
    return members.flatMap((member) => readListItem(member, { done, inherited }, extra, depth + 1));
  }
  if (read.description === '' && nested.length === 0) return [];
  const fields: Fields = {};
  for (const [field, value] of Object.entries(read.fields) as [ActionItemField, string][]) fields[field] = { text: value, span };
  if (status !== undefined) fields.status = { text: status, span };
  fields.description = { text: read.description, span };
  // Details say anything about the item ("Status: done", "Due: …"); other nested bullets are notes, read only for an owner, a due date or a priority.
  for (const detail of details) fillFrom(fields, detail, DETAIL_FIELDS);
  for (const member of members) fillFrom(fields, member, NOTE_FIELDS);
  for (const [field, cell] of Object.entries(context.inherited) as [ActionItemField, Cell][]) fields[field] ??= cell;
  if (fields.status === undefined && context.done) fields.status = { text: 'done', span };
  return [{ row: span, fields, done: !isOpenStatus(fields.status?.text), kind: 'list', columns: ALL_ITEM_FIELDS }];
}

/** A nested bullet as a group line weighs it: its text, and whether it is a label over items of its own ("- **Alerting:**"). */
function asMember(member: ListItem): { text: string; isGroup: boolean } {
  const text = ownText(member);
  const hasItems = member.children.some((child) => child.type === 'list');
  return { text, isGroup: hasItems && (isEmphasisOnly(member.children[0]) || isLabelText(text)) };
}

/** Fields a nested bullet gives, where the item has none yet. */
function fillFrom(fields: Fields, child: ListItem, wanted: readonly ActionItemField[]): void {
  const span = spanOf(child);
  const read = readItemText(ownText(child)).fields;
  if (child.checked === true) read.status ??= 'done';
  for (const field of wanted) {
    const value = read[field];
    if (value !== undefined && fields[field] === undefined) fields[field] = { text: value, span };
  }
}
