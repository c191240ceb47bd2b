import { MAX_NESTING } from './guard-limits.js';

/**
 * An estimate of container depth, line by line, that never counts less than
 * CommonMark would: quote markers count on their own line (a quote goes on
 * only with its marker), list items stay open while later lines are indented
 * at least to their content (and across lines that may be lazy continuations).
 * Markers beyond `MAX_NESTING` are swapped, so the parser never nests deeper.
 */
export class NestingTracker {
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
        // An item that cannot interrupt a paragraph (`2.`, an empty one) may be a lazy line: it closes nothing.
        if (previousBlank || canInterruptParagraph(text, index, marker, end)) this.closeBefore(column);
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

/** CommonMark: an empty item, or an ordered one not starting at 1, cannot interrupt a paragraph. */
function canInterruptParagraph(text: string, index: number, marker: number, end: number): boolean {
  let after = index + marker;
  while (after < end && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
  if (after >= end) return false;
  if (!isDigit(text.charCodeAt(index))) return true;
  return Number(text.slice(index, index + marker - 1)) === 1;
}

/** Where a fenced code block is open: its lines are neither containers nor inline text. */
interface OpenFence {
  char: number;
  length: number;
  column: number;
  quotes: number;
}

/**
 * Fenced code, line by line. A fence closes at its closing fence, and also
 * (as a container that ends ends its fence, and erring towards reading a line
 * as Markdown) at any line left of the opening fence or with fewer `>`.
 */
export class FenceTracker {
  private open: OpenFence | undefined;

  /** `code` for a line inside a fence or closing one, `opener` for a line that opens one, else `text`. */
  line(text: string, start: number, end: number): 'code' | 'opener' | 'text' {
    let index = start;
    let column = 0;
    let quotes = 0;
    // The line's prefix: indentation and quote markers.
    for (; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code === 62) quotes++;
      else if (code !== 32 && code !== 9) break;
      column = code === 9 ? column + 4 - (column % 4) : column + 1;
    }
    if (this.open) {
      if (quotes >= this.open.quotes && column >= this.open.column) {
        if (closesFence(text, index, end, this.open)) this.open = undefined;
        return 'code';
      }
      this.open = undefined;
    }
    // List markers may come before the fence (`- ```yaml`).
    for (let marker = listMarkerLength(text, index, end); marker > 0; marker = listMarkerLength(text, index, end)) {
      index += marker;
      column += marker;
      while (index < end && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) {
        column = text.charCodeAt(index) === 9 ? column + 4 - (column % 4) : column + 1;
        index++;
      }
    }
    const fence = opensFence(text, index, end);
    if (!fence) return 'text';
    this.open = { ...fence, column, quotes };
    return 'opener';
  }
}

function runLength(text: string, index: number, end: number, char: number): number {
  let after = index;
  while (after < end && text.charCodeAt(after) === char) after++;
  return after - index;
}

function opensFence(text: string, index: number, end: number): { char: number; length: number } | undefined {
  const char = text.charCodeAt(index);
  if (char !== 96 && char !== 126) return undefined;
  const length = runLength(text, index, end, char);
  if (length < 3) return undefined;
  // A backtick fence's info string may not hold a backtick.
  if (char === 96 && text.slice(index + length, end).includes('`')) return undefined;
  return { char, length };
}

function closesFence(text: string, index: number, end: number, fence: OpenFence): boolean {
  const length = runLength(text, index, end, fence.char);
  if (length < fence.length) return false;
  for (let after = index + length; after < end; after++) {
    const code = text.charCodeAt(after);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/** The length of a list marker (`-`, `+`, `*`, `12.`, `3)`) followed by a space, a tab or the line's end; 0 if none. */
export function listMarkerLength(text: string, index: number, end: number): number {
  const code = text.charCodeAt(index);
  let after = index + 1;
  if (isDigit(code)) {
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
