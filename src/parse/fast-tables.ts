import type { AlignType, PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';

/**
 * GFM tables are a third of a postmortem's bytes (timeline, action items)
 * and, through micromark's table extension, half of its parse time. Most are
 * plain: a header and rows that start with `|` at the margin, between blank
 * lines, cells of plain words. Those are read here, line by line, into the
 * very nodes micromark would build (a test compares the two on every
 * Markdown file we have and on generated ones); anything unusual is left in
 * place for micromark.
 *
 * A document made only of plain blocks is read whole by fast-blocks.ts,
 * which reads its tables with `readTable`; `hide` and `restore` serve the
 * documents it leaves to micromark.
 *
 * `hide` returns the text with each table taken out replaced by a paragraph
 * of one-letter lines (so the blocks around it close exactly as the table
 * made them close) and the tables; `restore` puts the tables back in the
 * tree in place of those paragraphs.
 */
export interface HiddenTables {
  text: string;
  /** The tables by the line they start on. */
  tables: Map<number, Table>;
  /** After each table's last line, how many characters shorter the text is than the file up to there. */
  shortenedAfter: { line: number; by: number }[];
}

const PLACEHOLDER = 'x';
/** A fence, or an HTML block that may span blank lines: inside those, a `|` line is not a table. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LONG_HTML = /^ {0,3}<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)/i;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
/** Characters with a meaning inside a line of inline Markdown; a cell without any is one text node. */
export const INLINE_SYNTAX = /[\\`*_[\]!<>&\t]/;
/** A thematic break (`***`, `- - -`, `___`): a line that opens no paragraph. */
export const THEMATIC_BREAK = /^([*_-])(?:[ \t]*\1){2,}[ \t]*$/;
const DELIMITER_CELL = /^[ ]*(:?)-+(:?)[ ]*$/;

export function hideTables(body: string, parseDocument: (text: string) => Root): HiddenTables | undefined {
  // micromark drops a leading byte-order mark, and every offset after it moves; a carriage return ends a line for it.
  if (!body.includes('\n|') || body.charCodeAt(0) === 0xfeff || body.includes('\r')) return undefined;
  // A cell's reference link (`[x][y]`) needs the document's definitions: such cells are micromark's when there may be any.
  const mayDefine = body.includes(']:');
  const readInline: InlineReader = (content, at) => (mayDefine && content.includes('[') ? undefined : parseInlineAt(parseDocument, content, at));
  const lines = body.split('\n');
  const offsets: number[] = [];
  for (let index = 0, offset = 0; index < lines.length; index++) {
    offsets.push(offset);
    offset += lines[index]!.length + 1;
  }
  const tables = new Map<number, Table>();
  const shortenedAfter: HiddenTables['shortenedAfter'] = [];
  let shortened = 0;
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    // An HTML block of the kinds that run past blank lines: too rare in postmortems to follow; micromark does it all.
    if (LONG_HTML.test(line) && !/-->|\?>|]]>|<\/(?:script|pre|style|textarea)>|^ {0,3}<![A-Za-z][^>]*>/i.test(line)) return tables.size > 0 ? finish() : undefined;
    if (!line.startsWith('|')) continue;
    const table = readTable(lines, offsets, index, readInline);
    if (!table) {
      // Left to micromark: step over the rest of its `|` lines.
      while (index + 1 < lines.length && lines[index + 1]!.startsWith('|')) index++;
      continue;
    }
    tables.set(index + 1, table.node);
    for (let row = index; row < table.endIndex; row++) {
      shortened += lines[row]!.length - PLACEHOLDER.length;
      lines[row] = PLACEHOLDER;
    }
    shortenedAfter.push({ line: table.endIndex, by: shortened });
    index = table.endIndex - 1;
  }
  return tables.size > 0 ? finish() : undefined;

  function finish(): HiddenTables {
    return { text: lines.join('\n'), tables, shortenedAfter };
  }
}

/**
 * Puts the tables back where their placeholder paragraphs stand (at the top
 * level, where the tables were). False when one is not found exactly there:
 * the caller then parses the text as it was.
 */
export function restoreTables(root: Root, hidden: HiddenTables): boolean {
  let placed = 0;
  root.children = root.children.map((node) => {
    if (node.type !== 'paragraph') return node;
    const table = hidden.tables.get(node.position?.start.line ?? -1);
    if (!table || node.position?.end.line !== table.position?.end.line) return node;
    placed++;
    return table;
  });
  if (placed !== hidden.tables.size) return false;
  const restored = new Set(hidden.tables.values());
  // Offsets after a table count the placeholder's characters: give them back the table's.
  const shifts = hidden.shortenedAfter;
  const shiftAt = (line: number) => {
    // The last table that ends before this line (they are in order): a binary search, for files of many tables.
    let low = 0;
    let high = shifts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (shifts[middle]!.line < line) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? 0 : shifts[low - 1]!.by;
  };
  const stack: { type?: string; position?: Root['position']; children?: unknown[] }[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (restored.has(node as Table)) continue;
    for (const point of node.position ? [node.position.start, node.position.end] : []) {
      if (point.offset !== undefined) point.offset += shiftAt(point.line);
    }
    if (node.children) for (const child of node.children) stack.push(child as (typeof stack)[number]);
  }
  // A file that ends on a table's last line (no final line break) ends where the table does.
  const last = [...hidden.tables.values()].at(-1);
  if (root.position && last?.position && root.position.end.line === last.position.end.line) root.position.end = { ...last.position.end };
  return true;
}

/** A line of spaces and tabs only. */
export function isBlank(line: string): boolean {
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/** Whether this line closes a code block opened by `fence` (three or more backticks or tildes). */
export function closesFence(line: string, fence: string): boolean {
  const closing = /^ {0,3}(`+|~+)[ \t]*$/.exec(line)?.[1];
  return closing !== undefined && closing[0] === fence[0] && closing.length >= fence.length;
}

