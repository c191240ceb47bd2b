import { describe, expect, it } from 'vitest';
import { configWith, lint } from '../helpers.js';

const FRONTMATTER = '---\nid: INC-20240101-0001\ntitle: x\ndate: 2024-01-01\nseverity: SEV4\nstatus: published\nauthors: ["@a"]\ntags: [a]\n---\n';

/** Each hostile document: linted within a time bound, to findings at lines, never an exception. */
const CASES: [string, string, RegExp | undefined][] = [
  ['pathological emphasis on one line', FRONTMATTER + '*_'.repeat(200_000) + '\n', undefined],
  ['pathological emphasis over a paragraph', FRONTMATTER + Array.from({ length: 200 }, () => '*_'.repeat(999)).join('\n') + '\n', undefined],
  ['a line of 900 KB', FRONTMATTER + 'a'.repeat(900_000) + '\n', undefined],
  ['10,000 nested blockquotes', FRONTMATTER + '>'.repeat(10_000) + ' x\n', undefined],
  ['YAML nested 5,000 deep', '---\nid: ' + '['.repeat(5_000) + ']'.repeat(5_000) + '\n---\n# x\n', /YAML/],
  ['a !!python/object tag', '---\nid: !!python/object:os.system ["touch /tmp/x"]\n---\n# x\n', /Unresolved tag/],
  ['---coffee frontmatter', '---coffee\nid: "x"\n---\n# x\n', /"coffee" is refused/],
  ['10,000 nested list levels', FRONTMATTER + Array.from({ length: 10_000 }, (_, depth) => '  '.repeat(depth) + '- x').join('\n') + '\n', undefined],
  ['a NUL byte', FRONTMATTER + 'a\u0000b\n', /NUL bytes/],
];

const TABLE = FRONTMATTER + '## Action Items\n\n| ID | Type | Description | Owner | Priority | Due |\n|---|---|---|---|---|---|\n';
const rows = (count: number) => TABLE + '| AI-001 | fix | x | @a | P1 | 2024-01-02 |\n'.repeat(count);

describe('hostile documents', () => {
  it('100,000 table rows: refused by the size limit; 10,000 rows (under it) linted in bounded time, every row reported', () => {
    expect(lint(rows(100_000))).toEqual([expect.objectContaining({ ruleId: 'parse', line: 1, message: expect.stringMatching(/larger than the 1048576-byte limit/) })]);
    const started = performance.now();
    const findings = lint(rows(10_000));
    // GFM table parsing costs ~0.25 ms a row on this machine: the default 1 MiB limit is what bounds a run.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(findings.filter((finding) => /AI-001 has the type "fix"/.test(finding.message))).toHaveLength(10_000);
  });

  it('a 5 MB single line: refused as too large by default, and linted in bounded time when the limit allows it', () => {
    const text = FRONTMATTER + 'word '.repeat(1_000_000) + '\n';
    expect(lint(text)).toEqual([expect.objectContaining({ ruleId: 'parse', line: 1, message: expect.stringMatching(/^File is 5000116 bytes, larger than the 1048576-byte limit/) })]);
    const started = performance.now();
    const findings = lint(text, configWith({ maxFileSize: 8 * 1024 * 1024 }));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(findings.length).toBeGreaterThan(0);
  });

  const config = configWith({ maxFileSize: 2 * 1024 * 1024 });
  for (const [name, text, expected] of CASES) {
    it(`${name}: findings within two seconds, no exception`, () => {
      const started = performance.now();
      const findings = lint(text, config);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((finding) => finding.line >= 1 && !/bug in postmortem-kb/.test(finding.message))).toBe(true);
      if (expected) expect(findings.some((finding) => expected.test(finding.message))).toBe(true);
    });
  }
});
