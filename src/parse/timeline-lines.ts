import type { List, ListItem, Paragraph, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { dateOpening, scanTime, zoneInLabel, zoneStatement } from '../model/clock.js';
import type { SourceSpan } from '../model/postmortem.js';
import { parseTime, type TimelineEntry } from '../model/timeline.js';
import { spanOf } from './tables.js';

/**
 * Timelines written as lists or lines rather than tables:
 *
 *     - 14:51 UTC: paged              * 14:51 - paged
 *     - **16:58 UTC** - deploy        **16:58 UTC** — deploy
 *     14:51 — paged                   (one entry per line of a paragraph)
 *     ### October 21, 2025            **Day 2 — Jan 15**      - **Jan 15**
 *                                                               - 10:00 paged
 *
 * Each entry becomes a timeline row: its time cell is the time as written,
 * its event cell the rest of the line (and the lines that continue it). A
 * heading, a bold line or a bullet that holds a date alone sets the day of
 * the entries after it; the Timeline heading or an "All times in PST" line
 * sets their zone. Text is read from the source lines, so that cells point
 * at the exact columns; the Markdown tree says which lines are paragraphs.
 */
export function readTimelineLines(blocks: readonly RootContent[], lines: readonly string[], timelineHeadings: ReadonlySet<number>): TimelineEntry[] {
  const reader = new LineReader(lines);
  for (const block of blocks) reader.block(block, timelineHeadings);
  return reader.entries;
}

/** What opens a line of a timeline: a time wrapped in emphasis, code or a link, or a bare time. */
const WRAPPERS: [open: string, close: string][] = [
  ['**', '**'],
  ['__', '__'],
  ['`', '`'],
  ['*', '*'],
  ['_', '_'],
  ['[', ']'],
];
/** The longest time (with its wrapper) the reader looks for at the start of a line. */
const MAX_TIME = 80;
/** Text that is a time someone meant to write, even when it does not parse: "14:xx", "around 14:00", "HH:MM". */
const TIME_LIKE = /\d{1,2}:\d{2}|\d\s?[ap]\.?m\b|(?:HH|hh|\?\?|xx|XX|\d{1,2}):(?:MM|mm|\?\?|xx|XX|\d{2})|--:--/;
const SEPARATOR = /[ \t]{0,8}(?:->|=>|-{1,2}|–|—|:|\||→)?[ \t]{0,8}/y;
/** A bare placeholder at the start of a line: "14:xx - …", "HH:MM - …". */
const PLACEHOLDER_START = /(?:\d{4}-\d{2}-\d{2}[ T])?(?:HH|hh|\?\?|xx|XX|\d{1,2}):(?:MM|mm|\?\?|xx|XX)(?![\w?])/y;

interface Found {
  /** Index in the line where the time text starts and ends. */
  timeStart: number;
  timeEnd: number;
  /** Index after the time's wrapper and the separator: where the event starts. */
  eventStart: number;
  /** A separator (or a wrapper) stands between the time and the event. */
  separated: boolean;
}

class LineReader {
  readonly entries: TimelineEntry[] = [];
  private day: string | undefined;
  private zone: string | undefined;

  constructor(private readonly lines: readonly string[]) {}

  block(node: RootContent, timelineHeadings: ReadonlySet<number>): void {
    if (node.type === 'heading') {
      const text = toString(node).trim();
      const line = node.position?.start.line ?? 0;
      if (timelineHeadings.has(line)) {
        this.zone = zoneInLabel(text);
        return;
      }
      const day = dateOpening(text);
      if (day) this.day = day.text;
      return;
    }
    if (node.type === 'paragraph') this.paragraph(node, 'line', spanOf(node));
    else if (node.type === 'list') this.list(node);
  }

  private list(list: List): void {
    const block = spanOf(list);
    for (const item of list.children) this.item(item, block);
  }

  private item(item: ListItem, block: SourceSpan): void {
    for (const child of item.children) {
      if (child.type === 'paragraph') this.paragraph(child, 'list', block);
      else if (child.type === 'list') this.list(child);
    }
  }

  private paragraph(paragraph: Paragraph, form: 'list' | 'line', block: SourceSpan): void {
    const position = paragraph.position;
    if (!position) return;
    const text = toString(paragraph).trim();
    // "All times in UTC." on a line of its own; a zone alone ("PST.", "(UTC)") only in capitals, as "West." is a word.
    if (text.length <= 60 && !text.includes('\n')) {
      const zone = zoneStatement(text);
      if (zone !== undefined && (/\btimes?\b/i.test(text) || /^\(?[A-Z]{1,5}\)?\.?$/.test(text))) {
        this.zone = zone;
        return;
      }
    }
    let current: TimelineEntry | undefined;
    // The event's text, a part a line: joined once the entry is complete, so that each line is copied once.
    let parts: string[] = [];
    const finish = () => {
      if (current?.event && parts.length > 1) current.event.text = parts.filter((part) => part !== '').join(' ');
      current = undefined;
      parts = [];
    };
    for (let line = position.start.line; line <= position.end.line; line++) {
      const raw = this.lines[line - 1] ?? '';
      const start = line === position.start.line ? Math.max(0, position.start.column - 1) : firstNonSpace(raw);
      const end = line === position.end.line ? Math.min(raw.length, position.end.column - 1) : trimmedEnd(raw);
      if (start >= end) continue;
      const entry = this.line(raw, line, start, end, form, block);
      if (entry === 'day') finish();
      else if (entry) {
        finish();
        this.entries.push(entry);
        current = entry;
        parts = [entry.event?.text ?? ''];
      } else if (current) {
        // A line without a time continues the entry above it.
        parts.push(plainText(raw.slice(start, end)));
        current.row = { ...current.row, endLine: line, endColumn: end + 1 };
        current.event = current.event
          ? { text: current.event.text, span: { ...current.event.span, endLine: line, endColumn: end + 1 } }
          : { text: '', span: { line, column: start + 1, endLine: line, endColumn: end + 1 } };
      }
    }
    finish();
  }

  /** One line, from `start` to `end` (indices in `raw`): an entry, a day, or nothing of the timeline. */
  private line(raw: string, line: number, start: number, end: number, form: 'list' | 'line', block: SourceSpan): TimelineEntry | 'day' | undefined {
    // "**October 21, 2025**", "**Day 2 — Jan 15**": a bold line that opens with a date names the day.
    const bold = wholeBold(raw.slice(start, end));
    const day = bold === undefined ? undefined : dateOpening(bold);
    if (day) {
      this.day = day.text;
      return 'day';
    }
    const found = findTime(raw, start, end);
    if (!found) return undefined;
    const time = raw.slice(found.timeStart, found.timeEnd).trim().replace(/[:\-–—]$/, '').trimEnd();
    const eventText = plainText(raw.slice(found.eventStart, end));
    const parsed = parseTime(time);
    if (typeof parsed !== 'string' && parsed.precision === 'day' && (eventText === '' || !found.separated)) {
      // A date alone names the day of the entries below it.
      if (eventText === '') {
        this.day = time;
        return 'day';
      }
      return undefined;
    }
    if (typeof parsed === 'string' && !TIME_LIKE.test(time)) return undefined;
    const timeEnd = found.timeStart + time.length;
    const entry: TimelineEntry = {
      row: { line, column: start + 1, endLine: line, endColumn: end + 1 },
      time: { text: time, span: { line, column: found.timeStart + 1, endLine: line, endColumn: timeEnd + 1 } },
      event: eventText === '' ? undefined : { text: eventText, span: { line, column: found.eventStart + 1, endLine: line, endColumn: end + 1 } },
      significance: undefined,
      form,
      block,
    };
    if (this.day !== undefined) entry.day = this.day;
    if (this.zone !== undefined) entry.zone = this.zone;
    return entry;
  }
}

/** The time that opens a line, wrapped or bare, and where the event after it starts. */
function findTime(raw: string, start: number, end: number): Found | undefined {
  for (const [open, close] of WRAPPERS) {
    if (!raw.startsWith(open, start)) continue;
    // "**" is not "*" twice: a single "*" or "_" must open a word.
    if (open.length === 1 && (raw[start + 1] === open || raw[start + 1] === ' ')) continue;
    const closing = raw.indexOf(close, start + open.length);
    if (closing === -1 || closing > Math.min(end, start + MAX_TIME)) return undefined;
    let after = closing + close.length;
    // "[14:02](https://chat/…)": the link's target is not the event.
    if (open === '[' && raw[after] === '(') {
      const target = raw.indexOf(')', after);
      if (target === -1 || target > end) return undefined;
      after = target + 1;
    }
    const timeStart = start + open.length;
    const inner = raw.slice(timeStart, closing);
    if (inner.trim() === '' || !/\d|HH|hh/.test(inner)) return undefined;
    SEPARATOR.lastIndex = after;
    SEPARATOR.exec(raw);
    return { timeStart: timeStart + (inner.length - inner.trimStart().length), timeEnd: closing, eventStart: Math.min(end, SEPARATOR.lastIndex), separated: true };
  }
  const window = raw.slice(0, Math.min(end, start + MAX_TIME));
  let timeEnd: number | undefined;
  const scanned = scanTime(window, start);
  if (scanned && scanned.end > start) timeEnd = scanned.end;
  else {
    PLACEHOLDER_START.lastIndex = start;
    if (PLACEHOLDER_START.test(window)) timeEnd = PLACEHOLDER_START.lastIndex;
  }
  if (timeEnd === undefined) return undefined;
  // A time ends at a word's end: "14:02pm" was read whole, "1.5.2024x" is not a date.
  const next = raw[timeEnd];
  if (next !== undefined && timeEnd < end && /[\p{L}\p{N}]/u.test(next)) return undefined;
  SEPARATOR.lastIndex = timeEnd;
  const separator = SEPARATOR.exec(raw)?.[0] ?? '';
  return { timeStart: start, timeEnd, eventStart: Math.min(end, SEPARATOR.lastIndex), separated: separator.trim() !== '' || timeEnd >= end };
}

/** The text of a line that is one bold span ("**Jan 15**", "**Jan 15:**", "**Jan 15**:"), else undefined. */
function wholeBold(content: string): string | undefined {
  const text = content.endsWith(':') ? content.slice(0, -1) : content;
  if (text.length < 5 || text.length > 200) return undefined;
  const mark = text.slice(0, 2);
  if ((mark !== '**' && mark !== '__') || !text.endsWith(mark) || text.indexOf(mark, 2) !== text.length - 2) return undefined;
  return text.slice(2, -2).replace(/:$/, '');
}

const MAX_LINK_TEXT = 500;
const MAX_LINK_TARGET = 2000;

/** Where `char` is next at or after `from`, reusing `known` when it still is; Infinity when nowhere. */
function nextAt(text: string, char: string, from: number, known: number): number {
  if (known >= from) return known;
  const index = text.indexOf(char, from);
  return index === -1 ? Infinity : index;
}

/**
 * The text with each link (`opening` "[") put as its text, or each image (`opening` "![") dropped, as
 * `/!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)/g` and `/\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)/g` did. Those read up to 2,500
 * characters again from every "[" of a line full of them; here the next "]", ")" and line break are each found once.
 */
export function withoutLinks(text: string, opening: '[' | '!['): string {
  let out = '';
  let copied = 0;
  let bracket = -1;
  let paren = -1;
  let newline = -1;
  for (let start = text.indexOf(opening); start !== -1; start = text.indexOf(opening, start + 1)) {
    const label = start + opening.length;
    bracket = nextAt(text, ']', label, bracket);
    newline = nextAt(text, '\n', label, newline);
    if (bracket === Infinity || newline < bracket || bracket - label > MAX_LINK_TEXT || text[bracket + 1] !== '(') continue;
    const target = bracket + 2;
    paren = nextAt(text, ')', target, paren);
    newline = nextAt(text, '\n', target, newline);
    if (paren === Infinity || newline < paren || paren - target > MAX_LINK_TARGET) continue;
    out += text.slice(copied, start) + (opening === '[' ? text.slice(label, bracket) : '');
    copied = paren + 1;
    start = paren;
  }
  return out + text.slice(copied);
}

function firstNonSpace(text: string): number {
  const index = text.search(/\S/);
  return index === -1 ? text.length : index;
}

function trimmedEnd(text: string): number {
  return text.trimEnd().length;
}

/** Markdown of one line to plain text: links to their text, emphasis and code marks dropped. Each pattern reads a bounded span. */
export function plainText(markdown: string): string {
  return withoutLinks(withoutLinks(markdown, '!['), '[')
    .replace(/<\/?[a-z][^<>\n]{0,500}>/gi, '')
    .replace(/\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