/**
 * The plain table whose header is line `start`, and the index of the line
 * after it; undefined when it is not one this reader takes. Tables are taken
 * after a blank line or a heading only (after a paragraph line, the header
 * could be that paragraph's).
 */
export function readTable(lines: readonly string[], offsets: readonly number[], start: number, readInline: InlineReader): { node: Table; endIndex: number } | undefined {
  const previous = start === 0 ? '' : lines[start - 1]!;
  if (!isBlank(previous) && !ATX_HEADING.test(previous)) return undefined;
  const delimiter = lines[start + 1];
  if (delimiter === undefined || !delimiter.startsWith('|')) return undefined;
  const alignCells = splitRow(delimiter);
  if (!alignCells) return undefined;
  const align: AlignType[] = [];
  for (const cell of alignCells) {
    const match = DELIMITER_CELL.exec(cell.raw);
    if (!match) return undefined;
    align.push(match[1] && match[2] ? 'center' : match[1] ? 'left' : match[2] ? 'right' : null);
  }
  let end = start + 2;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  // A table goes on over any line that does not start another block: only a blank line (or the end) ends it here.
  if (end < lines.length && !isBlank(lines[end]!)) return undefined;
  const rows: TableRow[] = [];
  for (let index = start; index < end; index++) {
    if (index === start + 1) continue;
    const row = readRow(lines[index]!, index + 1, offsets[index]!, align.length, readInline);
    if (!row) return undefined;
    rows.push(row);
  }
  const last = lines[end - 1]!;
  return {
    node: {
      type: 'table',
      align,
      children: rows,
      position: {
        start: { line: start + 1, column: 1, offset: offsets[start]! },
        end: { line: end, column: last.length + 1, offset: offsets[end - 1]! + last.length },
      },
    },
    endIndex: end,
  };
}

export type Point = { line: number; column: number; offset: number };

/**
 * Inline Markdown as phrasing nodes at its place in the file (`at`: where
 * it starts; lines after the first start at the margin). Undefined when the
 * text, as a document of its own, is not one paragraph. The nodes may be
 * filled in later, when a reader parses many texts at once.
 */
export type InlineReader = (content: string, at: Point, indents?: readonly number[]) => PhrasingContent[] | undefined;

/** An InlineReader that parses the text at once, as a document of its own. */
export function parseInlineAt(parseDocument: (text: string) => Root | undefined, content: string, at: Point): PhrasingContent[] | undefined {
  const root = parseDocument(content);
  const [paragraph] = root?.children ?? [];
  if (!root || root.children.length !== 1 || paragraph?.type !== 'paragraph') return undefined;
  moveInline(paragraph.children, { line: 1, offset: 0 }, at);
  return paragraph.children;
}

/** Moves nodes parsed from a text that started at `from` (column 1) to where that text starts in the file. */
/**
 * Moves nodes parsed at `from` to `to`. `indents`, when given, are the spaces each line after the first had in
 * the document before they were cut off for the parse (continuation lines of a paragraph), one per line.
 */
