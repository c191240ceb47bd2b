/**
 * Incident text (titles, comments, the body) as Markdown of a draft postmortem: still readable and
 * editable as the words people wrote, links kept, but never markup that changes the document. No HTML (a
 * `<` is `&lt;`), no mention (a handle is shown as code), no table cell or link made from text, no heading,
 * rule or code fence that would end a section or swallow the rest of the file.
 */

// Controls other than tab, and the bidi controls that reorder what a reader sees.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function plain(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&(?=#|[A-Za-z][A-Za-z0-9]{1,31};)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/[[\]|]/g, (character) => `\\${character}`)
    .replace(/!(?=\\\[)/g, '');
}

/** A URL as a link destination: `(`, `)`, `|` and spaces percent-encoded, so it cannot end the link or the cell. */
export function destination(url: string): string {
  return url.replace(/[()| ]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

const URL_END = new Set([' ', '\t', '<', '>', '|', '"']);
const LOGIN_CHAR = /[A-Za-z0-9-]/;

/** Where the run of exactly `length` backticks that closes a code span opened before `from` starts, or -1. */
function closingFence(line: string, from: number, length: number): number {
  let at = line.indexOf('`', from);
  while (at !== -1) {
    let end = at;
    while (line[end] === '`') end++;
    if (end - at === length) return at;
    at = line.indexOf('`', end);
  }
  return -1;
}

/** Where a link's destination that starts at `at` ends (its closing `)`, parentheses inside balanced), or -1. */
function destinationEnd(line: string, at: number): number {
  let depth = 0;
  for (let end = at; end < line.length && end - at < 2_000; end++) {
    const character = line[end]!;
    if (URL_END.has(character)) return -1;
    if (character === '(') depth++;
    else if (character === ')') {
      if (depth === 0) return end;
      depth--;
    }
  }
  return -1;
}

/** The end of an http(s) URL starting at `at` (scanned, never matched by a pattern: lines are untrusted). */
function urlEnd(line: string, at: number): number {
  let end = at;
  while (end < line.length && end - at < 2_000 && !URL_END.has(line[end]!)) end++;
  // A sentence's full stop or comma after a URL is not part of it.
  while (end > at && '.,;:!?'.includes(line[end - 1]!)) end--;
  return end;
}

function startsUrl(line: string, at: number): boolean {
  return line.startsWith('https://', at) || line.startsWith('http://', at);
}

/**
 * One line of incident text as inline Markdown safe in a table cell, a list item or a paragraph: code spans and
 * links to http(s) URLs kept, mentions shown as code, everything else as text. A scanner, one pass: lines are
 * untrusted and capped by the caller.
 */
export function inlineText(text: string): string {
  const line = text.replace(CONTROL, '').replace(/[\r\n]+/g, ' ');
  let out = '';
  let textStart = 0;
  let at = 0;
  const emit = (until: number, markup: string, next: number) => {
    out += plain(line.slice(textStart, until)) + markup;
    textStart = at = next;
  };
  while (at < line.length) {
    const character = line[at]!;
    const before = at === 0 ? ' ' : line[at - 1]!;
    if (character === '`') {
      let end = at;
      while (line[end] === '`') end++;
      const close = closingFence(line, end, end - at);
      if (close === -1) {
        at = end;
        continue;
      }
      // A code span shows its text as written; only `|` would still split a table cell.
      emit(at, line.slice(at, close + end - at).replace(/\|/g, '\\|'), close + end - at);
      continue;
    }
    if (character === '!' && line[at + 1] === '[') {
      // An image in a Timeline cell or a summary would be a picture in the middle of the text: its link instead.
      emit(at, '', at + 1);
      continue;
    }
    if (character === '[') {
      const close = line.indexOf(']', at + 1);
      const label = close === -1 ? '' : line.slice(at + 1, close);
      if (close !== -1 && close - at <= 300 && !label.includes('[') && line[close + 1] === '(' && startsUrl(line, close + 2)) {
        const end = destinationEnd(line, close + 2);
        if (end !== -1) {
          emit(at, `[${plain(label)}](${destination(line.slice(close + 2, end))})`, end + 1);
          continue;
        }
      }
    } else if (character === '<' && startsUrl(line, at + 1)) {
      const end = urlEnd(line, at + 1);
      if (line[end] === '>') {
        emit(at, `<${destination(line.slice(at + 1, end))}>`, end + 1);
        continue;
      }
    } else if (character === 'h' && startsUrl(line, at) && !/[\w/]/.test(before)) {
      const end = urlEnd(line, at);
      emit(at, destination(line.slice(at, end)), end);
      continue;
    } else if (character === '@' && !/[A-Za-z0-9@/.]/.test(before) && LOGIN_CHAR.test(line[at + 1] ?? '')) {
      let end = at + 1;
      while (end < line.length && end - at <= 39 && LOGIN_CHAR.test(line[end]!)) end++;
      if (line[end] === '/' && /[A-Za-z0-9]/.test(line[end + 1] ?? '')) {
        end++;
        while (end < line.length && /[\w.-]/.test(line[end]!)) end++;
      }
      emit(at, `\`${line.slice(at, end)}\``, end);
      continue;
    }
    at++;
  }
  return out + plain(line.slice(textStart));
}

/** A heading, a setext underline or a thematic break, a code fence: lines that would restructure the draft. */
const HEADING = /^ {0,3}#{1,6}(?:[ \t]+|$)/;
const RULE_OR_UNDERLINE = /^ {0,3}(?:[-=*_][ \t]*)+$/;
const FENCE = /^ {0,3}(?:`{3,}|~{3,})/;
const LIST_OR_QUOTE = /^( {0,12})((?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)?/;

/** An ATX heading's level and text (`## Plan ##` → 2, `Plan`), by scanning: lines are untrusted. */
export function atxHeading(line: string): { level: number; text: string } | undefined {
  let at = 0;
  while (at < 3 && line[at] === ' ') at++;
  let level = 0;
  while (line[at + level] === '#') level++;
  const after = line[at + level];
  if (level === 0 || level > 6 || (after !== undefined && after !== ' ' && after !== '\t')) return undefined;
  return { level, text: closingHashes(line.slice(at + level).trim()) };
}

/** A heading's text without its closing `#`s (`## Plan ##`). */
function closingHashes(text: string): string {
  const stripped = text.replace(/(?<!#)#+$/, '');
  return stripped === text || stripped === '' || stripped.endsWith(' ') || stripped.endsWith('\t') ? stripped.trimEnd() : text;
}

/**
 * Several lines of incident text as paragraphs and lists of the draft: headings become bold lines, fences and
 * rules go, list markers and quotes stay; at most `max` characters, cut at a line.
 */
export function blockText(text: string, max: number): string {
  const lines: string[] = [];
  let length = 0;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(CONTROL, '').replace(/\t/g, '    ');
    if (FENCE.test(line) || (RULE_OR_UNDERLINE.test(line) && line.trim() !== '')) continue;
    let rendered: string;
    if (HEADING.test(line)) {
      const words = closingHashes(line.replace(HEADING, '').trimEnd());
      rendered = words === '' ? '' : `**${inlineText(words)}**`;
    } else {
      const lead = LIST_OR_QUOTE.exec(line)!;
      const marker = lead[2] ?? '';
      // Indentation is kept under a list marker (nesting); elsewhere it would make an indented code block.
      const indent = marker === '' ? '' : lead[1]!;
      rendered = `${indent}${marker}${inlineText(line.slice(lead[0].length).trim())}`.trimEnd();
    }
    if (length + rendered.length + 1 > max) break;
    // GitHub shows each line of an issue on its own; in a postmortem, consecutive lines of prose would run together.
    const previous = lines[lines.length - 1];
    if (previous !== undefined && previous !== '' && rendered !== '' && !LIST_OR_QUOTE.exec(rendered)![2] && !LIST_OR_QUOTE.exec(previous)![2]) lines.push('');
    lines.push(rendered);
    length += rendered.length + 1;
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A line that is only an image, an HTML tag or a link: no words of its own for a Timeline event. */
function onlyMarkup(line: string): boolean {
  const text = line.trim();
  if (text.startsWith('<') && text.endsWith('>') && !text.slice(1).includes('<')) return true;
  if (!text.includes(' ') && (text.startsWith('http://') || text.startsWith('https://'))) return true;
  if (text.startsWith('![') && text.endsWith(')') && text.indexOf('](') === text.lastIndexOf('](')) return true;
  return false;
}

/**
 * The line a comment opens with, as a Timeline event: the first line with words, past quotes of earlier comments,
 * pasted images, bare links and tags. A line that only announces what follows ("Plan", "What I see so far:")
 * takes the next line with it.
 */
export function firstLine(body: string, max: number): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n').map((line) => line.replace(CONTROL, '').trim());
  const words = (line: string) => closingHashes(line.replace(HEADING, '').replace(/^(?:[-*+]|\d{1,9}[.)])[ \t]+/, '').trimEnd()).trim();
  const useful = (line: string) => line !== '' && !FENCE.test(line) && !RULE_OR_UNDERLINE.test(line) && !line.startsWith('<!--') && !onlyMarkup(line);
  let at = lines.findIndex((line) => useful(line) && !line.startsWith('>'));
  if (at === -1) at = lines.findIndex(useful);
  if (at === -1) return '';
  let text = words(lines[at]!.replace(/^(?:>[ \t]?)+/, ''));
  if (HEADING.test(lines[at]!) || text.endsWith(':')) {
    const next = lines.slice(at + 1).find(useful);
    if (next !== undefined && !HEADING.test(next)) text = `${text}${text.endsWith(':') ? '' : ':'} ${words(next.replace(/^(?:>[ \t]?)+/, ''))}`;
  }
  if (text.length <= max) return text;
  // Cut at a word, never inside a surrogate pair.
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** Text inside an HTML comment of the draft: `--` cannot end it early. */
export function commentText(text: string): string {
  return text.replace(CONTROL, '').replace(/[\r\n]+/g, ' ').replace(/-(?=-)/g, '- ').replace(/>/g, '&gt;');
}
