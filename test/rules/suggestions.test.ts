import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { isoDateOf } from '../../src/model/dates.js';
import { fixture, lint } from '../helpers.js';

/**
 * A suggestion is a whole line as it should read. It is offered only when the fix is mechanical and certain, so
 * applying it must settle its finding and raise no other: every test here applies it and lints again.
 */
const COMPLETE = fixture('rules/complete-sev2.md');

function apply(text: string, suggestion: NonNullable<Finding['suggestion']>): string {
  const lines = text.split('\n');
  lines[suggestion.line - 1] = suggestion.text;
  return lines.join('\n');
}

// Not the column: a word dropped earlier on the line moves the findings after it.
const key = (finding: Finding) => `${finding.ruleId} ${finding.messageId} ${finding.line} ${finding.message}`;

/** Applies each suggestion alone, and checks the finding is gone and nothing new appears (line numbers do not move). */
function expectEachSettles(text: string): Finding[] {
  const findings = lint(text);
  const suggested = findings.filter((finding) => finding.suggestion);
  for (const finding of suggested) {
    const { line, text: wanted } = finding.suggestion!;
    expect(line).toBe(finding.line);
    expect(wanted).not.toBe(text.split('\n')[line - 1]);
    const after = lint(apply(text, finding.suggestion!)).map(key);
    expect(after).toEqual(findings.filter((other) => other !== finding).map(key).filter((other) => after.includes(other)));
    expect(after).toHaveLength(findings.length - 1);
  }
  return suggested;
}

function withLine(from: string, to: string, text = COMPLETE): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe('dates written year first', () => {
  it('reads only year-first forms, and only real dates', () => {
    expect(isoDateOf('2024/3/1')).toBe('2024-03-01');
    expect(isoDateOf('2024/03/01')).toBe('2024-03-01');
    expect(isoDateOf('2024.03.01')).toBe('2024-03-01');
    expect(isoDateOf('2024-3-1')).toBe('2024-03-01');
    expect(isoDateOf('03/04/2024')).toBeUndefined();
    expect(isoDateOf('2024/02/30')).toBeUndefined();
    expect(isoDateOf('2024/3-1')).toBeUndefined();
    expect(isoDateOf('2024-03-01')).toBeUndefined();
    expect(isoDateOf('2024/3/1 10:00')).toBeUndefined();
  });
});

describe('frontmatter suggestions', () => {
  it('rewrites a year-first date as YYYY-MM-DD, keeping the rest of the line (quotes and comment included)', () => {
    const text = withLine('date: 2024-06-10', 'date: "2024/6/10"  # the day it started');
    const [finding] = expectEachSettles(text);
    expect(finding?.suggestion).toEqual({ line: 4, text: 'date: "2024-06-10"  # the day it started' });
  });

  it('never guesses a day-first or month-first date', () => {
    const findings = lint(withLine('date: 2024-06-10', 'date: 06/10/2024'));
    expect(findings.filter((finding) => finding.ruleId === 'frontmatter').map((finding) => finding.messageId)).toEqual(['invalid']);
    expect(findings.some((finding) => finding.suggestion)).toBe(false);
  });

  it('normalises tags, each on its own, on a flow sequence and on block items', () => {
    const flow = withLine('tags: [certificates, tls, payments]', 'tags: [Certificates, "TLS_Handshake", payments]');
    const suggested = expectEachSettles(flow);
    expect(suggested.map((finding) => finding.suggestion)).toEqual([
      { line: 8, text: 'tags: [certificates, "TLS_Handshake", payments]' },
      { line: 8, text: 'tags: [Certificates, "tls-handshake", payments]' },
    ]);
    const block = withLine('tags: [certificates, tls, payments]', 'tags:\n  - Certificates\n  - tls');
    expect(expectEachSettles(block).map((finding) => finding.suggestion)).toEqual([{ line: 9, text: '  - certificates' }]);
  });

  it('suggests no tag that would become another tag’s twin, would not be a valid tag, or would not be read as text', () => {
    const cases = ['tags: [Payments, payments]', 'tags: [N+1, payments]', 'tags: [TRUE, payments]', 'tags: [Payments, PAYMENTS]'];
    for (const line of cases) {
      const findings = lint(withLine('tags: [certificates, tls, payments]', line));
      expect(findings.some((finding) => finding.ruleId === 'frontmatter'), line).toBe(true);
      expect(findings.filter((finding) => finding.suggestion), line).toEqual([]);
    }
  });
});

