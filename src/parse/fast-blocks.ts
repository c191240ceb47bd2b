import type { Code, Definition, Heading, Html, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { closesFence, INLINE_SYNTAX, isBlank, moveInline, readTable, THEMATIC_BREAK, type InlineReader, type Point } from './fast-tables.js';

/**
 * Most postmortems are built of a handful of plain blocks: ATX headings,
 * paragraphs, one-line list items, tables, fenced code, HTML comments and
 * one-line link definitions, separated by blank lines (or a heading right
 * after a paragraph or a list). micromark spends most of a lint's time turning
 * those into events and tokens; here they become mdast directly, line by
 * line. Only inline text with Markdown syntax in it (`**why**`, a link) goes
 * to micromark: all of a file's such texts in one parse, as paragraphs
 * between blank lines, since each parse has a fixed cost.
 *
 * The reader either takes the whole document or none of it: at the first
 * line it is not sure of (a quote, an indented line, a loose list, a setext
 * underline...) it returns undefined and micromark parses the file. A link
 * definition changes how references anywhere read: the definitions go into
 * the same micromark parse as the inline texts, which then resolve against
 * them as in the whole document, and their nodes are micromark's own. A test compares both trees, positions included, on every
 * Markdown file we have and on generated hostile documents.
 */
export function readPlainBlocks(body: string, parseDocument: (text: string) => Root): Root | undefined {
  // A BOM or NUL is special to micromark at the start or anywhere, a carriage return ends a line for micromark (the
  // linter has made every line ending a line feed already). Definitions (`[1]: https://…`) are read below.
  if (body.charCodeAt(0) === 0xfeff || body.includes('\0') || body.includes('\r')) return undefined;
  const lines = body.split('\n');
  const offsets = new Array<number>(lines.length);
  for (let index = 0, offset = 0; index < lines.length; index++) {
    offsets[index] = offset;
    offset += lines[index]!.length + 1;
  }
  const reader = new BlockReader(lines, offsets, parseDocument);
  // Each block's nodes, flattened once the inline parse has filled the deferred ones (definition-like lines).
  const blocks: RootContent[][] = [];
  for (let index = 0; index < lines.length; ) {
    const line = lines[index]!;
    if (isBlank(line)) {
      index++;
      continue;
    }
    const block = reader.read(index);
    if (!block) return undefined;
    blocks.push(block.nodes);
    index = block.next;
  }
  if (!reader.readInlineTexts()) return undefined;
  const children = blocks.flat();
  const last = lines.length - 1;
  return {
    type: 'root',
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: { line: lines.length, column: lines[last]!.length + 1, offset: body.length } },
  };
}

type Block = { nodes: RootContent[]; next: number };

const ATX = /^(#{1,6})(?:[ \t]|$)/;
const BULLET_ITEM = /^([-+*]) /;
const ORDERED_ITEM = /^(\d{1,9})([.)]) /;
const TASK = /^\[([ xX])\] /;
// The whole run is the fence (the lookaheads): a line that fails at its end is not retried with a shorter run, which was N².
const FENCE_OPEN = /^(`{3,}(?!`)|~{3,}(?!~))(.*)$/;

/**
 * A line at the margin that can only be paragraph text: it opens no other
 * block and interrupts none (no heading, quote, list item, rule, fence,
 * table row, HTML block or setext underline).
 */
function opensParagraph(line: string): boolean {
  const first = line[0];
  if (first === undefined || ' \t>-+=|<~:'.includes(first)) return false;
  if (first === '#') return !ATX.test(line);
  if (first === '*' || first === '_') return !/^[*_](?:[ \t]|$)/.test(line) && !THEMATIC_BREAK.test(line);
  if (first === '`') return !line.startsWith('```');
  if (first >= '0' && first <= '9') return !/^\d{1,9}[.)](?:[ \t]|$)/.test(line);
  return true;
}

/** An ATX heading at the margin, which ends a paragraph or a list without a blank line before it. */
function opensHeading(line: string): boolean {
  return line[0] === '#' && ATX.test(line);
}

