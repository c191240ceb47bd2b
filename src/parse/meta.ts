import { compiledPattern } from '../config/compiled-pattern.js';
import type { FormatSettings } from '../config/format.js';
import { DEFAULTABLE_KEYS, LIST_KEYS, STRING_KEYS } from '../config/meta-keys.js';
import { calendarDay, dayNumber, firstDateIn } from '../model/dates.js';
import type { Frontmatter, MetaSource, PostmortemMeta } from '../model/postmortem.js';

/**
 * Where each value of a document's metadata came from, first source first:
 *
 * 1. `frontmatter`: its own key, or another tool's key mapped to it (`frontmatter.keys`);
 * 2. `file name`: the groups of `fileNamePattern`;
 * 3. `body`: lines the document declares near its top (`**Date:** January 14-19, 2026`, and, without
 *    frontmatter, `**Incident ID**: INC-…`, `**Severity:** SEV2` and the H1 title), and a `## Tags` section of backticked words;
 *    a YYYY-MM-DD or YYYYMMDD date in the file name (`2025-09-29-flags-is-down.md`) comes after a declared Date line;
 * 4. `text`: the first date anywhere in the text (`dateFromBody`), a guess;
 * 5. `default`: the configuration's `defaults`.
 */
export type { MetaSource };

export interface DocumentMeta {
  meta: PostmortemMeta;
  sources: Partial<Record<keyof PostmortemMeta, MetaSource>>;
}

type MetaFormat = Pick<FormatSettings, 'fileNamePattern' | 'dateFromBody' | 'frontmatterKeys' | 'defaults' | 'severities' | 'idPattern'>;

/**
 * Everything a document says about itself, from every source, each key from the first that gives it. The lint
 * and the knowledge-base index both read this, so they always see the same metadata.
 */
export function documentMeta(path: string, text: string, frontmatter: Pick<Frontmatter, 'present' | 'data'>, bodyOffset: number, format: MetaFormat): DocumentMeta {
  const meta: PostmortemMeta = frontmatter.present ? readMeta(frontmatter.data, format) : {};
  const sources: DocumentMeta['sources'] = {};
  for (const key of Object.keys(meta) as (keyof PostmortemMeta)[]) sources[key] = 'frontmatter';
  const fill = <K extends keyof PostmortemMeta>(key: K, value: PostmortemMeta[K] | undefined, source: MetaSource) => {
    if (value === undefined || meta[key] !== undefined) return;
    meta[key] = value;
    sources[key] = source;
  };

  const fromName = metaFromFileName(path, format);
  for (const key of ['id', 'title', 'date'] as const) fill(key, fromName[key], 'file name');
  const head = headerFields(text, bodyOffset, format.severities, format.idPattern);
  fill('date', head.date, 'body');
  fill('date', dateFromFileName(path), 'file name');
  if (!frontmatter.present) {
    fill('id', head.id, 'body');
    fill('severity', head.severity, 'body');
    fill('title', head.title, 'body');
    if (format.dateFromBody && meta.date === undefined) fill('date', firstDateIn(text), 'text');
  }
  fill('tags', tagsSection(text, bodyOffset), 'body');
  for (const key of DEFAULTABLE_KEYS) fill(key, format.defaults[key], 'default');
  return { meta, sources };
}

/** The metadata of a document without frontmatter, as `documentMeta` reads it. */
export function metaWithoutFrontmatter(path: string, text: string, format: MetaFormat): PostmortemMeta {
  return documentMeta(path, text, { present: false, data: {} }, 0, format).meta;
}

/**
 * The frontmatter's values, each kept only when it has the basic type (the `frontmatter` rule reports the rest).
 * A key of another tool mapped to a key of the format (`start_time: started_at`) is read as that key, unless
 * the frontmatter also has the key itself.
 */
export function readMeta(data: Record<string, unknown>, format: Pick<FormatSettings, 'frontmatterKeys'> = { frontmatterKeys: {} }): PostmortemMeta {
  const source = canonicalData(data, format.frontmatterKeys).data;
  const meta: PostmortemMeta = {};
  for (const key of STRING_KEYS) {
    const value = source[key];
    if (typeof value === 'string') meta[key] = value;
  }
  for (const key of LIST_KEYS) {
    const value = source[key];
    if (Array.isArray(value)) meta[key] = value.filter((item): item is string => typeof item === 'string');
  }
  if (typeof source.confidence === 'number') meta.confidence = source.confidence;
  return meta;
}

