import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { COMMENT_BUDGET, formatLintReport, type DocumentReport, type LintReport } from '../../src/report/pull-request.js';
import { render } from '../support/rendered.js';
import { ADDED, goldenReport, HEAD } from '../review/golden-report.js';

const finding = (line: number, message: string, overrides: Partial<Finding> = {}): Finding => ({
  ruleId: 'placeholder', severity: 'error', messageId: 'word', data: {}, message, line, column: 1, endLine: line, endColumn: 1, ...overrides,
});

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

/** The golden pull request's review, its flawed postmortem copied under `count` names. */
function flawed(count: number): LintReport {
  const golden = goldenReport();
  const [result] = golden.results;
  const [document] = golden.documents;
  const pathOf = (index: number) => ADDED.replace('.md', `-${index}.md`);
  return {
    ...golden,
    results: Array.from({ length: count }, (_, index) => ({ ...result!, filePath: pathOf(index) })),
    documents: Array.from({ length: count }, (_, index) => ({ ...document!, path: pathOf(index) })),
  };
}

const section = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));

describe('the review comment: verdict, recurrence, findings by section', () => {
  const text = formatLintReport(goldenReport(), COMMENT_BUDGET);

  it('opens with the verdict at the reviewed commit, then the recurrence with the earlier open items, before any finding', () => {
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['## Postmortem review', '', `❌ 1 postmortem reviewed at \`${HEAD.slice(0, 7)}\`: needs changes (13 errors, 3 warnings).`]);
    const recurrence = text.indexOf('### 🔁 INC-20240220-0027 is the 4th `n-plus-one` incident in 180 days');
    expect(recurrence).toBeGreaterThan(0);
    expect(text.indexOf('**7 action items of the earlier incidents are still open**')).toBeGreaterThan(recurrence);
    expect(text.indexOf('| Line | Problem | Rule |')).toBeGreaterThan(text.indexOf('AI-005: Schedule quarterly ORM training'));
  });

  it('groups the findings by section in document order, one row per problem', () => {
    const rendered = render(text);
    const groups = [...text.matchAll(/^\*\*(.+)\*\*$/gm)].map((match) => match[1]);
    expect(groups.slice(0, 5)).toEqual(['Whole document', 'Impact', 'Timeline', 'Root Cause', 'Action Items']);
    // The TBD owner: one row naming both rules, the owner's message shown.
    const tbd = rendered.tableRows.filter((row) => row[1]!.includes('TBD') && row[0] === '53');
    expect(tbd).toEqual([['53', '❌ AI-002 has the placeholder owner "TBD": name a GitHub handle (@\u2060user or @\u2060org/team)', 'action-item-owner placeholder']]);
    // The five missing sections: one row.
    expect(rendered.tableRows.filter((row) => row[1]!.includes('Missing section'))).toEqual([
      ['13', '❌ Missing sections (required for SEV2): Contributing Factors, What Went Well, What Went Poorly, Where We Got Lucky, Metrics', 'required-sections'],
    ]);
    // Findings anchored on the title by other rules are other problems: not merged into it.
    expect(rendered.tableRows.filter((row) => row[0] === '13').map((row) => row[2])).toEqual(['required-sections', 'decision-record', 'recurrence']);
    // Two findings of one rule on one span are two problems.
    expect(rendered.tableRows.filter((row) => row[0] === '29')).toHaveLength(2);
  });

  it('a file with errors is open, a clean one closed; summaries name the incident and count', () => {
    const golden = goldenReport();
    const clean = { filePath: 'postmortems/clean.md', findings: [] };
    const warned = { filePath: 'postmortems/warned.md', findings: [finding(3, 'Soft', { severity: 'warning' })] };
    const two = formatLintReport({ ...golden, results: [clean, warned, ...golden.results] }, COMMENT_BUDGET);
    const html = render(two).html.filter((node) => node.startsWith('<details'));
    expect(html).toEqual([
      '<details open><summary>❌ INC-20240220-0027 · Project Search Timeouts From N&#43;1 Queries: 13 errors, 3 warnings</summary>',
      expect.stringMatching(/^<details><summary>Timeline<\/summary>/),
      '<details><summary>⚠️ postmortems/warned.md: 1 warning</summary>',
      '<details><summary>✅ postmortems/clean.md: no problems</summary>',
    ]);
    expect(two).toContain(`❌ 3 postmortems reviewed at \`${HEAD.slice(0, 7)}\`: 2 ready, 1 needs changes (13 errors, 4 warnings).`);
  });

  it('links lines to the diff view (sha256 of the path), incidents to their files at the reviewed commit; offline, nothing', () => {
    const links = render(text).links.map((link) => link.url);
    const anchor = createHash('sha256').update(ADDED).digest('hex');
    expect(links).toContain(`https://github.com/acme/incidents/pull/42/files#diff-${anchor}R53`);
    expect(links).toContain(`https://github.com/acme/incidents/blob/${HEAD}/postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md`);
    expect(links).toContain(`https://github.com/acme/incidents/blob/${HEAD}/${ADDED}`);
    expect(links.filter((url) => url.startsWith('https://github.com/acme/incidents/blob/')).every((url) => url.includes(`/blob/${HEAD}/`))).toBe(true);
    const offline = formatLintReport({ ...goldenReport(), scope: '', context: { version: '1.0.0', elsewhere: ['cli'] } }, COMMENT_BUDGET);
    expect(render(offline).links.filter((link) => link.url.startsWith('https://github.com/acme'))).toEqual([]);
    expect(offline).toContain('❌ 1 postmortem reviewed: needs changes (13 errors, 3 warnings).');
  });

  it('says why an incident is related in words, never with a score', () => {
    const related = section(text, '**Related incidents**', '**On merge');
    expect(related).toContain('API Response Time Degradation (2024-01-18): same recurring pattern; this postmortem links to it; shares the common tags `n-plus-one`, `orm`, `performance`, `database`; same service `control-plane-api`.');
    expect(related).toContain('API Gateway Connection Pool Exhaustion (2024-01-15): shares only the common tag `database`; same service `control-plane-api`.');
    expect(related).toContain('Rare tags are carried by at most 2 of the knowledge base’s 5 incidents, common ones by more than half.');
    expect(related).not.toMatch(/score|\d\.\d\d/i);
    // A tag only two incidents carry is rare; a link from the other side is said the other way round.
    const [document] = goldenReport().documents;
    const rare: DocumentReport = { ...document!, related: [{ id: 'INC-1', title: 'T', date: '', score: 9, sharedTags: ['pagination', 'orm'], rareTags: ['pagination'], commonTags: [], linkedFrom: true }] };
    expect(formatLintReport({ ...goldenReport(), documents: [rare] }, COMMENT_BUDGET)).toContain('- INC-1 · T: it links to this postmortem; shares the rare tag `pagination` and the tag `orm`.');
    // With its file known, the id links to it at the reviewed commit.
    const linked = { ...rare, related: [{ ...rare.related[0]!, path: 'postmortems/one.md' }] };
    expect(formatLintReport({ ...goldenReport(), documents: [linked] }, COMMENT_BUDGET)).toContain(`- [INC-1](https://github.com/acme/incidents/blob/${HEAD}/postmortems/one.md) · T: it links`);
  });

  it('shows the issues the sync will open, what a flawed row’s issue will lack, and why other rows open none', () => {
    const plan = section(text, '**On merge', '<details><summary>Timeline');
    expect(plan).toContain('**On merge, 2 issues will be opened:**');
    expect(plan).toContain('- AI-002 (line 53): opened unassigned, the owner `TBD` is not a GitHub handle; no due date the escalation can read (`2024/3/1`), so it is never escalated as overdue.');
    expect(plan).toContain('- Line 54, “Alert on requests running more than 100 queries”: it has no ID, and the sync ties each issue to an item’s ID.');
    const [document] = goldenReport().documents;
    const untracked: DocumentReport = {
      ...document!,
      plan: [],
      untracked: [
        { line: 50, item: 'AI-001', description: 'Done thing', reason: { kind: 'done', status: 'Done' } },
        { line: 51, item: 'AI-001', description: 'Again', reason: { kind: 'repeated-id', firstLine: 50 } },
        { line: 52, item: 'AI-003', description: 'Tracked', reason: { kind: 'has-issue', number: 12, url: 'https://github.com/acme/incidents/issues/12', state: 'open' } },
        { line: 53, item: 'AI-004', description: 'Many', reason: { kind: 'capped', cap: 50 } },
      ],
    };
    const none = formatLintReport({ ...goldenReport(), documents: [untracked] }, COMMENT_BUDGET);
    expect(none).toContain('**Not opened on merge (4 items):**');
    expect(none).toContain('- AI-001 (line 50), “Done thing”: already done in the document (Status `Done`).');
    expect(none).toContain('- AI-001 (line 51), “Again”: it repeats the ID of the row on line 50; only that row is tracked.');
    expect(none).toContain('- AI-003 (line 52), “Tracked”: already tracked by [#12](https://github.com/acme/incidents/issues/12), kept in step on merge.');
    expect(none).toContain('- AI-004 (line 53), “Many”: past the 50 issues one postmortem may open (`sync.maxItemsPerDocument`).');
    expect(none).not.toContain('**On merge');
    const notYet = formatLintReport({ ...goldenReport(), documents: [{ ...document!, plan: { notYet: 'the status is "draft".' } }] }, COMMENT_BUDGET);
    expect(notYet).toContain('**No issues will be opened on merge:** the status is "draft".');
  });

  it('ends with the version, the reviewed commit, the run and how to silence a rule', () => {
    const footer = text.slice(text.lastIndexOf('\n---\n'));
    expect(footer).toContain(`postmortem-kb 0.1.0 · reviewed \`${HEAD.slice(0, 7)}\` · [workflow run](https://github.com/acme/incidents/actions/runs/9876543210).`);
    expect(footer).toContain('`<!-- postmortem-lint-disable-next-line rule-id -->`');
    expect(footer).toContain('`rules: { rule-id: off }` in `.postmortemrc.yml`');
  });

  it('mentions nobody', () => {
    expect(render(text).mentions).toEqual([]);
  });
});

