import { describe, expect, it } from 'vitest';
import type { FileResult, Finding } from '../../src/model/finding.js';
import { formatGithub } from '../../src/report/github.js';
import { formatJson } from '../../src/report/json.js';
import { formatStylish } from '../../src/report/stylish.js';

const finding = (overrides: Partial<Finding>): Finding => ({
  ruleId: 'action-item-owner',
  severity: 'error',
  messageId: 'empty',
  data: {},
  message: 'AI-001 has no owner',
  line: 21,
  column: 3,
  endLine: 21,
  endColumn: 9,
  ...overrides,
});

const RESULTS: FileResult[] = [
  { filePath: 'postmortems/a.md', findings: [finding({}), finding({ severity: 'warning', line: 30, column: 1, message: 'AI-002 is vague', ruleId: 'x' })] },
  { filePath: 'postmortems/b.md', findings: [] },
];

describe('stylish', () => {
  it('groups by file, aligns columns and totals, without colour when asked', () => {
    expect(formatStylish(RESULTS, { color: false })).toBe(
      [
        'postmortems/a.md',
        '  21:3  error    AI-001 has no owner  action-item-owner',
        '  30:1  warning  AI-002 is vague  x',
        '',
        '✖ 2 problems (1 error, 1 warning) in 2 postmortems',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    expect(formatStylish(RESULTS, { color: true })).toContain('\u001b[');
    expect(formatStylish(RESULTS, { color: false })).not.toContain('\u001b[');
  });

  it('says so when everything is clean', () => {
    expect(formatStylish([{ filePath: 'a.md', findings: [] }], { color: false })).toBe('✔ 1 postmortem checked: no problems\n');
  });
});

describe('json', () => {
  it('has the shape of ESLint’s JSON formatter', () => {
    // The whole LintResult (test/report/json.test.ts has the paths, fixes, sources and suppressed findings).
    const counts = { fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
    expect(JSON.parse(formatJson(RESULTS))).toEqual([
      {
        filePath: 'postmortems/a.md',
        messages: [
          { ruleId: 'action-item-owner', severity: 2, message: 'AI-001 has no owner', messageId: 'empty', line: 21, column: 3, endLine: 21, endColumn: 9, nodeType: null },
          { ruleId: 'x', severity: 1, message: 'AI-002 is vague', messageId: 'empty', line: 30, column: 1, endLine: 21, endColumn: 9, nodeType: null },
        ],
        suppressedMessages: [],
        errorCount: 1,
        warningCount: 1,
        ...counts,
        usedDeprecatedRules: [],
      },
      { filePath: 'postmortems/b.md', messages: [], suppressedMessages: [], errorCount: 0, warningCount: 0, ...counts, usedDeprecatedRules: [] },
    ]);
  });
});

describe('github annotations', () => {
  it('prints one workflow command per finding with file, lines, columns and a title', () => {
    expect(formatGithub(RESULTS).split('\n')[0]).toBe(
      '::error file=postmortems/a.md,line=21,endLine=21,col=3,endColumn=9,title=postmortem action-item-owner::AI-001 has no owner',
    );
  });

  it('escapes text so a document cannot end the command or forge another', () => {
    const hostile = finding({ message: 'owner "x"\n::error file=evil.md,line=1::forged 100%' });
    const out = formatGithub([{ filePath: 'we,ird:name.md', findings: [hostile] }]);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out).toContain('file=we%2Cird%3Aname.md');
    expect(out).toContain('%0A::error file=evil.md,line=1::forged 100%25');
  });
});
