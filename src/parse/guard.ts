import type { Root } from 'mdast';

/**
 * CommonMark parsers spend time that grows faster than the text on a few
 * constructs: containers nested thousands deep (`- - - - x`, `>>>>`, items
 * each indented under the last), thousands of openers that never close in
 * one paragraph (`<!--`, `[a](`) and thousands of emphasis delimiters in one
 * block. No postmortem needs them; a hostile one uses them to stall a run.
 *
 * Before micromark sees the body, one linear pass finds them and swaps the
 * syntax characters concerned for private-use stand-ins of the same length,
 * so positions do not move and the parser reads them as text. After the
 * parse, `restoreGuarded` puts the original characters back in the tree's
 * text, so rules read what the author wrote. Each kind of excess becomes one
 * `parse` problem at its first line.
 */

/** Container levels (list items and quotes) read as structure; deeper markers are text. */
export const MAX_NESTING = 16;
/** `<!--` after the last `-->` of a block: each makes micromark scan to the end of its paragraph. */
export const MAX_UNCLOSED_COMMENTS = 50;
/** `[` in one block: every one is a possible link whose end micromark searches for. */
export const MAX_BRACKETS = 1_000;
/** `*` and `_` in one block, beyond which CommonMark's delimiter matching goes quadratic. */
export const MAX_DELIMITERS = 500;

export interface GuardProblem {
  message: string;
  line: number;
  column: number;
}

export interface Guarded {
  text: string;
  problems: GuardProblem[];
  /** Whether any character was swapped (the tree then needs `restoreGuarded`). */
  changed: boolean;
}

// One private-use stand-in per syntax character, so the original comes back unambiguously.
const STAND_IN: Record<string, string> = { '>': '\uE000', '-': '\uE001', '+': '\uE002', '*': '\uE003', '.': '\uE004', ')': '\uE005', '<': '\uE006', '[': '\uE007', _: '\uE008' };
const ORIGINAL = new Map(Object.entries(STAND_IN).map(([original, standIn]) => [standIn, original]));
const ANY_STAND_IN = /[\uE000-\uE008]/g;

/** The body with excess syntax made inert, and what was made so. */
export function guardMarkdown(body: string): Guarded {
  const swaps: number[] = [];
  const problems: GuardProblem[] = [];
  const nesting = new NestingTracker(swaps);
  const found = { nesting: 0, comments: 0, brackets: 0, delimiters: 0 };
  const first: Record<keyof typeof found, number> = { nesting: 0, comments: 0, brackets: 0, delimiters: 0 };
  const note = (kind: keyof typeof found, line: number) => {
    if (found[kind]++ === 0) first[kind] = line;
  };

  let line = 1;
  let blockStart = -1;
  let blockLine = 1;
  for (let start = 0; start <= body.length; ) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    const blank = isBlankRange(body, start, end);
    if (blank) nesting.blank();
    else {
      if (blockStart === -1) {
        blockStart = start;
        blockLine = line;
      }
      if (nesting.line(body, start, end)) note('nesting', line);
    }
    if ((blank || end === body.length) && blockStart !== -1) {
      const blockEnd = blank ? start : end;
      guardBlock(body, blockStart, blockEnd, swaps, (kind) => note(kind, blockLine));
      blockStart = -1;
    }
    line++;
    start = end + 1;
  }

  if (found.nesting > 0) {
    problems.push(at(first.nesting, `Lists and quotes nested deeper than ${MAX_NESTING} levels (first at line ${first.nesting}${more(found.nesting, 'line')}); the deeper markers were read as plain text`));
  }
  if (found.comments > 0) {
    problems.push(at(first.comments, `More than ${MAX_UNCLOSED_COMMENTS} unclosed \`<!--\` in one paragraph (first at line ${first.comments}${more(found.comments, 'paragraph')}); they were read as plain text`));
  }
  if (found.brackets > 0) {
    problems.push(at(first.brackets, `More than ${MAX_BRACKETS} \`[\` in one paragraph (first at line ${first.brackets}${more(found.brackets, 'paragraph')}); its links were read as plain text`));
  }
  if (found.delimiters > 0) {
    problems.push(at(first.delimiters, `More than ${MAX_DELIMITERS} \`*\` and \`_\` in one paragraph (first at line ${first.delimiters}${more(found.delimiters, 'paragraph')}); its emphasis was read as plain text`));
  }
  if (swaps.length === 0) return { text: body, problems, changed: false };
  return { text: applySwaps(body, swaps), problems, changed: true };
}

function at(line: number, message: string): GuardProblem {
  return { message, line, column: 1 };
}

function more(count: number, noun: string): string {
  return count > 1 ? `, ${count} ${noun}s in all` : '';
}

/** Puts back, in every string of the tree, the characters `guardMarkdown` swapped. */
export function restoreGuarded(root: Root): void {
  const visit = (node: Record<string, unknown>) => {
    for (const key of ['value', 'url', 'title', 'alt'] as const) {
      const value = node[key];
      if (typeof value === 'string' && value !== '') node[key] = restoreText(value);
    }
    const children = node.children;
    if (Array.isArray(children)) for (const child of children) visit(child as Record<string, unknown>);
  };
  visit(root as unknown as Record<string, unknown>);
}