describe('the size of the review', () => {
  for (const count of [50, 500]) {
    it(`${count} flawed postmortems: under 60,000 characters, each file shown or listed, and says where the rest is`, () => {
      const text = formatLintReport({ ...flawed(count), context: { ...goldenReport().context, elsewhere: ['job-summary', 'code-scanning'] } }, COMMENT_BUDGET);
      expect(text.length).toBeLessThan(60_000);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(COMMENT_BUDGET);
      expect(text.split('\n')[2]).toBe(`❌ ${count} postmortems reviewed at \`${HEAD.slice(0, 7)}\`: all ${count} need changes (${13 * count} errors, ${3 * count} warnings).`);
      const shown = (text.match(/^<details open><summary>❌ INC-20240220-0027/gm) ?? []).length;
      const listed = (text.match(/^- ❌ `postmortems\//gm) ?? []).length;
      const counted = Number(/^- … and (\d+) more postmortems: /m.exec(text)?.[1] ?? 0);
      expect(shown).toBeGreaterThan(0);
      expect(shown + listed + counted).toBe(count);
      expect(text).toMatch(/more postmortems\*\* are not shown in full here: see the \[job summary of this run\]\(https:\/\/github\.com\/acme\/incidents\/actions\/runs\/9876543210\) and code scanning/);
      // The footer is never shed.
      expect(text).toContain('postmortem-lint-disable-next-line');
    });
  }

  it('fits GitHub’s limits whatever the input, and keeps the full detail when it fits', () => {
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

  it('sheds rows past 50 in a comment and says where the rest is; the job summary keeps them all', () => {
    const text = formatLintReport({ ...report(1, 120, 'y'.repeat(50)), context: { elsewhere: ['job-summary'] } }, COMMENT_BUDGET);
    expect(text).toContain('… and 70 more problems in this file: see the job summary of this run.');
    const summary = formatLintReport(report(1, 120, 'y'.repeat(50)), 1024 * 1024);
    expect(summary).not.toContain('more problems in this file');
  });
});
