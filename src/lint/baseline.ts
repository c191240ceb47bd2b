import { createHash } from 'node:crypto';
import type { FileResult, Finding } from '../model/finding.js';

/**
 * The lint baseline, as ESLint's bulk suppressions: the findings a knowledge
 * base already had when it was recorded, so that later runs report only new
 * ones. A finding is known by its file, its rule and a fingerprint of its
 * content (never its line number, so an edit above it does not set it free),
 * with a count: two identical findings need two entries. Pure: reading and
 * writing the file is in workspace/baseline.ts.
 */

/** The format's version, written in the file: a file of another version is refused, never misread. */
export const BASELINE_VERSION = 1;

/** File (relative to the baseline's folder, POSIX separators) → rule id → fingerprint → count. */
export type Baseline = Map<string, Map<string, Map<string, number>>>;

/** One file's findings with their fingerprints, named as the baseline names the file. */
export interface FingerprintedResult {
  /** The file relative to the baseline's folder, POSIX separators. */
  key: string;
  result: FileResult;
  /** One per finding, in the same order. */
  fingerprints: readonly string[];
}

/** The most lines of a finding's range its fingerprint reads: a finding on a whole table does not change with every row. */
export const FINGERPRINT_LINES = 3;

/** The message ids that say nothing by themselves: their message is the finding's identity. */
const GENERIC_MESSAGE_IDS = new Set(['problem', '__internal']);

