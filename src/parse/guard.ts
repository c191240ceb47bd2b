import type { Root } from 'mdast';
import { guardInline } from './guard-inline.js';
import { FenceTracker, NestingTracker } from './guard-lines.js';
import { MAX_BRACKETS, MAX_DELIMITERS, MAX_NESTING, MAX_UNCLOSED_HTML } from './guard-limits.js';

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

export { MAX_BRACKETS, MAX_DELIMITERS, MAX_NESTING, MAX_UNCLOSED_HTML } from './guard-limits.js';

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
  const fences = new FenceTracker();
  const found = { nesting: 0, html: 0, brackets: 0, delimiters: 0 };
  const first: Record<keyof typeof found, number> = { nesting: 0, html: 0, brackets: 0, delimiters: 0 };
  const note = (kind: keyof typeof found, line: number) => {
    if (found[kind]++ === 0) first[kind] = line;
  };

  let line = 1;
  let blockStart = -1;
  let blockLine = 1;
  const endBlock = (blockEnd: number) => {
    if (blockStart !== -1) guardInline(body, blockStart, blockEnd, swaps, (kind) => note(kind, blockLine));
    blockStart = -1;
  };
  for (let start = 0; start <= body.length; ) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    if (isBlankRange(body, start, end)) {
      nesting.blank();
      endBlock(start);
    } else {
      // Fenced code holds no containers and no inline Markdown: its lines end a block and count for nothing.
      const kind = fences.line(body, start, end);
      if (kind !== 'text') endBlock(start);
      if (kind !== 'code' && nesting.line(body, start, end)) note('nesting', line);
      if (kind === 'text' && blockStart === -1) {
        blockStart = start;
        blockLine = line;
      }
    }
    if (end === body.length) endBlock(end);
    line++;
    start = end + 1;
  }

  if (found.nesting > 0) {
    problems.push(at(first.nesting, `Lists and quotes nested deeper than ${MAX_NESTING} levels (first at line ${first.nesting}${more(found.nesting, 'line')}); the deeper markers were read as plain text`));
  }
  if (found.html > 0) {
    problems.push(at(first.html, `More than ${MAX_UNCLOSED_HTML} unclosed \`<!--\`, \`<?\` or \`<!\` in one paragraph (first at line ${first.html}${more(found.html, 'paragraph')}); they were read as plain text`));
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

