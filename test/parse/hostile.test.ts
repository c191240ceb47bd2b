import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { configWith, GROWTH, leastTimes, linearBound, lint } from '../helpers.js';

const FRONTMATTER = '---\nid: INC-20240101-0001\ntitle: x\ndate: 2024-01-01\nseverity: SEV4\nstatus: published\nauthors: ["@a"]\ntags: [a]\n---\n';

/** A lint's time under 5 ms on the smaller document counts as 5 ms. */
const FLOOR_MS = 5;

/**
 * Each hostile document: linted to findings at lines, never an exception. Those built from a size are also linted at
 * an eighth of it, and the full size must cost less than 30 times as much: linear, not quadratic, in the size.
 */
const CASES: { name: string; build: (size: number) => string; size?: number; expected?: RegExp }[] = [
  { name: 'pathological emphasis on one line', build: (pairs) => FRONTMATTER + '*_'.repeat(pairs) + '\n', size: 200_000 },
  { name: 'pathological emphasis over a paragraph', build: (lines) => FRONTMATTER + Array.from({ length: lines }, () => '*_'.repeat(999)).join('\n') + '\n', size: 200 },
  { name: 'a line of 900 KB', build: (length) => FRONTMATTER + 'a'.repeat(length) + '\n', size: 900_000 },
  { name: '10,000 nested blockquotes', build: (depth) => FRONTMATTER + '>'.repeat(depth) + ' x\n', size: 10_000 },
  { name: 'YAML nested 5,000 deep', build: (depth) => '---\nid: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n---\n# x\n', size: 5_000, expected: /YAML/ },
  { name: 'a !!python/object tag', build: () => '---\nid: !!python/object:os.system ["touch /tmp/x"]\n---\n# x\n', expected: /Unresolved tag/ },
  { name: '---coffee frontmatter', build: () => '---coffee\nid: "x"\n---\n# x\n', expected: /"coffee" is refused/ },
  // 100 MB of indentation, refused by the size limit. Not timed at an eighth: micromark's time grows faster than the
  // size on deep lists (800 levels, 640 KB, take 30 s).
  { name: '10,000 nested list levels', build: () => FRONTMATTER + Array.from({ length: 10_000 }, (_, depth) => '  '.repeat(depth) + '- x').join('\n') + '\n' },
  { name: 'a NUL byte', build: () => FRONTMATTER + 'a\u0000b\n', expected: /NUL bytes/ },
];

const TABLE = FRONTMATTER + '## Action Items\n\n| ID | Type | Description | Owner | Priority | Due |\n|---|---|---|---|---|---|\n';
const rows = (count: number) => TABLE + '| AI-001 | fix | x | @a | P1 | 2024-01-02 |\n'.repeat(count);

describe('hostile documents', () => {
  it('100,000 table rows: refused by the size limit; 10,000 rows (under it) linted in time linear in the rows, every row reported', () => {
    expect(lint(rows(100_000))).toEqual([expect.objectContaining({ ruleId: 'parse', line: 1, message: expect.stringMatching(/larger than the 1048576-byte limit/) })]);
    // GFM table parsing costs ~0.25 ms a row: the default 1 MiB limit is what bounds a run, provided a row costs the same at any count.
    let findings: Finding[] = [];
    const times = leastTimes(() => lint(rows(10_000 / GROWTH)), () => (findings = lint(rows(10_000))), 2);
    expect(times.large).toBeLessThan(linearBound(times, FLOOR_MS));
    expect(findings.filter((finding) => /AI-001 has the type "fix"/.test(finding.message))).toHaveLength(10_000);
  });

  it('a 5 MB single line: refused as too large by default, and linted in time linear in its length when the limit allows it', () => {
    const line = (words: number) => FRONTMATTER + 'word '.repeat(words) + '\n';
    expect(lint(line(1_000_000))).toEqual([expect.objectContaining({ ruleId: 'parse', line: 1, message: expect.stringMatching(/^File is 5000116 bytes, larger than the 1048576-byte limit/) })]);
    const config = configWith({ maxFileSize: 8 * 1024 * 1024 });
    let findings: Finding[] = [];
    const times = leastTimes(() => lint(line(1_000_000 / GROWTH), config), () => (findings = lint(line(1_000_000), config)), 2);
    expect(times.large).toBeLessThan(linearBound(times, FLOOR_MS));
    expect(findings.length).toBeGreaterThan(0);
  });

  const config = configWith({ maxFileSize: 2 * 1024 * 1024 });
  for (const { name, build, size, expected } of CASES) {
    it(`${name}: findings, no exception${size === undefined ? '' : ', in time linear in its size'}`, () => {
      let findings: Finding[] = [];
      if (size === undefined) {
        findings = lint(build(0), config);
      } else {
        const times = leastTimes(() => lint(build(size / GROWTH), config), () => (findings = lint(build(size), config)));
        expect(times.large).toBeLessThan(linearBound(times, FLOOR_MS));
      }
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((finding) => finding.line >= 1 && !/bug in postmortem-kb/.test(finding.message))).toBe(true);
      if (expected) expect(findings.some((finding) => expected.test(finding.message))).toBe(true);
    });
  }
});