/**
 * The frontmatter with mapped keys renamed to the keys of the format, and for each renamed key the key it is
 * written as. A mapped key whose target the frontmatter also has is dropped: the format's own key wins.
 */
export function canonicalData(data: Record<string, unknown>, keys: Record<string, string>): { data: Record<string, unknown>; writtenAs: Map<string, string> } {
  const writtenAs = new Map<string, string>();
  const mapped = Object.keys(keys).filter((key) => Object.hasOwn(data, key));
  if (mapped.length === 0) return { data, writtenAs };
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const target = Object.hasOwn(keys, key) ? keys[key]! : undefined;
    if (target === undefined) {
      result[key] = value;
    } else if (!Object.hasOwn(data, target) && !writtenAs.has(target)) {
      result[target] = value;
      writtenAs.set(target, key);
    }
  }
  return { data: result, writtenAs };
}

/** Knowledge bases without frontmatter name their files after the incident: "PM2021-005 - All services returning 503.md". */
export function metaFromFileName(path: string, format: Pick<FormatSettings, 'fileNamePattern'>): PostmortemMeta {
  if (format.fileNamePattern === undefined) return {};
  const groups = compiledPattern(format.fileNamePattern, 'u').exec(baseName(path))?.groups ?? {};
  const meta: PostmortemMeta = {};
  for (const key of ['id', 'title', 'date'] as const) if (groups[key] !== undefined) meta[key] = groups[key].trim();
  return meta;
}

