import { dayNumber } from '../model/dates.js';
import { normalizeLabel } from '../parse/tables.js';
import type { ActionItemField, SectionKey } from '../model/postmortem.js';

/** What adoption reads from the names people gave things: headings and column headers as aliases, ids in file names. */

export interface HeadingCount {
  text: string;
  documents: number;
}

/**
 * Words of a heading that say which section it is, tried in order on the
 * heading's words (lower case, punctuation dropped): "Why did it happen?" is
 * the root cause analysis, "How are we preventing it from happening again?"
 * the action items, "Insights" the lessons learned.
 */
export const SECTION_HINTS: [SectionKey, RegExp][] = [
  ['where-we-got-lucky', /\blucky?\b/],
  ['what-went-well', /\bwent (?:well|right)\b|\bwhat worked\b|\bgood\b/],
  ['what-went-poorly', /\bwent (?:wrong|poorly|badly)\b|\bdidn ?t go\b|\bcould have gone\b|\bimprove|\bchallenges\b/],
  ['lessons-learned', /\blesson|\blearn|\btakeaway|\binsight|\breflection/],
  ['action-items', /\bactions?\b|\bfollow ?ups?\b|\bremediat|\bprevent|\bnext steps\b|\bcorrective\b|\btodos?\b|\btasks\b/],
  ['contributing-factors', /\bcontribut|\bfactors?\b/],
  ['root-cause-analysis', /\bcauses?\b|\bwhy\b|\btrigger|\banalysis\b|\binvestigation\b/],
  ['timeline', /\btimeline|\bchronolog|\bsequence of\b|\bevents\b/],
  ['impact', /\bimpact|\baffected\b|\bblast radius\b/],
  ['metrics', /\bmetrics?\b|\bstats\b|\bstatistics\b|\bnumbers\b|\bkpis?\b/],
  ['summary', /\boverview\b|\bbackground\b|\bsynopsis\b|\bdescription\b|\bwhat happened\b/],
];

/** Header words that say which field of an action item a column holds. */
export const ITEM_COLUMN_HINTS: [ActionItemField, RegExp][] = [
  ['owner', /\bwho\b|\bowners?\b|\bassign|\bresponsible\b|\bdri\b|\blead\b|\bteam\b/],
  ['due', /\bdue\b|\bdeadline\b|\btarget\b|\beta\b|\bwhen\b|\bby\b/],
  ['priority', /\bpriority\b|\bprio\b|\burgency\b/],
  ['status', /\bstatus\b|\bstate\b|\bprogress\b|\bdone\b/],
  ['type', /\btype\b|\bkind\b/],
  ['description', /\baction|\btask|\bitem|\bdescription\b|\bwhat\b|\bfix\b|\bremediation\b/],
];

export type TimelineColumn = 'time' | 'event';
export const TIMELINE_COLUMN_HINTS: [TimelineColumn, RegExp][] = [
  ['time', /\btime|\bwhen\b|\bdate\b|\bhour\b|\bclock\b/],
  ['event', /\bevent|\bwhat\b|\bdescription\b|\bdetails?\b|\bupdate|\bnotes?\b|\bhappened\b|\baction/],
];


export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** A heading as an alias: its words without a trailing colon, question mark or aside ("Remediation", "Why did it happen"). */
export function aliasOf(text: string): string {
  return text
    // An unclosed "(" takes the rest at once (retried from each "(", `\([^)]*\)` was N²).
    .replace(/\([^)]*(?:\)|$)/g, (aside) => (aside.endsWith(')') ? ' ' : aside))
    // The trailing run starts after a non-member: retried from each character of a long run, it was N².
    .replace(/(?<![\s:?.!])[\s:?.!]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
}

export function hintOf<K extends string>(hints: readonly [K, RegExp][], text: string): K | undefined {
  const words = normalizeLabel(text);
  return hints.find(([, pattern]) => pattern.test(words))?.[0];
}

/** Counts of a text across documents, each document counted once, most frequent first (then alphabetical). */
export function tally(perDocument: readonly (readonly string[])[]): HeadingCount[] {
  const counts = new Map<string, number>();
  for (const texts of perDocument) for (const text of new Set(texts)) counts.set(text, (counts.get(text) ?? 0) + 1);
  return [...counts].map(([text, documents]) => ({ text, documents })).sort((a, b) => b.documents - a.documents || a.text.localeCompare(b.text));
}

/** A run of digits as `\d{n}`, letters and separators as themselves: "PM2021-005" → "PM\d{4}-\d{3}". */
function shapeOf(token: string): string {
  return token.replace(/\d+|[^\d]/g, (part) => (/^\d/.test(part) ? `\\d{${part.length}}` : part.replace(/[.*+?^${}()|[\]\\-]/g, (c) => (c === '-' ? '-' : `\\${c}`))));
}

const ID_TOKEN = /^([A-Za-z]{0,10}[-_]?\d+(?:[-_]\d+)*)([\s_-]+)\S/;

function isDateToken(token: string): boolean {
  const compact = /^\d{8}$/.test(token) ? `${token.slice(0, 4)}-${token.slice(4, 6)}-${token.slice(6)}` : token;
  return /^\d{4}-\d{2}-\d{2}$/.test(compact) && dayNumber(compact) !== undefined;
}

/**
 * An id from file names that open with one: the shape most of them share
 * ("PM2021-005 - Title.md" → `^(?<id>PM\d{4}-\d{3}) - (?<title>.+)\.md$`), or
 * a date prefix ("2025-09-29-flags-is-down.md": the whole name is the id).
 */
export function fileNamePattern(paths: readonly string[]): { pattern: string; idPattern?: string; idExample?: string } | undefined {
  if (paths.length === 0) return undefined;
  const names = paths.map(baseName).map((name) => name.replace(/\.md$/i, ''));
  const tokens = names.map((name) => ID_TOKEN.exec(name)).filter((match): match is RegExpExecArray => match !== null);
  const dated = tokens.filter((match) => isDateToken(match[1]!));
  if (dated.length >= names.length * 0.8) return { pattern: '^(?<id>\\d{4}-?\\d{2}-?\\d{2}[-_ ].+)\\.md$' };
  const shapes = tally(tokens.filter((match) => !isDateToken(match[1]!)).map((match) => [`${shapeOf(match[1]!)}\u0000${match[2]}`]));
  const best = shapes[0];
  if (!best || best.documents < names.length * 0.8) return undefined;
  const [shape, separator] = best.text.split('\u0000') as [string, string];
  const example = tokens.find((match) => shapeOf(match[1]!) === shape)![1]!;
  return { pattern: `^(?<id>${shape})${separator}(?<title>.+)\\.md$`, idPattern: `^${shape}$`, idExample: example };
}