/** A list item's marker: its kind (bullet character or ordered delimiter), number and where the content starts. */
function itemMarker(line: string): { kind: string; start: number | null; contentColumn: number } | undefined {
  const bullet = BULLET_ITEM.exec(line);
  if (bullet) return { kind: bullet[1]!, start: null, contentColumn: 3 };
  const ordered = ORDERED_ITEM.exec(line);
  if (ordered) return { kind: ordered[2]!, start: Number(ordered[1]), contentColumn: ordered[1]!.length + 3 };
  return undefined;
}

/** Inline text left for micromark: its nodes go into `target` once parsed. */
interface InlineText {
  content: string;
  at: Point;
  target: PhrasingContent[];
}

/**
 * Lines that start like link definitions (`[1]: https://…`, `[^1]: a footnote in words`): micromark reads them, in
 * the inline texts' parse, as definitions or as a paragraph, and its nodes fill `nodes`.
 */
interface DeferredLines {
  lines: string[];
  index: number;
  nodes: (Definition | Paragraph)[];
}

class BlockReader {
  private readonly inlineTexts: InlineText[] = [];
  private readonly definitionLike: DeferredLines[] = [];
  /** Adjustments that depend on the inline nodes, made once they are there. */
  private readonly afterInline: (() => void)[] = [];

  constructor(
    private readonly lines: readonly string[],
    private readonly offsets: readonly number[],
    private readonly parseDocument: (text: string) => Root,
  ) {}

  /** Defers a text to `readInlineTexts`; its nodes are filled into the returned array. */
  private readonly deferInline: InlineReader = (content, at) => {
    // A byte-order mark is dropped at the start of a document, not inside a paragraph.
    if (content.includes('\uFEFF')) return undefined;
    const target: PhrasingContent[] = [];
    this.inlineTexts.push({ content, at, target });
    return target;
  };

  /**
   * Parses the deferred texts in one document, a paragraph each between
   * blank lines, and moves each paragraph's nodes to its place. False when
   * the document does not come out as exactly those paragraphs (a text that
   * opens a block of its own).
   */
  readInlineTexts(): boolean {
    if (this.inlineTexts.length === 0 && this.definitionLike.length === 0) return true;
    // The definition-like lines after the texts, each run a block of its own: references in any text resolve
    // against the definitions among them, as in the whole document.
    const texts = this.inlineTexts.map((text) => text.content);
    const root = this.parseDocument([...texts, ...this.definitionLike.map((deferred) => deferred.lines.join('\n'))].join('\n\n'));
    if (root.children.length < this.inlineTexts.length + this.definitionLike.length) return false;
    let line = 1;
    let offset = 0;
    for (const [index, text] of this.inlineTexts.entries()) {
      const paragraph = root.children[index]!;
      let lines = 1;
      for (let at = text.content.indexOf('\n'); at !== -1; at = text.content.indexOf('\n', at + 1)) lines++;
      if (paragraph.type !== 'paragraph' || paragraph.position?.start.line !== line || paragraph.position.end.line !== line + lines - 1) return false;
      moveInline(paragraph.children, { line, offset }, text.at);
      text.target.push(...paragraph.children);
      line += lines + 1;
      offset += text.content.length + 2;
    }
    let child = this.inlineTexts.length;
    for (const deferred of this.definitionLike) {
      const last = line + deferred.lines.length - 1;
      // Definitions and paragraphs within the run's lines, nothing else, and at least one.
      const first = child;
      for (; child < root.children.length && root.children[child]!.position!.start.line <= last; child++) {
        const node = root.children[child]!;
        if ((node.type !== 'definition' && node.type !== 'paragraph') || node.position!.end.line > last) return false;
        moveInline([node as unknown as PhrasingContent], { line, offset }, this.point(deferred.index, 1));
        deferred.nodes.push(node);
      }
      if (child === first) return false;
      line = last + 2;
      offset += deferred.lines.join('\n').length + 2;
    }
    if (child !== root.children.length) return false;
    for (const adjust of this.afterInline) adjust();
    return true;
  }

