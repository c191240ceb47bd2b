import type { Blockquote, Code, Definition, Heading, Html, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { opensHtmlBlock } from './fast-html.js';
import { readInlineFast } from './fast-inline.js';
import { ATX, continuationIndent, FENCE_OPEN, indentOf, itemMarker, opensHeading, opensParagraph, SETEXT_UNDERLINE, TASK } from './fast-lines.js';
import { closesFence, INLINE_SYNTAX, isBlank, moveInline, readTable, THEMATIC_BREAK, type InlineReader, type Point } from './fast-tables.js';

/**
 * Most postmortems are built of a handful of plain blocks: ATX and setext headings, paragraphs, lists (nested,
 * loose, items whose text goes on over several lines), tables, fenced code, block quotes of paragraphs, HTML
 * blocks and comments, and link definitions. micromark spends most of a lint's time turning those into events and
 * tokens; here they become mdast directly, line by line. Inline text with Markdown in it is read by fast-inline.ts
 * when it holds only bold, code and links; the rest goes to micromark: all of a file's such texts in one parse, as
 * paragraphs between blank lines, since each parse has a fixed cost.
 *
 * The reader either takes the whole document or none of it: at the first line it is not sure of (indented code, a
 * lazy line in a quote, a list item with a second paragraph...) it returns undefined and micromark parses the
 * file. A link definition changes how references anywhere read: the definitions go into the same micromark parse
 * as the inline texts, which then resolve against them as in the whole document, and their nodes are micromark's
 * own. Tests compare both trees, positions included, on every Markdown file we have, on the real corpora and on
 * generated hostile documents.
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

/** How deep lists may nest here: deeper ones are micromark's (each level is a call). */
const MAX_NESTING = 8;

/** While a list is read: where its items' content starts (0-based), for the lists nested under them. */
interface ItemColumns {
  contentOffset?: number;
}

/** Inline text left for micromark: its nodes go into `target` once parsed. */
interface InlineText {
  content: string;
  at: Point;
  target: PhrasingContent[];
  /** The spaces cut off each line (continuation lines), when any were. */
  indents?: readonly number[] | undefined;
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
  private readonly deferInline: InlineReader = (content, at, indents) => {
    // A byte-order mark is dropped at the start of a document, not inside a paragraph.
    if (content.includes('\uFEFF')) return undefined;
    const target: PhrasingContent[] = [];
    this.inlineTexts.push({ content, at, target, indents });
    return target;
  };

  /**
   * Parses the deferred texts in one document, a paragraph each between
   * blank lines, and moves each paragraph's nodes to its place. False when
   * the document does not come out as exactly those paragraphs (a text that
   * opens a block of its own).
   */
  readInlineTexts(): boolean {
    // Words, bold, code and links are read here (links only when no definition may change what a bracket means).
    const links = this.definitionLike.length === 0;
    const pending = this.inlineTexts.filter((text) => {
      const nodes = readInlineFast(text.content, links);
      if (!nodes) return true;
      moveInline(nodes, { line: 1, offset: 0 }, text.at, text.indents);
      text.target.push(...nodes);
      return false;
    });
    if (pending.length > 0 || this.definitionLike.length > 0) {
      if (!this.parseDeferred(pending)) return false;
    }
    for (const adjust of this.afterInline) adjust();
    return true;
  }

  /** The texts left and the definition-like lines, in one micromark parse. */
  private parseDeferred(pending: readonly InlineText[]): boolean {
    // The definition-like lines after the texts, each run a block of its own: references in any text resolve
    // against the definitions among them, as in the whole document.
    const texts = pending.map((text) => text.content);
    const root = this.parseDocument([...texts, ...this.definitionLike.map((deferred) => deferred.lines.join('\n'))].join('\n\n'));
    if (root.children.length < pending.length + this.definitionLike.length) return false;
    let line = 1;
    let offset = 0;
    for (const [index, text] of pending.entries()) {
      const paragraph = root.children[index]!;
      let lines = 1;
      for (let at = text.content.indexOf('\n'); at !== -1; at = text.content.indexOf('\n', at + 1)) lines++;
      if (paragraph.type !== 'paragraph' || paragraph.position?.start.line !== line || paragraph.position.end.line !== line + lines - 1) return false;
      moveInline(paragraph.children, { line, offset }, text.at, text.indents);
      text.target.push(...paragraph.children);
      line += lines + 1;
      offset += text.content.length + 2;
    }
    let child = pending.length;
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
    return child === root.children.length;
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
    if (first === '>') return this.quote(index);
    if (first === '<') return line.startsWith('<!--') ? this.comment(index) : opensHtmlBlock(line) ? this.htmlBlock(index) : undefined;
    // `* **` is a thematic break, not an item: its rule is three marks, one of them the "marker".
    if (THEMATIC_BREAK.test(line)) return undefined;
    const marker = itemMarker(line);
    if (marker) return this.list(index, 0, marker.kind);
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

  /**
   * A block quote of paragraphs (`> text` lines, `>` alone between paragraphs), up to a blank line or a heading.
   * Anything else inside (a list, code, a nested quote) or a line without its `>` (a lazy continuation) is
   * micromark's, as is a paragraph of several lines with inline syntax (its lines start past their `>`).
   */
  private quote(index: number): Block | undefined {
    const paragraphs: Paragraph[] = [];
    let lines: { index: number; column: number }[] = [];
    const close = (): boolean => {
      if (lines.length === 0) return true;
      const first = lines[0]!;
      const last = lines.at(-1)!;
      const texts = lines.map((line) => this.lines[line.index]!.slice(line.column - 1));
      const text = texts.join('\n');
      const trimmed = texts.at(-1)!.replace(/(?<! ) +$/, '');
      let children: PhrasingContent[] | undefined;
      if (lines.length === 1) children = this.inline(trimmed, first.index, first.column);
      else if (!/ \n/.test(text) && !INLINE_SYNTAX.test(text)) {
        const value = text.slice(0, text.length - (texts.at(-1)!.length - trimmed.length));
        children = [{ type: 'text', value, position: { start: this.point(first.index, first.column), end: this.point(last.index, last.column + trimmed.length) } }];
      }
      if (!children) return false;
      paragraphs.push({ type: 'paragraph', children, position: { start: this.point(first.index, first.column), end: this.lineEnd(last.index) } });
      lines = [];
      return true;
    };
    let next = index;
    for (; next < this.lines.length && !isBlank(this.lines[next]!) && !opensHeading(this.lines[next]!); next++) {
      const line = this.lines[next]!;
      if (line[0] !== '>' || line.includes('\t')) return undefined;
      const column = line[1] === ' ' ? 3 : 2;
      const content = line.slice(column - 1);
      if (isBlank(content)) {
        if (!close()) return undefined;
        continue;
      }
      // Text after the first line of a paragraph continues it only if it opens no block of its own.
      if (!opensParagraph(content) || SETEXT_UNDERLINE.test(content)) return undefined;
      lines.push({ index: next, column });
    }
    if (!close()) return undefined;
    const quote: Blockquote = { type: 'blockquote', children: paragraphs, position: { start: this.point(index, 1), end: this.lineEnd(next - 1) } };
    return { nodes: [quote], next };
  }

  /** An HTML block of the kinds that end at a blank line (see fast-html.ts): its lines, as they are. */
  private htmlBlock(index: number): Block | undefined {
    let end = index + 1;
    while (end < this.lines.length && !isBlank(this.lines[end]!)) end++;
    const value = this.lines.slice(index, end).join('\n');
    if (value.includes('\t')) return undefined;
    const html: Html = { type: 'html', value, position: { start: this.point(index, 1), end: this.lineEnd(end - 1) } };
    return { nodes: [html], next: end };
  }

  /**
   * A list of one-line items of one kind, its marks `indent` spaces in: tight, or loose (items apart by blank lines,
   * as many postmortems write their action items), where micromark marks the list spread (an item of one line is
   * never spread itself). An item may hold one list nested under it (marks at its content's column, up to three
   * spaces more), read the same way; the nested list ends at a line indented less than its marks.
   */
  private list(index: number, indent: number, kind: string, depth = 0): Block | undefined {
    const items: ListItem[] = [];
    let start: number | null = null;
    let loose = false;
    let next = index;
    while (next < this.lines.length) {
      const line = this.lines[next]!;
      // A heading at the margin ends the list: it is no item's continuation.
      if (opensHeading(line)) break;
      if (isBlank(line)) {
        // Blank lines, then another item of the same kind at the same indent: the list goes on, loose. Anything
        // else ends it (a nested list's parent then decides what the blank lines mean for it).
        let after = next;
        while (after < this.lines.length && isBlank(this.lines[after]!)) after++;
        if (after === this.lines.length) break;
        const afterIndent = indentOf(this.lines[after]!);
        if (afterIndent > indent) {
          // More of the last item after blank lines: a list nested under it makes the item spread (not the list:
          // that takes blank lines between items); any other content (a second paragraph, code) is micromark's.
          const parent = items.at(-1)!;
          const nestedEnd = this.nestUnder(parent, after, afterIndent, depth);
          if (nestedEnd === undefined) return undefined;
          parent.spread = true;
          next = nestedEnd;
          continue;
        }
        if (afterIndent !== indent) break;
        const following = this.lines[after]!.slice(indent);
        if (itemMarker(following)?.kind !== kind || THEMATIC_BREAK.test(following)) break;
        loose = true;
        next = after;
        continue;
      }
      if (line.includes('\t')) return undefined;
      const lineIndent = indentOf(line);
      // Less indented than the marks: the end of a nested list (the top list's marks are at the margin).
      if (lineIndent < indent) break;
      const content = line.slice(lineIndent);
      const marker = itemMarker(content);
      if (lineIndent > indent) {
        const nestedEnd = this.nestUnder(items.at(-1)!, next, lineIndent, depth);
        if (nestedEnd === undefined) return undefined;
        next = nestedEnd;
        continue;
      }
      if (!marker || marker.kind !== kind || THEMATIC_BREAK.test(content)) return undefined;
      if (next === index) start = marker.start;
      const read = this.item(next, indent, indent + marker.contentColumn);
      if (!read) return undefined;
      items.push(read.item);
      next = read.next;
    }
    if (items.length === 0) return undefined;
    for (const item of items) delete (item as ItemColumns).contentOffset;
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

  /**
   * A list nested under `parent`, starting at this line: its marks within the item's content, short of indented
   * code, under the item's one paragraph. Where it ends, or undefined when this reader is not sure of it.
   */
  private nestUnder(parent: ListItem, index: number, lineIndent: number, depth: number): number | undefined {
    const column = (parent as ItemColumns).contentOffset;
    const content = this.lines[index]!.slice(lineIndent);
    const marker = itemMarker(content);
    if (column === undefined || lineIndent < column || lineIndent >= column + 4 || depth >= MAX_NESTING) return undefined;
    if (!marker || THEMATIC_BREAK.test(content) || parent.children.length !== 1) return undefined;
    // Right under the item's paragraph it interrupts it: only a non-empty item may (a lone `-` underlines a setext
    // heading), and a numbered one only from 1 (`2. b` goes on the paragraph). Held to after blank lines too.
    if (content.length === marker.contentColumn - 2 || (marker.start !== null && marker.start !== 1)) return undefined;
    const nested = this.list(index, lineIndent, marker.kind, depth + 1);
    if (!nested) return undefined;
    const nestedList = nested.nodes[0] as List;
    parent.children.push(nestedList);
    parent.position!.end = { ...nestedList.position!.end };
    return nested.next;
  }

  /** One item's line: its marks `indent` spaces in, its content from `contentColumn` (1-based). */
  private item(index: number, indent: number, contentColumn: number): { item: ListItem; next: number } | undefined {
    const line = this.lines[index]!;
    const itemStart = this.point(index, indent + 1);
    // A mark alone (`-`, `1.`): an empty item, when nothing is under it (its content could start on the next line).
    if (line.length === contentColumn - 2 && /[-+*.)]$/.test(line)) {
      const below = this.lines[index + 1];
      if (below !== undefined && !isBlank(below) && !itemMarker(below.slice(indent))) return undefined;
      return { item: { type: 'listItem', spread: false, checked: null, children: [], position: { start: itemStart, end: this.lineEnd(index) } }, next: index + 1 };
    }
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
    // Lines that go on the item's paragraph: indented under it or lazily at the margin, opening no block.
    let last = index + 1;
    const indents = [0];
    for (; last < this.lines.length && !isBlank(this.lines[last]!); last++) {
      const spaces = continuationIndent(this.lines[last]!);
      if (spaces === undefined || itemMarker(this.lines[last]!.slice(spaces)) || SETEXT_UNDERLINE.test(this.lines[last]!.slice(spaces))) break;
      indents.push(spaces);
    }
    const children = this.paragraphText(index, last, column, indents);
    if (!children) return undefined;
    const end = this.lineEnd(last - 1);
    const paragraph: Paragraph = { type: 'paragraph', children, position: { start: this.point(index, column), end } };
    // mdast-util-gfm-task-list-item moves the paragraph's start past the check box only when a text node follows it.
    if (task) this.afterInline.push(() => void (children[0]?.type !== 'text' && (paragraph.position!.start = this.point(index, contentColumn))));
    const item: ListItem & ItemColumns = { type: 'listItem', spread: false, checked, children: [paragraph], position: { start: itemStart, end: { ...end } } };
    item.contentOffset = contentColumn - 1;
    return { item, next: last };
  }

  /**
   * Paragraph lines up to a blank line or a heading: the first at the margin, the others at the margin or indented
   * (a continuation line is stripped of its spaces); any line that opens a block of its own is micromark's.
   */
  private paragraph(index: number): Block | undefined {
    let end = index + 1;
    const indents = [0];
    // An ATX heading ends a paragraph without a blank line before it.
    while (end < this.lines.length && !isBlank(this.lines[end]!) && !opensHeading(this.lines[end]!)) {
      if (SETEXT_UNDERLINE.test(this.lines[end]!)) return indents.some(Boolean) ? undefined : this.setextHeading(index, end);
      const spaces = continuationIndent(this.lines[end]!);
      if (spaces === undefined) return undefined;
      indents.push(spaces);
      end++;
    }
    const children = this.paragraphText(index, end, 1, indents);
    if (!children) return undefined;
    const paragraph: Paragraph = { type: 'paragraph', children, position: { start: this.point(index, 1), end: this.lineEnd(end - 1) } };
    return { nodes: [paragraph], next: end };
  }

  /**
   * The inline content of a paragraph's lines `index` to `end` (exclusive): the first from `column`, each other
   * past its `indents` spaces. Plain words are one text node, as micromark makes them; the rest is deferred.
   */
  private paragraphText(index: number, end: number, column: number, indents: readonly number[]): PhrasingContent[] | undefined {
    const texts = [this.lines[index]!.slice(column - 1)];
    for (let line = index + 1; line < end; line++) texts.push(this.lines[line]!.slice(indents[line - index]!));
    const text = texts.join('\n');
    const last = texts.at(-1)!;
    // Plain words with no space before a line break: one text node, trailing spaces of the last line left out.
    if (!/ \n/.test(text) && !INLINE_SYNTAX.test(text)) {
      const trimmed = last.replace(/(?<! ) +$/, '');
      const value = text.slice(0, text.length - (last.length - trimmed.length));
      const endColumn = (end - 1 === index ? column : indents[end - 1 - index]! + 1) + trimmed.length;
      return [{ type: 'text', value, position: { start: this.point(index, column), end: this.point(end - 1, endColumn) } }];
    }
    const content = end - 1 === index ? text.replace(/(?<! ) +$/, '') : text;
    return this.deferInline(content, this.point(index, column), indents.some(Boolean) ? indents : undefined);
  }

  /** The paragraph lines from `index` up to `underline`, a line of `=` (level 1) or `-` (level 2): a heading. */
  private setextHeading(index: number, underline: number): Block | undefined {
    // Its text reads as a paragraph's (lines at the margin: nothing cut off them).
    const children = this.paragraphText(index, underline, 1, new Array<number>(underline - index).fill(0));
    if (!children) return undefined;
    const depth = this.lines[underline]![0] === '=' ? 1 : 2;
    const heading: Heading = { type: 'heading', depth, children, position: { start: this.point(index, 1), end: this.lineEnd(underline) } };
    return { nodes: [heading], next: underline + 1 };
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