export function moveInline(nodes: readonly PhrasingContent[], from: { line: number; offset: number }, to: Point, indents?: readonly number[]): void {
  type Positioned = { position?: { start: Point; end: Point }; children?: Positioned[] };
  // The characters cut off before each line, summed: what its offsets move by besides the whole text's move.
  let cut: number[] | undefined;
  if (indents) {
    cut = [0];
    for (let line = 1; line < indents.length; line++) cut.push(cut[line - 1]! + indents[line]!);
  }
  const move = (node: Positioned) => {
    if (node.position) {
      for (const point of [node.position.start, node.position.end]) {
        const line = point.line - from.line;
        // An end at a continuation line's very start (a line break's) lies before the spaces that were cut off.
        const beforeSpaces = cut !== undefined && line > 0 && point === node.position.end && point.column === 1;
        if (line === 0) point.column += to.column - 1;
        else if (cut && !beforeSpaces) point.column += indents![line]!;
        if (cut) point.offset += beforeSpaces ? cut[line - 1]! : cut[line]!;
        point.line += to.line - from.line;
        point.offset += to.offset - from.offset;
      }
    }
    for (const child of node.children ?? []) move(child);
  };
  for (const node of nodes) move(node as Positioned);
}

interface RawCell {
  /** Index of the cell's opening pipe in the line. */
  from: number;
  /** Index just past the cell (the next pipe, or the end of the line for the last). */
  to: number;
  raw: string;
}

/** The cells of a row that starts with `|`, split at pipes not escaped; undefined for a row this reader leaves alone. */
function splitRow(line: string): RawCell[] | undefined {
  if (line.includes('\t')) return undefined;
  const pipes: number[] = [];
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === 92 /* \ */) index++;
    else if (code === 124 /* | */) pipes.push(index);
  }
  // The closing pipe is optional; what follows the last pipe must then be the last cell's content.
  const trailing = /^ *$/.test(line.slice(pipes[pipes.length - 1]! + 1));
  const cells: RawCell[] = [];
  const count = trailing ? pipes.length - 1 : pipes.length;
  if (count === 0) return undefined;
  for (let cell = 0; cell < count; cell++) {
    const from = pipes[cell]!;
    const next = cell + 1 < pipes.length ? pipes[cell + 1]! : line.length;
    cells.push({ from, to: cell === count - 1 ? line.length : next, raw: line.slice(from + 1, next) });
  }
  return cells;
}

function readRow(line: string, lineNumber: number, lineOffset: number, width: number, readInline: InlineReader): TableRow | undefined {
  const cells = splitRow(line);
  if (!cells || cells.length !== width) return undefined;
  const children: TableCell[] = [];
  for (const cell of cells) {
    // Markdown trims spaces around a cell, not other white space (a no-break space is content).
    let leading = 0;
    while (cell.raw.charCodeAt(leading) === 32) leading++;
    let trailing = cell.raw.length;
    while (trailing > leading && cell.raw.charCodeAt(trailing - 1) === 32) trailing--;
    const content = cell.raw.slice(leading, trailing);
    const contentFrom = cell.from + 1 + leading;
    const phrasing = content === '' ? [] : readCell(content, lineNumber, contentFrom, lineOffset, readInline);
    if (!phrasing) return undefined;
    children.push({
      type: 'tableCell',
      children: phrasing,
      position: { start: { line: lineNumber, column: cell.from + 1, offset: lineOffset + cell.from }, end: { line: lineNumber, column: cell.to + 1, offset: lineOffset + cell.to } },
    });
  }
  return {
    type: 'tableRow',
    children,
    position: { start: { line: lineNumber, column: 1, offset: lineOffset }, end: { line: lineNumber, column: line.length + 1, offset: lineOffset + line.length } },
  };
}

/** A cell's content as phrasing nodes at its place in the file; undefined when it reads as more than a paragraph. */
function readCell(content: string, line: number, from: number, lineOffset: number, readInline: InlineReader): PhrasingContent[] | undefined {
  const at = (column: number) => ({ line, column: from + column, offset: lineOffset + from + column - 1 });
  if (!INLINE_SYNTAX.test(content)) {
    return [{ type: 'text', value: content, position: { start: at(1), end: at(content.length + 1) } }];
  }
  // Text that could open a block (a heading, list, quote, fence, rule) is inline in a cell but not in a document of
  // its own. A cell that starts with emphasis (`**Detection:** …`, as real timelines mark their milestones) opens none.
  if (/^(?:[#>+=~`-]|\d+[.)]|<)/.test(content) || /^[*_](?:[ \t]|$)/.test(content) || THEMATIC_BREAK.test(content)) return undefined;
  // In a table, `\|` inside code is a pipe (mdast-util-gfm-table unescapes it); a document of its own keeps
  // the backslash. A leading byte-order mark is dropped at the start of a document, not of a cell.
  if ((content.includes('`') && content.includes('\\|')) || content.includes('\uFEFF')) return undefined;
  return readInline(content, at(1));
}
