import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { formatLintReport, type LintReport } from '../../src/report/pull-request.js';

const finding = (line: number, message: string): Finding => ({ ruleId: 'placeholder', severity: 'error', messageId: 'word', data: {}, message, line, column: 1, endLine: line, endColumn: 1 });

function report(files: number, perFile: number, message: string): LintReport {
  return {
    scope: 'Pull request #1',
    results: Array.from({ length: files }, (_, f) => ({ filePath: `postmortems/${f}.md`, findings: Array.from({ length: perFile }, (_, i) => finding(i + 1, message)) })),
    hidden: { errors: 0, warnings: 0 },
    documents: Array.from({ length: files }, (_, f) => ({
      path: `postmortems/${f}.md`,
      id: `INC-20240101-${String(f).padStart(4, '0')}`,
      title: message,
      related: [{ id: 'INC-20230101-0001', title: message, date: '2023-01-01', score: 1, sharedTags: ['a'] }],
      pattern: undefined,
      plan: Array.from({ length: 20 }, () => ({ title: message, owner: '@a', due: '2024-01-02', priority: 'P1', type: 'detect' })),
      timeline: Array.from({ length: 50 }, () => ({ time: '10:00', event: message })),
    })),
    blobBase: 'https://github.com/acme/incidents/blob/abc/',
    ruleUrl: () => 'https://example.com/rule',
  };
}

describe('the pull request review', () => {
  it('fits GitHub’s limits whatever the input: details are shed, then the text is cut', () => {
    const huge = report(200, 500, 'x'.repeat(300));
    for (const limit of [65_536, 1024 * 1024]) {
      const text = formatLintReport(huge, limit);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(limit);
      expect(text.startsWith('## Postmortem review')).toBe(true);
    }
    const small = formatLintReport(report(1, 3, 'short'), 65_536);
    expect(small).toContain('**On merge, 20 issues will be opened:**');
    expect(small).toContain('```mermaid');
  });

  it('keeps the full detail when it fits, and says where the rest is when it sheds rows', () => {
    const text = formatLintReport(report(3, 120, 'y'.repeat(200)), 65_536);
    expect(text).toMatch(/… and \d+ more findings in this file \(the job summary lists them all\)\./);
  });
});