  /** The block that starts at this (non-blank) line, or undefined when this reader is not sure of it. */
  read(index: number): Block | undefined {
    const line = this.lines[index]!;
    if (line.includes('\t')) return undefined;
    const first = line[0];
    if (first === '#' && ATX.test(line)) return this.heading(index);
    if (first === '|') {
      const table = readTable(this.lines, this.offsets, index, this.deferInline);
      return table && { nodes: [table.node], next: table.endIndex };
    }
    if (first === '`' || first === '~') {
      const fence = FENCE_OPEN.exec(line);
      if (fence) return this.fence(index, fence[1]!, fence[2]!);
    }
    if (first === '<') return line.startsWith('<!--') ? this.comment(index) : undefined;
    // `* **` is a thematic break, not an item: its rule is three marks, one of them the "marker".
    if (THEMATIC_BREAK.test(line)) return undefined;
    const marker = itemMarker(line);
    if (marker) return this.list(index, marker.kind);
    if (first === '[' && line.includes(']:')) return this.definitionLines(index);
    return opensParagraph(line) ? this.paragraph(index) : undefined;
  }

  /**
   * Lines that each start like a link definition (`[label]:`), up to a blank line or a heading. What they are is
   * micromark's word, in the inline texts' parse: definitions, or a paragraph (`[^1]: a footnote in words` is
   * one without the footnote extension), or both.
   */
  private definitionLines(index: number): Block | undefined {
    const deferred: DeferredLines = { lines: [], index, nodes: [] };
    let next = index;
    for (; next < this.lines.length && !isBlank(this.lines[next]!) && !opensHeading(this.lines[next]!); next++) {
      const line = this.lines[next]!;
      if (line[0] !== '[' || !line.includes(']:') || line.includes('\t')) return undefined;
      deferred.lines.push(line);
    }
    this.definitionLike.push(deferred);
    return { nodes: deferred.nodes, next };
  }

  private point(index: number, column: number): Point {
    return { line: index + 1, column, offset: this.offsets[index]! + column - 1 };
  }

  private lineEnd(index: number): Point {
    return this.point(index, this.lines[index]!.length + 1);
  }

  private heading(index: number): Block | undefined {
    const line = this.lines[index]!;
    const depth = ATX.exec(line)![1]!.length;
    let from = depth;
    while (line.charCodeAt(from) === 32) from++;
    let to = line.length;
    while (to > from && line.charCodeAt(to - 1) === 32) to--;
    // An empty heading, or one that may end in a closing sequence of `#`: micromark's.
    if (to === from || line[to - 1] === '#') return undefined;
    const children = this.inline(line.slice(from, to), index, from + 1);
    if (!children) return undefined;
    const heading: Heading = { type: 'heading', depth: depth as Heading['depth'], children, position: { start: this.point(index, 1), end: this.lineEnd(index) } };
    return { nodes: [heading], next: index + 1 };
  }

  private fence(index: number, fence: string, info: string): Block | undefined {
    // Escapes and entities in the info string, a backtick in a backtick fence's info, trailing space: micromark's.
    if (/[\\&]|[ \t]$/.test(info) || (fence[0] === '`' && info.includes('`'))) return undefined;
    let close = index + 1;
    while (close < this.lines.length && !closesFence(this.lines[close]!, fence)) close++;
    if (close === this.lines.length) return undefined;
    const trimmed = info.replace(/^ +/, '');
    const space = trimmed.indexOf(' ');
    const code: Code = {
      type: 'code',
      lang: trimmed === '' ? null : space === -1 ? trimmed : trimmed.slice(0, space),
      meta: space === -1 ? null : trimmed.slice(space).replace(/^ +/, ''),
      value: this.lines.slice(index + 1, close).join('\n'),
      position: { start: this.point(index, 1), end: this.lineEnd(close) },
    };
    return { nodes: [code], next: close + 1 };
  }

  /** An HTML comment block: it runs, blank lines and all, to the line that holds `-->`. */
  private comment(index: number): Block | undefined {
    if (this.lines[index]!.startsWith('<!-->') || this.lines[index]!.startsWith('<!--->')) return undefined;
    let end = index;
    while (end < this.lines.length && !this.lines[end]!.includes('-->', end === index ? 4 : 0)) end++;
    if (end === this.lines.length) return undefined;
    const html: Html = { type: 'html', value: this.lines.slice(index, end + 1).join('\n'), position: { start: this.point(index, 1), end: this.lineEnd(end) } };
    return { nodes: [html], next: end + 1 };
  }

