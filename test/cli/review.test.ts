import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase, FIXTURES } from '../helpers.js';
import { runCli } from '../support/cli.js';

const run = runCli;

describe('postmortem review: the pull request review, offline', () => {
  it('shows the pattern a postmortem repeats, the earlier items still open, related incidents and the issues it will open', async () => {
    const { code, stdout } = await run(['review', 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^## Postmortem review\n/);
    expect(stdout).toMatch(/^## Postmortem review\n\n✅ 1 postmortem reviewed: ready\.\n/);
    expect(stdout).toContain('### 🔁 INC-20240118-0023 is the 3rd `n-plus-one` incident in 180 days');
    // The earlier incidents' open items come from their documents (no GitHub here): one each, from a table with and without a Status column.
    expect(stdout).toContain('- INC-20231015-0008 AI-002: Add a query count assertion to the listing endpoint tests');
    expect(stdout).toContain('- INC-20231201-0019 AI-002: Alert when a request runs more than 100 queries');
    // Offline: nothing is linked.
    expect(stdout).not.toMatch(/\]\(https:\/\/github\.com\/[^)]*\/(?:blob|pull)\//);
    expect(stdout).toMatch(/- INC-20231201-0019 · Organization Dashboard Timeouts From N&#43;1 Queries \(2023-12-01\): same recurring pattern; this postmortem links to it; shares the rare tag `pagination`/);
    expect(stdout).toContain('**On merge, 5 issues will be opened:**');
  });

  it('exits 1 with the findings when a postmortem has errors, and 2 without paths', async () => {
    const root = copyOfKnowledgeBase('pm-review-');
    cpSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), join(root, 'postmortems/owners.md'));
    const broken = await run(['review', 'postmortems/owners.md'], root);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/action-item-owner/);
    const none = await run(['review'], root);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^postmortem: review needs the postmortems to review/);
  });

  it('applies the lint baseline as the action does: findings recorded in it are not shown, and counted', async () => {
    const root = copyOfKnowledgeBase('pm-review-baseline-');
    cpSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), join(root, 'postmortems/owners.md'));
    expect((await run(['lint', '--baseline-write'], root)).code).toBe(0);
    const reviewed = await run(['review', 'postmortems/owners.md'], root);
    expect(reviewed.code).toBe(0);
    expect(reviewed.stdout).not.toMatch(/action-item-owner/);
    expect(reviewed.stdout).toMatch(/suppressed by the baseline/);
    // Named elsewhere, as lint --baseline names it.
    expect((await run(['lint', '--baseline-write', '--baseline', 'ci/baseline.json'], root)).code).toBe(0);
    const named = await run(['review', '--baseline', 'ci/baseline.json', 'postmortems/owners.md'], root);
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/suppressed by the baseline/);
  });
});

describe('postmortem overdue with escalation.since', () => {
  it('marks the items already overdue when the tool was adopted, as the escalation leaves them: listed, never escalated', async () => {
    const root = copyOfKnowledgeBase('pm-overdue-since-');
    writeFileSync(join(root, '.postmortemrc.yml'), `${readFileSync(join(root, '.postmortemrc.yml'), 'utf8')}escalation:\n  since: 2024-01-20\n`);
    const json = await run(['overdue', '--as-of', '2024-06-01', '--format', 'json'], root);
    expect(json.code).toBe(0);
    const items = (JSON.parse(json.stdout) as { items: { due: string; beforeAdoption: boolean }[] }).items;
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) expect(item.beforeAdoption).toBe(item.due < '2024-01-20');
    expect(items.some((item) => item.beforeAdoption) && items.some((item) => !item.beforeAdoption)).toBe(true);
    const text = await run(['overdue', '--as-of', '2024-06-01'], root);
    expect(text.stdout).toMatch(/overdue before adoption \(not escalated\)/);
    expect(text.stdout).toMatch(/overdue, level \d/);
  });
});