export function restoreText(text: string): string {
  return text.replace(ANY_STAND_IN, (standIn) => ORIGINAL.get(standIn)!);
}

function applySwaps(body: string, swaps: number[]): string {
  swaps.sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const offset of swaps) {
    if (offset < from) continue;
    parts.push(body.slice(from, offset), STAND_IN[body[offset]!]!);
    from = offset + 1;
  }
  parts.push(body.slice(from));
  return parts.join('');
}

function isBlankRange(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

type Excess = 'comments' | 'brackets' | 'delimiters';

/** Inline openers of one block (lines between blank lines): counted, and swapped when there are too many. */
function guardBlock(body: string, start: number, end: number, swaps: number[], note: (kind: Excess) => void): void {
  // Searched in the block alone: a search of the whole body from every block would be quadratic.
  const block = body.slice(start, end);
  // Openers after the last `-->` can never close; earlier ones end at the next `-->`, one scan each.
  const lastClose = block.lastIndexOf('-->');
  const comments: number[] = [];
  for (let index = block.indexOf('<!--', lastClose === -1 ? 0 : lastClose + 3); index !== -1; index = block.indexOf('<!--', index + 4)) comments.push(start + index);
  if (comments.length > MAX_UNCLOSED_COMMENTS) {
    for (const offset of comments) swaps.push(offset);
    note('comments');
  }
  const brackets: number[] = [];
  const delimiters: number[] = [];
  // In a line's prefix (indentation, `>`, list markers) a `*` is a bullet, not emphasis.
  let prefix = true;
  for (let index = start; index < end; index++) {
    const code = body.charCodeAt(index);
    if (code === 10) prefix = true;
    else if (code === 32 || code === 9 || code === 62) continue;
    else if (prefix && listMarkerLength(body, index, end) > 0) index += listMarkerLength(body, index, end) - 1;
    else {
      prefix = false;
      if (code === 91) brackets.push(index);
      else if (code === 42 || code === 95) delimiters.push(index);
    }
  }
  if (brackets.length > MAX_BRACKETS) {
    for (const offset of brackets) swaps.push(offset);
    note('brackets');
  }
  if (delimiters.length > MAX_DELIMITERS) {
    for (const offset of delimiters) swaps.push(offset);
    note('delimiters');
  }
}

/**
 * An estimate of container depth, line by line, that never counts less than
 * CommonMark would: quote markers count on their own line (a quote goes on
 * only with its marker), list items stay open while later lines are indented
 * at least to their content (and across lines that may be lazy continuations).
 * Markers beyond `MAX_NESTING` are swapped, so the parser never nests deeper.
 */
class NestingTracker {
  /** Content columns of the list items open. */
  private readonly open: number[] = [];
  private previousBlank = true;

  constructor(private readonly swaps: number[]) {}

  /** Reads one non-blank line; true when it nests too deep. */
  line(text: string, start: number, end: number): boolean {
    let index = start;
    let column = 0;
    let quotes = 0;
    let popped = false;
    let excess = false;
    const previousBlank = this.previousBlank;
    this.previousBlank = false;
    for (;;) {
      while (index < end && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) {
        column = text.charCodeAt(index) === 9 ? column + 4 - (column % 4) : column + 1;
        index++;
      }
      if (index >= end) return excess;
      const code = text.charCodeAt(index);
      const marker = code === 62 ? 1 : listMarkerLength(text, index, end);
      if (marker === 0) {
        // Text after the markers: a lazy line keeps every item open, a line after a blank one closes those it is left of.
        if (!popped && previousBlank) this.closeBefore(column);
        return excess;
      }
      if (code !== 62 && !popped) {
        this.closeBefore(column);
        popped = true;
      }
      if (quotes + this.open.length >= MAX_NESTING) {
        // The marker's last character is the one the parser recognises it by (`-`, `>`, the `.` of `12.`).
        this.swaps.push(index + marker - 1);
        excess = true;
      } else if (code === 62) {
        quotes++;
      } else {
        this.open.push(column + marker + 1);
      }
      index += marker;
      column += marker;
    }
  }

  private closeBefore(column: number): void {
    while (this.open.length > 0 && this.open[this.open.length - 1]! > column) this.open.pop();
  }

  blank(): void {
    this.previousBlank = true;
  }
}

/** The length of a list marker (`-`, `+`, `*`, `12.`, `3)`) followed by a space, a tab or the line's end; 0 if none. */
function listMarkerLength(text: string, index: number, end: number): number {
  const code = text.charCodeAt(index);
  let after = index + 1;
  if (code >= 48 && code <= 57) {
    while (after < end && after - index < 9 && isDigit(text.charCodeAt(after))) after++;
    const delimiter = after < end ? text.charCodeAt(after) : 0;
    if (delimiter !== 46 && delimiter !== 41) return 0;
    after++;
  } else if (code !== 45 && code !== 43 && code !== 42) {
    return 0;
  }
  if (after < end && text.charCodeAt(after) !== 32 && text.charCodeAt(after) !== 9) return 0;
  return after - index;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
