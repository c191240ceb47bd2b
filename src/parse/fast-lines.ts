import { THEMATIC_BREAK } from './fast-tables.js';

/**
 * What a line of Markdown opens, as far as the plain-block reader (fast-blocks.ts) needs to know: each test is
 * conservative, and a line it is not sure of sends the document to micromark.
 */

export const ATX = /^(#{1,6})(?:[ \t]|$)/;
// A mark then a space, or a mark alone on its line (an empty item).
const BULLET_ITEM = /^([-+*])(?:( +)|$)/;
const ORDERED_ITEM = /^(\d{1,9})([.)])(?:( +)|$)/;
export const TASK = /^\[([ xX])\] /;
/** Under paragraph lines, a line of `=` or of `-` at the margin makes them a heading. */
export const SETEXT_UNDERLINE = /^(?:=+|-+) *$/;
// The whole run is the fence (the lookaheads): a line that fails at its end is not retried with a shorter run, which was N².
export const FENCE_OPEN = /^(`{3,}(?!`)|~{3,}(?!~))(.*)$/;

/**
 * A line at the margin that can only be paragraph text: it opens no other
 * block and interrupts none (no heading, quote, list item, rule, fence,
 * table row, HTML block or setext underline).
 */
export function opensParagraph(line: string): boolean {
  const first = line[0];
  if (first === undefined || ' \t>-+=|<:'.includes(first)) return false;
  if (first === '~') return !line.startsWith('~~~');
  if (first === '#') return !ATX.test(line);
  if (first === '*' || first === '_') return !/^[*_](?:[ \t]|$)/.test(line) && !THEMATIC_BREAK.test(line);
  if (first === '`') return !line.startsWith('```');
  if (first >= '0' && first <= '9') return !/^\d{1,9}[.)](?:[ \t]|$)/.test(line);
  return true;
}

/** An ATX heading at the margin, which ends a paragraph or a list without a blank line before it. */
export function opensHeading(line: string): boolean {
  return line[0] === '#' && ATX.test(line);
}

/** A list item's marker: its kind (bullet character or ordered delimiter), number and where the content starts. */
export function itemMarker(line: string): { kind: string; start: number | null; contentColumn: number } | undefined {
  // Content starts after one to four spaces (`-   text`); after five or more it starts after one, with indented code.
  const column = (width: number, spaces = ''): number => width + (spaces.length >= 1 && spaces.length <= 4 ? spaces.length : 1) + 1;
  const bullet = BULLET_ITEM.exec(line);
  if (bullet) return { kind: bullet[1]!, start: null, contentColumn: column(1, bullet[2]) };
  const ordered = ORDERED_ITEM.exec(line);
  if (ordered) return { kind: ordered[2]!, start: Number(ordered[1]), contentColumn: column(ordered[1]!.length + 1, ordered[3]) };
  return undefined;
}

/** The spaces a line that can go on a paragraph starts with (any number: indented code interrupts no paragraph). */
export function continuationIndent(line: string): number | undefined {
  const spaces = indentOf(line);
  return line.includes('\t') || !opensParagraph(line.slice(spaces)) ? undefined : spaces;
}

/** The spaces a line starts with. */
export function indentOf(line: string): number {
  let spaces = 0;
  while (line.charCodeAt(spaces) === 32) spaces++;
  return spaces;
}