/** A real calendar date written YYYY-MM-DD or YYYYMMDD in a file name (`2025-09-29-flags-is-down.md`, `20240115-db-outage.md`). */
export function dateFromFileName(path: string): string | undefined {
  for (const match of baseName(path).matchAll(/(?<!\d)(\d{4})(-?)(\d{2})\2(\d{2})(?!\d)/g)) {
    const year = Number(match[1]);
    if (year < 1970 || year > 2099) continue;
    const date = `${match[1]}-${match[3]}-${match[4]}`;
    if (dayNumber(date) !== undefined) return date;
  }
  return undefined;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** How far into the body declared fields are looked for: the lines before the first section. */
const HEADER_LINES = 40;
/** `**Date:** …`, `**Date**: …`, `- Date: …`, `__Severity:__ …`: a label, a colon, emphasis around either. */
// The value starts at a non-space: spaces that either run around the emphasis or the value could take made it N².
export const FIELD_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(date|incident date|severity|incident id|id)(?:\*\*|__)?[ \t]*:[ \t]*(?:(?:\*\*|__)[ \t]*)?((?:[^ \t\n][^\n]*)?)$/i;
const SECTION_START = /^(?:#{2,6}(?:[ \t]|$)| {0,3}-{2,}[ \t]*$| {0,3}(?:`{3,}|~{3,}))/;
const SETEXT_H1 = /^ {0,3}=+[ \t]*$/;

export interface HeaderFields {
  id?: string;
  date?: string;
  severity?: string;
  title?: string;
}

/**
 * What the lines before the first section declare: an id, a date and a severity written as fields, and the H1 title.
 * An id is kept only when it matches the configured pattern (`**Incident ID**: INC-20240115-0042`).
 * A severity is kept only when it is one of the configured ones (`sev2` reads as `SEV2`); other words
 * ("Critical") say nothing the rules can use.
 */
export function headerFields(text: string, bodyOffset: number, severities: readonly string[], idPattern?: string): HeaderFields {
  const fields: HeaderFields = {};
  let start = bodyOffset;
  let previous = '';
  for (let count = 0; count < HEADER_LINES && start < text.length; count++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    start = end === -1 ? text.length : end + 1;
    if (SECTION_START.test(line)) break;
    const h1 = atxHeading(line);
    if (h1?.depth === 1) fields.title ??= titleOf(h1.text);
    else if (SETEXT_H1.test(line) && previous.trim() !== '') fields.title ??= titleOf(previous.trim());
    previous = line;
    const field = FIELD_LINE.exec(line);
    if (!field) continue;
    const value = field[2]!.replace(/(?:\*\*|__)[ \t]*$/, '').trim();
    const label = field[1]!.toLowerCase();
    if (label === 'severity') fields.severity ??= knownSeverity(value, severities);
    else if (label.endsWith('id')) fields.id ??= idPattern !== undefined && value.length <= 200 && compiledPattern(idPattern, 'u').test(value) ? value : undefined;
    else fields.date ??= dateOf(value);
  }
  return fields;
}

/** A heading as a title: what happened, without the "Postmortem:" every heading of the knowledge base starts with. */
function titleOf(heading: string): string | undefined {
  return heading.replace(/^post[- ]?mortem[ \t]*:[ \t]*/i, '').trim() || undefined;
}

function knownSeverity(value: string, severities: readonly string[]): string | undefined {
  const fold = (word: string) => word.toLowerCase().replace(/[\s_-]+/g, '');
  const candidates = [value, value.split(/[\s,;:(]/)[0] ?? ''].map(fold);
  return severities.find((severity) => candidates.includes(fold(severity)));
}

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
/** "January 14-19, 2026", "Jan 30 – Feb 2, 2026", "March 3rd 2025": the first day of the range. */
export const MONTH_DAY_YEAR = new RegExp(`^(?:[a-z]+,?[ \\t]+)?${MONTH}[ \\t]+${DAY}(?:[ \\t]*[-–—][ \\t]*(?:[a-z]+\\.?[ \\t]+)?\\d{1,2}(?:st|nd|rd|th)?)?,?[ \\t]+(\\d{4})\\b`, 'i');
/** "14 January 2026", "3rd of March, 2025". */
export const DAY_MONTH_YEAR = new RegExp(`^(?:[a-z]+,?[ \\t]+)?${DAY}[ \\t]+(?:of[ \\t]+)?${MONTH},?[ \\t]+(\\d{4})\\b`, 'i');

/** The date a field's value names, as YYYY-MM-DD: an ISO date anywhere in it, else a written one at its start. */
export function dateOf(value: string): string | undefined {
  const iso = firstDateIn(value);
  if (iso !== undefined) return iso;
  const text = value.slice(0, 200);
  const monthFirst = MONTH_DAY_YEAR.exec(text);
  if (monthFirst) return calendarDay(monthFirst[3]!, monthFirst[1]!, monthFirst[2]!);
  const dayFirst = DAY_MONTH_YEAR.exec(text);
  if (dayFirst) return calendarDay(dayFirst[3]!, dayFirst[2]!, dayFirst[1]!);
  return undefined;
}

const ATX_OPENING = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;

/** An ATX heading's depth and text, its closing hashes removed; written without a regex over the rest of the line, so that it stays linear. */
function atxHeading(line: string): { depth: number; text: string } | undefined {
  const opening = ATX_OPENING.exec(line);
  if (!opening) return undefined;
  let text = line.slice(opening[0].length).trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end);
  return { depth: opening[1]!.length, text: text.trim() };
}
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BACKTICKED = /`([^`\n]{1,60})`/g;

/**
 * The backticked words of a `## Tags` section, the seed's style: "`database` `n+1` `orm`". Undefined when the
 * document has no such section (or it holds no backticked word); headings inside code fences are not headings.
 */
export function tagsSection(text: string, bodyOffset = 0): string[] | undefined {
  let fence: string | undefined;
  let inTags = false;
  const tags: string[] = [];
  let start = bodyOffset;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    start = end === -1 ? text.length : end + 1;
    const opening = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (opening !== undefined && opening[0] === fence[0] && opening.length >= fence.length && line.trim() === opening) fence = undefined;
      continue;
    }
    if (opening !== undefined) {
      fence = opening;
      continue;
    }
    const heading = atxHeading(line);
    if (heading) {
      if (inTags) break;
      inTags = heading.text.replace(/:$/, '').toLowerCase() === 'tags';
      continue;
    }
    if (inTags) for (const match of line.matchAll(BACKTICKED)) if (match[1]!.trim() !== '') tags.push(match[1]!.trim());
  }
  return tags.length > 0 ? tags : undefined;
}
