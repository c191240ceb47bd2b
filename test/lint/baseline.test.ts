import { describe, expect, it } from 'vitest';
import {
  BaselineFormatError,
  baselineOf,
  fingerprintOf,
  linesOf,
  parseBaseline,
  serializeBaseline,
  suppress,
  updateBaseline,
  type FingerprintedResult,
} from '../../src/lint/baseline.js';
import type { Finding } from '../../src/model/finding.js';
import { fixture, lint, lineOf, where } from '../helpers.js';

const OWNERS = fixture('rules/action-item-owner/fail.md');
const KEY = 'postmortems/2024/owners.md';

/** The file's findings with their fingerprints, as workspace/baseline.ts makes them. */
function fingerprinted(text: string, key = KEY): FingerprintedResult {
  const findings = lint(text);
  const lines = linesOf(text);
  return { key, result: { filePath: key, findings }, fingerprints: findings.map((finding) => fingerprintOf(finding, lines)) };
}

const insertAbove = (text: string, needle: string, added: string) => text.replace(needle, `${added}\n${needle}`);

describe('the baseline matching (pure)', () => {
  it('records each finding by file, rule and fingerprint, with a count', () => {
    const file = fingerprinted(OWNERS);
    expect(where(file.result.findings).sort()).toEqual(['action-item-owner@29', 'action-item-owner@30', 'action-item-owner@31', 'action-item-owner@32', 'action-item-owner@33', 'placeholder@29']);
    const baseline = baselineOf([file]);
    expect([...baseline.keys()]).toEqual([KEY]);
    expect([...baseline.get(KEY)!.keys()].sort()).toEqual(['action-item-owner', 'placeholder']);
    // Five different rows: five fingerprints, each counted once.
    expect([...baseline.get(KEY)!.get('action-item-owner')!.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(suppress([file], baseline)).toEqual({ results: [{ filePath: KEY, findings: [] }], suppressed: 6 });
  });

  it('survives an edit above the finding that shifts its line', () => {
    const baseline = baselineOf([fingerprinted(OWNERS)]);
    const edited = insertAbove(OWNERS, 'Nobody owned the job.', 'The job ran for a year\nbefore anyone noticed.\n');
    const after = fingerprinted(edited);
    expect(where(after.result.findings, 'placeholder')).toEqual(['placeholder@32']);
    expect(suppress([after], baseline)).toEqual({ results: [{ filePath: KEY, findings: [] }], suppressed: 6 });
    // A fingerprint is not a line number: the same finding, moved, keeps it.
    expect(after.fingerprints).toEqual(fingerprinted(OWNERS).fingerprints);
  });

  it('reports a new finding of the same rule in the same file', () => {
    const baseline = baselineOf([fingerprinted(OWNERS)]);
    const edited = insertAbove(OWNERS, '| AI-006 |', '| AI-007 | process | Write the runbook | nobody | P3 | 2024-04-01 |');
    const { results, suppressed } = suppress([fingerprinted(edited)], baseline);
    expect(suppressed).toBe(6);
    expect(where(results[0]!.findings)).toEqual([`action-item-owner@${lineOf(edited, 'AI-007')}`]);
  });

  it('needs two entries for two identical findings: a copy of a recorded line is new', () => {
    const line = '| AI-002 | detect | Alert the owning team on job failure | ? | P1 | 2024-03-10 |';
    const finding: Finding = { ruleId: 'action-item-owner', severity: 'error', messageId: 'invalid', data: {}, message: 'm', line: 2, column: 1, endLine: 2, endColumn: 9 };
    const once = ['intro', line];
    const twice = ['intro', line, line];
    const file = (lines: string[], findings: Finding[]): FingerprintedResult => ({ key: KEY, result: { filePath: KEY, findings }, fingerprints: findings.map((f) => fingerprintOf(f, lines)) });
    const baseline = baselineOf([file(once, [finding])]);
    const both = [finding, { ...finding, line: 3, endLine: 3 }];
    const { results, suppressed } = suppress([file(twice, both)], baseline);
    expect(suppressed).toBe(1);
    expect(results[0]!.findings.map((f) => f.line)).toEqual([3]);
    // Recorded twice, both are known.
    expect(suppress([file(twice, both)], baselineOf([file(twice, both)])).suppressed).toBe(2);
  });

  it('reads the lines without their indentation or padding, and not the finding’s data or message, except for file problems', () => {
    const base: Finding = { ruleId: 'action-item-id', severity: 'error', messageId: 'duplicate', data: { id: 'AI-1', first: 12 }, message: 'Action item ID "AI-1" is used twice (first at line 12)', line: 1, column: 1, endLine: 1, endColumn: 2 };
    const moved = { ...base, data: { id: 'AI-1', first: 14 }, message: 'Action item ID "AI-1" is used twice (first at line 14)' };
    expect(fingerprintOf(moved, ['|  AI-1  | x |'])).toBe(fingerprintOf(base, ['| AI-1 | x |  ']));
    expect(fingerprintOf(base, ['| AI-2 | x |'])).not.toBe(fingerprintOf(base, ['| AI-1 | x |']));
    expect(fingerprintOf({ ...base, messageId: 'invalid' }, ['| AI-1 | x |'])).not.toBe(fingerprintOf(base, ['| AI-1 | x |']));
    const problem: Finding = { ...base, ruleId: 'parse', messageId: 'problem', message: 'File is not valid UTF-8; save it as UTF-8' };
    expect(fingerprintOf(problem, undefined)).not.toBe(fingerprintOf({ ...problem, message: 'File contains NUL bytes: it is binary, not Markdown' }, undefined));
    expect(fingerprintOf(base, undefined)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('prunes the entries whose finding is gone, and keeps the files a partial lint did not see', () => {
    const other = fingerprinted(OWNERS, 'postmortems/other.md');
    const previous = baselineOf([fingerprinted(OWNERS), other]);
    const fixed = OWNERS.replace('| TBD |', '| @carol |');
    const partial = updateBaseline(previous, [fingerprinted(fixed)], false);
    expect([...partial.keys()]).toEqual(['postmortems/other.md', KEY]);
    expect(where(fingerprinted(fixed).result.findings)).toHaveLength(4);
    expect([...partial.get(KEY)!.keys()]).toEqual(['action-item-owner']);
    // A full lint forgets files it did not lint (deleted, renamed) too.
    expect([...updateBaseline(previous, [fingerprinted(fixed)], true).keys()]).toEqual([KEY]);
    // A file with no findings left has no entry.
    const clean = { key: KEY, result: { filePath: KEY, findings: [] }, fingerprints: [] };
    expect([...updateBaseline(previous, [clean], false).keys()]).toEqual(['postmortems/other.md']);
  });

  it('is stable JSON: keys sorted at every level, a trailing newline, the same bytes for the same findings in any order', () => {
    const a = fingerprinted(OWNERS, 'b/z.md');
    const b = fingerprinted(OWNERS, 'a/y.md');
    const text = serializeBaseline(baselineOf([a, b]));
    expect(text).toBe(serializeBaseline(baselineOf([b, a])));
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as { files: Record<string, Record<string, Record<string, number>>>; version: number };
    expect(Object.keys(parsed)).toEqual(['files', 'version']);
    expect(Object.keys(parsed.files)).toEqual(['a/y.md', 'b/z.md']);
    expect(Object.keys(parsed.files['a/y.md']!)).toEqual(['action-item-owner', 'placeholder']);
    const fingerprints = Object.keys(parsed.files['a/y.md']!['action-item-owner']!);
    expect(fingerprints).toEqual([...fingerprints].sort());
    // Two-space indentation, as JSON.stringify(…, null, 2) lays it out.
    expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    expect(serializeBaseline(new Map())).toBe('{\n  "files": {},\n  "version": 1\n}\n');
    // Read back, written again: the same bytes.
    expect(serializeBaseline(parseBaseline(text))).toBe(text);
  });

  it('refuses a damaged file with a message that says what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['{"files": {', /not valid JSON/],
      ['[]', /not a JSON object/],
      ['{"files": {}}', /"version" is missing; this postmortem-kb reads version 1/],
      ['{"files": {}, "version": 2}', /"version" is 2/],
      ['{"files": [], "version": 1}', /"files" is not an object/],
      ['{"files": {"a.md": 3}, "version": 1}', /the entry of "a.md" is not an object of rule ids/],
      ['{"files": {"a.md": {"timeline": []}}, "version": 1}', /rule "timeline", is not an object/],
      ['{"files": {"a.md": {"timeline": {"abc": 0}}}, "version": 1}', /fingerprint "abc" is 0, not a whole number of at least 1/],
      ['{"files": {"a.md": {"timeline": {"abc": "1"}}}, "version": 1}', /is "1", not a whole number/],
    ];
    for (const [text, message] of cases) expect(() => parseBaseline(text), text).toThrow(BaselineFormatError);
    for (const [text, message] of cases) expect(() => parseBaseline(text), text).toThrow(message);
    expect(parseBaseline('\uFEFF{"files": {}, "version": 1}').size).toBe(0);
  });
});
