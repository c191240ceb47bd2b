import { MAX_BRACKETS, MAX_DELIMITERS, MAX_UNCLOSED_HTML } from './guard-limits.js';
import { listMarkerLength } from './guard-lines.js';

export type InlineExcess = 'html' | 'brackets' | 'delimiters';

/**
 * Inline openers of one block (lines between blank lines, outside fenced
 * code), counted outside code spans, and swapped when there are too many.
 * Every search stays within its line, so the pass is linear in the block.
 */
export function guardInline(body: string, start: number, end: number, swaps: number[], note: (kind: InlineExcess) => void): void {
  if (!mayExceed(body, start, end)) return;
  const found = { html: [] as number[], brackets: [] as number[], delimiters: [] as number[] };
  for (let lineStart = start; lineStart < end; ) {
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    scanLine(body, lineStart, lineEnd, found);
    lineStart = lineEnd + 1;
  }
  const limits = { html: MAX_UNCLOSED_HTML, brackets: MAX_BRACKETS, delimiters: MAX_DELIMITERS };
  for (const kind of ['html', 'brackets', 'delimiters'] as const) {
    if (found[kind].length <= limits[kind]) continue;
    for (const offset of found[kind]) swaps.push(offset);
    note(kind);
  }
}

/** Whether the block has enough of any opener character to pass a limit: almost every block has not, and needs no closer look. */
function mayExceed(body: string, start: number, end: number): boolean {
  if (end - start <= MAX_UNCLOSED_HTML) return false;
  let angles = 0;
  let brackets = 0;
  let delimiters = 0;
  for (let index = start; index < end; index++) {
    const code = body.charCodeAt(index);
    if (code === 60) angles++;
    else if (code === 91) brackets++;
    else if (code === 42 || code === 95) delimiters++;
  }
  return angles > MAX_UNCLOSED_HTML || brackets > MAX_BRACKETS || delimiters > MAX_DELIMITERS;
}

/** Positions of `needle` in [start, end), in order. */
function positions(body: string, needle: string, start: number, end: number): number[] {
  const found: number[] = [];
  for (let index = body.indexOf(needle, start); index !== -1 && index + needle.length <= end; index = body.indexOf(needle, index + 1)) found.push(index);
  return found;
}

/** The first value of a sorted list at or after `at`, or Infinity. */
function firstFrom(sorted: readonly number[], at: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length ? sorted[low]! : Infinity;
}

function scanLine(body: string, start: number, end: number, found: Record<InlineExcess, number[]>): void {
  // Searches are bounded by the line: `indexOf` past its end would make the pass quadratic.
  const line = body.slice(start, end);
  const at = (offsets: number[]) => offsets.map((offset) => offset + start);
  const pipes = at(positions(line, '|', 0, line.length));
  const closers = { comment: at(positions(line, '-->', 0, line.length)), instruction: at(positions(line, '?>', 0, line.length)), cdata: at(positions(line, ']]>', 0, line.length)), declaration: at(positions(line, '>', 0, line.length)) };
  const code = codeSpans(line, start, pipes);
  let span = 0;
  // In a line's prefix (indentation, `>`, list markers) a `*` is a bullet, not emphasis.
  let prefix = true;
  for (let index = start; index < end; index++) {
    while (span < code.length && code[span]![1] <= index) span++;
    if (span < code.length && code[span]![0] <= index) {
      index = code[span]![1] - 1;
      prefix = false;
      continue;
    }
    const char = body.charCodeAt(index);
    if (char === 32 || char === 9 || (prefix && char === 62)) continue;
    if (prefix) {
      const marker = listMarkerLength(body, index, end);
      if (marker > 0) {
        index += marker - 1;
        continue;
      }
      prefix = false;
    }
    if (char === 91) found.brackets.push(index);
    else if (char === 42 || char === 95) found.delimiters.push(index);
    else if (char === 60) {
      const closer = htmlCloser(body, index, end, closers);
      // Closed only by a closer on the same line and in the same table cell.
      if (closer !== undefined && closer >= firstFrom(pipes, index)) found.html.push(index);
    }
  }
}

/** Where an HTML comment, instruction, CDATA or declaration opened at `index` closes on its line (Infinity: it does not); undefined if none opens there. */
function htmlCloser(body: string, index: number, end: number, closers: Record<'comment' | 'instruction' | 'cdata' | 'declaration', number[]>): number | undefined {
  if (body.startsWith('<!--', index)) return firstFrom(closers.comment, index + 2);
  if (body.startsWith('<?', index)) return firstFrom(closers.instruction, index + 2);
  if (body.startsWith('<![CDATA[', index)) return firstFrom(closers.cdata, index + 9);
  if (body.startsWith('<!', index) && index + 2 < end && /[A-Za-z]/.test(body[index + 2]!)) return firstFrom(closers.declaration, index + 2);
  return undefined;
}

/**
 * Code spans of a line, as [start, end) offsets: a backtick run and the next
 * run of the same length, in the same table cell (erring towards reading
 * text as Markdown, so towards counting more).
 */
function codeSpans(line: string, start: number, pipes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let index = line.indexOf('`'); index !== -1; index = line.indexOf('`', index)) {
    let after = index;
    while (after < line.length && line.charCodeAt(after) === 96) after++;
    runs.push([start + index, after - index]);
    index = after;
  }
  // The next run of the same length, for each run: one pass from the end.
  const next = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let run = runs.length - 1; run >= 0; run--) {
    next[run] = lastOfLength.get(runs[run]![1]) ?? -1;
    lastOfLength.set(runs[run]![1], run);
  }
  const spans: [number, number][] = [];
  for (let run = 0; run < runs.length; ) {
    const closing = next[run]!;
    const [opening, length] = runs[run]!;
    if (closing !== -1 && runs[closing]![0] < firstFrom(pipes, opening)) {
      spans.push([opening, runs[closing]![0] + length]);
      run = closing + 1;
    } else {
      run++;
    }
  }
  return spans;
}