describe('action-item-due suggestions', () => {
  it('rewrites the Due cell only, the rest of the row byte for byte', () => {
    const text = withLine('| @bob | P2 | 2024-07-31 |', '| @bob | P2 |  **2024/7/31**  |');
    const [finding] = expectEachSettles(text);
    expect(finding?.ruleId).toBe('action-item-due');
    expect(finding?.suggestion?.text).toBe('| AI-003 | process | Assign an owner to the certificate tooling | @bob | P2 |  **2024-07-31**  |');
  });

  it('changes the Due cell alone when the row names the same date elsewhere', () => {
    const text = withLine('Assign an owner to the certificate tooling | @bob | P2 | 2024-07-31 |', 'Assign an owner by 2024.7.31 | @bob | P2 | 2024.7.31 |');
    const [finding] = expectEachSettles(text);
    expect(finding?.suggestion?.text).toBe('| AI-003 | process | Assign an owner by 2024.7.31 | @bob | P2 | 2024-07-31 |');
  });

  it('offers nothing when a list item names its date twice, or when the date is ambiguous', () => {
    const listed = (due: string) =>
      withLine(
        '| AI-003 | process | Assign an owner to the certificate tooling | @bob | P2 | 2024-07-31 |\n',
        '',
        COMPLETE.replace('## Lessons Learned', `- [ ] AI-004 (process) Review the runbook by ${due} (owner: @bob, priority: P2, due: ${due})\n\n## Lessons Learned`),
      );
    const ambiguous = withLine('| @bob | P2 | 2024-07-31 |', '| @bob | P2 | 07/31/2024 |');
    for (const text of [listed('2024/7/1'), ambiguous]) {
      const findings = lint(text);
      expect(findings.map((finding) => finding.messageId)).toContain('invalid');
      expect(findings.filter((finding) => finding.suggestion)).toEqual([]);
    }
  });

  it('offers nothing when the date, once written right, would be past the priority’s deadline', () => {
    const findings = lint(withLine('| @bob | P2 | 2024-07-31 |', '| @bob | P2 | 2025/7/31 |'));
    expect(findings.map((finding) => finding.messageId)).toEqual(['invalid']);
    expect(findings[0]!.suggestion).toBeUndefined();
  });

  it('rewrites the due date of a list item', () => {
    const text = withLine(
      '| AI-003 | process | Assign an owner to the certificate tooling | @bob | P2 | 2024-07-31 |\n',
      '',
      COMPLETE.replace('## Lessons Learned', '- [ ] AI-004 (process) Review the rotation runbook (owner: @bob, priority: P2, due: 2024/7/1)\n\n## Lessons Learned'),
    );
    expect(expectEachSettles(text).map((finding) => finding.suggestion?.text)).toEqual(['- [ ] AI-004 (process) Review the rotation runbook (owner: @bob, priority: P2, due: 2024-07-01)']);
  });
});

describe('blameless-language suggestions', () => {
  it('rewords "dumb mistake" and drops "carelessly" mid-sentence', () => {
    const text = withLine('- The alert fired within six minutes', '- The engineer carelessly ran the job, a Dumb mistake in hindsight');
    const suggested = expectEachSettles(text);
    expect(suggested.map((finding) => finding.suggestion?.text)).toEqual([
      '- The engineer ran the job, a Dumb mistake in hindsight',
      '- The engineer carelessly ran the job, a Mistake in hindsight',
    ]);
  });

  it('leaves advice as advice, and drops no adverb where the sentence would change or break', () => {
    const lines = [
      '- Human error caused the outage',
      '- The engineer did not carelessly run the job',
      '- The job ran quickly and carelessly overnight',
      '- Carelessly, the job ran',
      '- The job ran carelessly.',
      '- He carelessly forgot the step',
      '- The engineer was careless',
    ];
    for (const line of lines) {
      const findings = lint(withLine('- The alert fired within six minutes', line)).filter((finding) => finding.ruleId === 'blameless-language');
      expect(findings.length, line).toBeGreaterThan(0);
      expect(findings.filter((finding) => finding.suggestion), line).toEqual([]);
    }
  });

  it('offers nothing when the text in the file differs from the text read (an escape before the phrase)', () => {
    const findings = lint(withLine('- The alert fired within six minutes', '- The \\*engineer\\* carelessly ran the job'));
    const blame = findings.filter((finding) => finding.ruleId === 'blameless-language');
    expect(blame).toHaveLength(1);
    // The column is where the text node says; the file holds two more characters before it.
    expect(blame[0]!.suggestion).toBeUndefined();
  });
});