  /** A tight list of one-line items of one kind. */
  /**
   * A list of one-line items of one kind: tight, or loose (items apart by blank lines, as many postmortems write
   * their action items), where micromark marks the list spread (an item of one line is never spread itself).
   */
  private list(index: number, kind: string): Block | undefined {
    const items: ListItem[] = [];
    let start: number | null = null;
    let loose = false;
    let next = index;
    while (next < this.lines.length) {
      const line = this.lines[next]!;
      // A heading at the margin ends the list: it is no item's continuation.
      if (opensHeading(line)) break;
      if (isBlank(line)) {
        // Blank lines, then another item of the same kind: the list goes on, loose. Anything else ends it.
        let after = next;
        while (after < this.lines.length && isBlank(this.lines[after]!)) after++;
        if (after === this.lines.length || itemMarker(this.lines[after]!)?.kind !== kind || THEMATIC_BREAK.test(this.lines[after]!)) break;
        loose = true;
        next = after;
        continue;
      }
      const marker = itemMarker(line);
      if (!marker || marker.kind !== kind || line.includes('\t') || THEMATIC_BREAK.test(line)) return undefined;
      if (next === index) start = marker.start;
      const item = this.item(next, marker.contentColumn);
      if (!item) return undefined;
      items.push(item);
      next++;
    }
    const list: List = {
      type: 'list',
      ordered: start !== null,
      start,
      spread: loose,
      children: items,
      position: { start: { ...items[0]!.position!.start }, end: { ...items.at(-1)!.position!.end } },
    };
    return { nodes: [list], next };
  }

  private item(index: number, contentColumn: number): ListItem | undefined {
    const line = this.lines[index]!;
    let column = contentColumn;
    let checked: boolean | null = null;
    const task = TASK.exec(line.slice(column - 1));
    if (task) {
      checked = task[1] !== ' ';
      column += 4;
    } else if (/^\[[ xX]\]/.test(line.slice(column - 1))) {
      return undefined;
    }
    const content = line.slice(column - 1);
    if (!opensParagraph(content)) return undefined;
    // The trailing run starts after a non-space: ` +$` retried from every space of a long run is N².
    const children = this.inline(content.replace(/(?<! ) +$/, ''), index, column);
    if (!children) return undefined;
    const end = this.lineEnd(index);
    const paragraph: Paragraph = { type: 'paragraph', children, position: { start: this.point(index, column), end } };
    // mdast-util-gfm-task-list-item moves the paragraph's start past the check box only when a text node follows it.
    if (task) this.afterInline.push(() => void (children[0]?.type !== 'text' && (paragraph.position!.start = this.point(index, contentColumn))));
    return { type: 'listItem', spread: false, checked, children: [paragraph], position: { start: this.point(index, 1), end: { ...end } } };
  }

  /** Paragraph lines at the margin up to a blank line; any other line in between is micromark's. */
  private paragraph(index: number): Block | undefined {
    let end = index + 1;
    // An ATX heading ends a paragraph without a blank line before it.
    while (end < this.lines.length && !isBlank(this.lines[end]!) && !opensHeading(this.lines[end]!)) {
      if (!opensParagraph(this.lines[end]!) || this.lines[end]!.includes('\t')) return undefined;
      end++;
    }
    const lastLine = this.lines[end - 1]!;
    const text = this.lines.slice(index, end).join('\n');
    let children: PhrasingContent[] | undefined;
    // Plain words with no space before a line break: one text node, as micromark makes it.
    const trailingSpace = / \n/.test(text);
    if (!trailingSpace && !INLINE_SYNTAX.test(text)) {
      const trimmed = lastLine.replace(/(?<! ) +$/, '');
      const value = text.slice(0, text.length - (lastLine.length - trimmed.length));
      children = [{ type: 'text', value, position: { start: this.point(index, 1), end: this.point(end - 1, trimmed.length + 1) } }];
    } else {
      children = this.inline(text, index, 1);
    }
    if (!children) return undefined;
    const paragraph: Paragraph = { type: 'paragraph', children, position: { start: this.point(index, 1), end: this.lineEnd(end - 1) } };
    return { nodes: [paragraph], next: end };
  }

  /** Inline content starting at this line and column; lines after the first start at the margin. */
  private inline(content: string, index: number, column: number): PhrasingContent[] | undefined {
    const at = this.point(index, column);
    if (!INLINE_SYNTAX.test(content) && !content.includes('\n')) {
      return [{ type: 'text', value: content, position: { start: at, end: this.point(index, column + content.length) } }];
    }
    return this.deferInline(content, at);
  }
}