/** A line as the fingerprint reads it: indentation, trailing spaces and runs of blanks (a table's padding) do not count. */
export function normalizeLine(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/**
 * A finding's fingerprint: a hash of its message id, the words of its data
 * (not numbers, dates or paths, which may name line numbers, "first at line
 * 12", or other files as the working directory shows them) and the
 * normalised text of the lines it points at (at most FINGERPRINT_LINES).
 * Not its line number; for a file problem (`parse`), whose message id says
 * nothing, its message.
 * `lines` is the file's text split into lines; none for a file that could
 * not be read.
 */
export function fingerprintOf(finding: Finding, lines: readonly string[] | undefined): string {
  const last = Math.min(Math.max(finding.endLine, finding.line), finding.line + FINGERPRINT_LINES - 1);
  const text = (lines ?? []).slice(Math.max(finding.line - 1, 0), Math.max(last, 0)).map(normalizeLine);
  // What the finding is about (the section missing, the key, the milestone) tells apart findings that share a line
  // (all "missing section" findings point at the title); values with digits (line numbers, dates) or paths do not count.
  const about = Object.keys(finding.data).sort().flatMap((key) => {
    const value = finding.data[key];
    return typeof value === 'string' && !/[\d/\\]/.test(value) ? [`${key}=${value}`] : [];
  });
  const identity = GENERIC_MESSAGE_IDS.has(finding.messageId) ? [finding.messageId, finding.message] : [finding.messageId, ...about];
  return createHash('sha256').update(JSON.stringify([identity, text])).digest('hex').slice(0, 16);
}

/** The file's text as lines, as findings count them (CR and CRLF end a line, as the parser reads them). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

/** The findings of these files, counted: what `--baseline-write` records. */
export function baselineOf(files: readonly FingerprintedResult[]): Baseline {
  const baseline: Baseline = new Map();
  for (const file of files) {
    file.result.findings.forEach((finding, index) => {
      const rules = baseline.get(file.key) ?? new Map<string, Map<string, number>>();
      const counts = rules.get(finding.ruleId) ?? new Map<string, number>();
      const fingerprint = file.fingerprints[index]!;
      counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
      rules.set(finding.ruleId, counts);
      baseline.set(file.key, rules);
    });
  }
  return baseline;
}

/**
 * The baseline after a run: the findings of the files linted replace what
 * it held for them (an entry whose finding is gone is pruned); a lint of
 * every configured postmortem (`complete`) also forgets files no longer
 * linted (deleted, renamed, ignored), while a lint of a few files keeps the
 * entries of the others.
 */
export function updateBaseline(previous: Baseline | undefined, files: readonly FingerprintedResult[], complete: boolean): Baseline {
  const current = baselineOf(files);
  if (complete || previous === undefined) return current;
  const linted = new Set(files.map((file) => file.key));
  const kept: Baseline = new Map([...previous].filter(([key]) => !linted.has(key)));
  for (const [key, rules] of current) kept.set(key, rules);
  return kept;
}

/**
 * The findings not in the baseline, and how many were: a finding matches an
 * entry of its file, rule and fingerprint while the entry's count lasts, in
 * the order of the file's findings; the rest are reported.
 */
export function suppress(files: readonly FingerprintedResult[], baseline: Baseline): { results: FileResult[]; suppressed: number } {
  let suppressed = 0;
  const results = files.map((file) => {
    const known = baseline.get(file.key);
    if (!known) return file.result;
    const left = new Map([...known].map(([rule, counts]) => [rule, new Map(counts)]));
    const findings = file.result.findings.filter((finding, index) => {
      const counts = left.get(finding.ruleId);
      const fingerprint = file.fingerprints[index]!;
      const count = counts?.get(fingerprint) ?? 0;
      if (count === 0) return true;
      counts!.set(fingerprint, count - 1);
      suppressed++;
      return false;
    });
    return findings.length === file.result.findings.length ? file.result : { ...file.result, findings };
  });
  return { results, suppressed };
}

/** How many findings a baseline records, and in how many files. */
export function baselineSize(baseline: Baseline): { findings: number; files: number } {
  let findings = 0;
  for (const rules of baseline.values()) for (const counts of rules.values()) for (const count of counts.values()) findings += count;
  return { findings, files: baseline.size };
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The baseline as its file holds it: stable JSON (keys sorted at every level
 * by code unit, two-space indent, a trailing newline), so the same findings
 * always give the same bytes and a review shows only what changed.
 *
 *     { "files": { "<file>": { "<rule>": { "<fingerprint>": <count> } } }, "version": 1 }
 */
export function serializeBaseline(baseline: Baseline): string {
  const object = (entries: [string, string][], indent: string): string => {
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, value]) => `${inner}${JSON.stringify(key)}: ${value}`).join(',\n')}\n${indent}}`;
  };
  const sorted = <T>(map: Map<string, T>) => [...map].filter(([, value]) => !(value instanceof Map) || value.size > 0).sort(([a], [b]) => byCodeUnit(a, b));
  const files = sorted(baseline).map(([file, rules]): [string, string] => [
    file,
    object(
      sorted(rules).map(([rule, counts]): [string, string] => [rule, object(sorted(counts).filter(([, count]) => count > 0).map(([fingerprint, count]) => [fingerprint, String(count)]), '      ')]),
      '    ',
    ),
  ]);
  return `${object([['files', object(files, '  ')], ['version', String(BASELINE_VERSION)]], '')}\n`;
}

/** A baseline file that cannot be read as one: the message says what is wrong, the caller adds the path. */
export class BaselineFormatError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The baseline in a file's text; throws BaselineFormatError on anything else than what serializeBaseline writes (whatever its layout). */
export function parseBaseline(text: string): Baseline {
  let stored: unknown;
  try {
    stored = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BaselineFormatError(`it is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(stored)) throw new BaselineFormatError('it is not a JSON object with "version" and "files"');
  if (stored.version !== BASELINE_VERSION) throw new BaselineFormatError(`its "version" is ${JSON.stringify(stored.version) ?? 'missing'}; this postmortem-kb reads version ${BASELINE_VERSION}`);
  if (!isRecord(stored.files)) throw new BaselineFormatError('its "files" is not an object of files');
  const baseline: Baseline = new Map();
  for (const [file, rules] of Object.entries(stored.files)) {
    if (!isRecord(rules)) throw new BaselineFormatError(`the entry of ${JSON.stringify(file)} is not an object of rule ids`);
    const byRule = new Map<string, Map<string, number>>();
    for (const [rule, counts] of Object.entries(rules)) {
      if (!isRecord(counts)) throw new BaselineFormatError(`the entry of ${JSON.stringify(file)}, rule ${JSON.stringify(rule)}, is not an object of fingerprints and counts`);
      const byFingerprint = new Map<string, number>();
      for (const [fingerprint, count] of Object.entries(counts)) {
        if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
          throw new BaselineFormatError(`the count of ${JSON.stringify(file)}, rule ${JSON.stringify(rule)}, fingerprint ${JSON.stringify(fingerprint)} is ${JSON.stringify(count)}, not a whole number of at least 1`);
        }
        byFingerprint.set(fingerprint, count);
      }
      byRule.set(rule, byFingerprint);
    }
    baseline.set(file, byRule);
  }
  return baseline;
}
