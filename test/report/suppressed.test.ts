import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { formatLintReport } from '../../src/report/pull-request.js';
import { formatStylish, suppressedLine } from '../../src/report/stylish.js';
import { formatSummary } from '../../src/report/summary.js';

/** How many findings the lint baseline suppressed, in every summary that counts findings. */

const finding: Finding = { ruleId: 'placeholder', severity: 'warning', messageId: 'word', data: {}, message: 'TBD left', line: 3, column: 1, endLine: 3, endColumn: 4 };

describe('the "suppressed by the baseline" line', () => {
  it('says the count, singular or plural', () => {
    expect(suppressedLine(1)).toBe('1 finding suppressed by the baseline');
    expect(suppressedLine(12)).toBe('12 findings suppressed by the baseline');
  });

  it('ends the stylish report when the baseline suppressed findings, and only then', () => {
    const clean = [{ filePath: 'a.md', findings: [] }];
    expect(formatStylish(clean, { color: false, suppressed: 3 })).toBe('✔ 1 postmortem checked: no problems\n3 findings suppressed by the baseline\n');
    expect(formatStylish(clean, { color: false, suppressed: 0 })).toBe('✔ 1 postmortem checked: no problems\n');
    expect(formatStylish(clean, { color: false })).toBe('✔ 1 postmortem checked: no problems\n');
    const dirty = formatStylish([{ filePath: 'a.md', findings: [finding] }], { color: true, suppressed: 1 });
    expect(dirty.endsWith('\u001b[2m1 finding suppressed by the baseline\u001b[22m\n')).toBe(true);
  });

  it('is in the job summary and the pull request comment', () => {
    const results = [{ filePath: 'postmortems/a.md', findings: [finding] }];
    expect(formatSummary(results, { blobBase: undefined, scope: 'The knowledge base', suppressed: 4 })).toContain('The knowledge base: 1 postmortem, 0 errors, 1 warning. 4 findings suppressed by the baseline.\n');
    expect(formatSummary(results, { blobBase: undefined, scope: 'The knowledge base' })).not.toContain('suppressed');
    const report = { scope: 'Pull request #7 changes 1 postmortem', results, hidden: { errors: 0, warnings: 0 }, documents: [], blobBase: undefined, ruleUrl: () => undefined };
    expect(formatLintReport({ ...report, suppressed: 5 }, 65_536)).toContain('1 postmortem reviewed: ready (1 warning).\n\n5 findings suppressed by the baseline.\n');
    expect(formatLintReport(report, 65_536)).not.toContain('suppressed');
  });
});
