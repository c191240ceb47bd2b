import { describe, expect, it } from 'vitest';
import { applySync } from '../../src/sync/apply.js';
import { syncDocuments } from '../../src/sync/documents.js';
import { definitionOfDone } from '../../src/sync/done.js';
import { planSync, type ExistingIssue, type SyncAction, type SyncDocument, type SyncItem, type SyncSettings } from '../../src/sync/plan.js';
import { BODY_LIMIT } from '../../src/sync/render.js';
import { parseMetadata, renderBlock } from '../../src/tracked/marker.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { createReader } from '../../src/workspace/reader.js';
import { expectGolden } from '../support/golden.js';
import { MemoryGitHub } from '../support/memory-port.js';
import { render } from '../support/rendered.js';
import { parse, REPO } from '../helpers.js';

// Issue 22: the issue opened for an action item carries its context (what happened, the root cause, the incidents
// linked both ways, when it is done) and a permalink to its row at the commit that last wrote it.

const BOT = 'github-actions[bot]';
const REPOSITORY = 'https://github.com/acme/incidents';
const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const LATER = '89e6c98d92887913cadf06b2adb97f26cde4849b';
const BASE = { ownershipLabel: 'postmortem-action-item', removedLabel: 'removed-from-postmortem', statuses: ['in-review', 'published'], linkBase: `${REPOSITORY}/blob/main/`, toolLogin: BOT };
const at = (sha: string): SyncSettings => ({ ...BASE, commit: { repository: REPOSITORY, sha } });

/** The seed's knowledge base as the sync mode reads it: one reader, its index from the files it parsed. */
async function seed(): Promise<SyncDocument[]> {
  const reader = createReader({ config: loadConfig(REPO), cwd: REPO });
  const paths = await reader.discover();
  const parsed = reader.parseAll(paths);
  return syncDocuments(parsed, await reader.index(paths));
}

const itemOf = (documents: SyncDocument[], key: string) => documents.flatMap((document) => document.items).find((item) => `${item.incident}/${item.item}` === key)!;
const single = (item: SyncItem): SyncDocument => ({ incident: item.incident, status: 'published', items: [item], untracked: 0 });

function created(item: SyncItem, settings: SyncSettings): string {
  const [action] = planSync([single(item)], [], settings).actions;
  if (action?.kind !== 'create') throw new Error('expected a create');
  return action.content.body;
}

/** The issue a sync at `settings` opened for an item. */
function issueOf(item: SyncItem, settings: SyncSettings, number = 7): ExistingIssue {
  const [action] = planSync([single(item)], [], settings).actions;
  if (action?.kind !== 'create') throw new Error('expected a create');
  return { number, state: 'open', title: action.content.title, body: action.content.body, labels: action.content.labels, assignees: [], url: `${REPOSITORY}/issues/${number}`, author: { login: BOT, type: 'Bot' } };
}

const only = (item: SyncItem, issue: ExistingIssue, settings: SyncSettings): SyncAction => planSync([single(item)], [issue], settings).actions[0]!;

describe('the issue body of an action item', () => {
  it('reads as reviewed for the seed’s knowledge base (golden)', async () => {
    const item = itemOf(await seed(), 'INC-20231201-0019/AI-002');
    const body = created(item, at(SHA));
    expectGolden('issue-body.md', body);
    // The owner is the one person pinged.
    expect(render(body).mentions).toEqual(['@acme-example/platform']);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
  });

  it('gives the context: incident at its permalink, what happened, the root cause, related incidents both ways, when it is done', async () => {
    const documents = await seed();
    const item = itemOf(documents, 'INC-20231201-0019/AI-002');
    const rendered = render(created(item, at(SHA)));
    const row = `${REPOSITORY}/blob/${SHA}/postmortems/2023-12-01-organization-dashboard-n-plus-one-queries.md?plain=1#L49`;
    expect(rendered.links).toEqual([
      { url: row, text: 'INC-20231201-0019 · Organization Dashboard Timeouts From N+1 Queries' },
      { url: `${REPOSITORY}/blob/main/postmortems/2023-10-15-user-listing-n-plus-one-queries.md`, text: 'INC-20231015-0008 · User Listing Endpoint Slow Under N+1 Queries' },
      { url: `${REPOSITORY}/blob/main/postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md`, text: 'INC-20240118-0023 · API Response Time Degradation' },
      // Where the item is edited: the postmortem as it is now.
      { url: `${REPOSITORY}/blob/main/postmortems/2023-12-01-organization-dashboard-n-plus-one-queries.md#action-items`, text: 'the postmortem' },
    ]);
    expect(rendered.tableRows.map((cells) => cells[0])).toEqual(['', 'Incident', 'Severity', 'Incident date', 'Due', 'Priority', 'Type', 'Owner', 'Related incidents', 'Linked from']);
    expect(rendered.text).toContain('What happened: For 80 minutes the organization dashboard timed out for organisations with more than 200 projects.');
    expect(rendered.text).toContain('Root cause: The pagination refactor replaced a joined query with a per-project lookup of the latest run');
    expect(rendered.text).toContain(definitionOfDone('detect'));
    // The row the permalink points at is the item's.
    const source = parse(await import('node:fs').then((fs) => fs.readFileSync(`${REPO}/postmortems/2023-12-01-organization-dashboard-n-plus-one-queries.md`, 'utf8'))).postmortem!.source;
    expect(source.split('\n')[48]).toMatch(/^\| AI-002 \| detect \|/);
  });

  it('lists every later incident that links to an earlier one, oldest first, and the first paragraph under "Primary Root Cause"', async () => {
    const documents = await seed();
    expect(itemOf(documents, 'INC-20231015-0008/AI-002').linkedFrom!.map((incident) => incident.id)).toEqual(['INC-20231201-0019', 'INC-20240118-0023']);
    expect(itemOf(documents, 'INC-20240118-0023/AI-001').linkedFrom).toEqual([]);
    const pool = itemOf(documents, 'INC-20240115-0042/AI-001');
    expect(pool.rootCause).toBe('The database connection pool was configured with a maximum of 20 connections, which was insufficient for the concurrent load generated by the new bulk workflow execution feature deployed earlier that day.');
    expect(pool.summary).toMatch(/^On January 15, 2024, the SO1 Control Plane API experienced elevated error rates \(12% 5xx\) for 25 minutes/);
    // No Summary section: none is made up; the root cause is the first "Root Cause" section's paragraph, not the 5 Whys.
    const workflow = itemOf(documents, 'INC-20240118-0023/AI-001');
    expect(workflow.summary).toBeUndefined();
    expect(workflow.rootCause).toMatch(/^N\+1 query pattern introduced in the workflow listing endpoint/);
  });

  it('finds the incidents linked both ways without a knowledge base given: the files it parsed are the index', () => {
    const earlier = parse('---\nid: INC-1\ntitle: First\ndate: 2024-01-01\nstatus: published\n---\n\n## Action Items\n\n| ID | Type | Description | Owner | Priority | Due |\n|---|---|---|---|---|---|\n| AI-1 | detect | Alert on it | @a | P1 | 2024-02-01 |\n', undefined, 'postmortems/first.md');
    const later = parse('---\nid: INC-2\ntitle: Second\ndate: 2024-03-01\nstatus: published\nrelated: [INC-1, INC-404]\n---\n\n## Summary\n\n**Summary:** It **happened** again.\n\nMore.\n\n## Root Cause Analysis\n\n1. Why? Because.\n\n### Contributing Factors\n\nNot the root cause.\n\n## Action Items\n\n| ID | Type | Description | Owner | Priority | Due |\n|---|---|---|---|---|---|\n| AI-1 | process | Write it down | @a | P1 | 2024-04-01 |\n', undefined, 'postmortems/second.md');
    const [first, second] = syncDocuments([earlier, later]);
    expect(first!.items[0]!.linkedFrom).toEqual([{ id: 'INC-2', title: 'Second', date: '2024-03-01', file: 'postmortems/second.md' }]);
    expect(second!.items[0]!.relatedIncidents).toEqual([{ id: 'INC-1', title: 'First', date: '2024-01-01', file: 'postmortems/first.md' }]);
    expect(second!.items[0]!.summary).toBe('It happened again.');
    // A 5-Whys list is no paragraph, and a nested section of another kind is not the root cause.
    expect(second!.items[0]!.rootCause).toBeUndefined();
    const body = render(created(second!.items[0]!, BASE));
    // INC-404 is not in the knowledge base: named, not linked.
    expect(body.tableRows.find((cells) => cells[0] === 'Related incidents')![1]).toBe('INC-1 · First (2024-01-01), INC-404');
    expect(body.text).not.toContain('Root cause:');
  });

  it('caps the Summary and the root cause, sheds them before the block outgrows its bound, and stays inert', async () => {
    const item = itemOf(await seed(), 'INC-20240115-0042/AI-001');
    const long = { ...item, summary: `@mallory <img src=x> ${'word '.repeat(1_000)}`, rootCause: `[link](https://evil.example) ${'cause '.repeat(1_000)}` };
    const rendered = render(created(long, at(SHA)));
    const [, what = '', cause = ''] = /What happened: (.*?)Root cause: (.*?)Definition of done:/.exec(rendered.text) ?? [];
    // Capped at 600 characters as written (the word joiner that breaks the mention is not one of them).
    for (const paragraph of [what.replace(/\u2060/g, ''), cause]) {
      expect(paragraph.length).toBeGreaterThan(500);
      expect(paragraph.length).toBeLessThanOrEqual(600);
      expect(paragraph.endsWith('…')).toBe(true);
    }
    expect(rendered.mentions).toEqual(['@acme-example/platform']);
    expect(rendered.links.map((link) => link.text)).not.toContain('link');
    expect(rendered.html.map((html) => html.slice(0, 20))).toEqual(['<!-- postmortem-kb:i', '<!-- postmortem-kb:e']);
    // A description that fills the block: the context goes first, the block stays whole and within the limit.
    const huge = created({ ...long, description: 'x'.repeat(70_000), incidentTitle: '|'.repeat(70_000), linkedFrom: Array.from({ length: 4_000 }, (_, n) => ({ id: `INC-${n}`, title: '<'.repeat(200), date: '2024-01-01', file: `postmortems/${'('.repeat(200)}${n}.md` })) }, at(SHA));
    expect(huge.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(parseMetadata(huge)).toMatchObject({ incident: 'INC-20240115-0042', item: 'AI-001', at: SHA });
    expect(huge).toMatch(/<!-- postmortem-kb:end -->$/);
  });

  it('says when the issue is done by the item’s type, with a fallback for a type the method does not name', () => {
    expect(definitionOfDone('detect')).toMatch(/^close this issue when an alert or check for this exists and has fired in a test/);
    expect(definitionOfDone('Prevent')).toMatch(/failure can no longer happen/);
    for (const type of ['mitigate', 'repair', 'process']) expect(definitionOfDone(type)).not.toBe(definitionOfDone('other'));
    expect(definitionOfDone('constructor')).toBe(definitionOfDone(''));
    expect(definitionOfDone('')).toMatch(/the work described above is done/);
  });
});

describe('the permalink', () => {
  it('is not a reason to write: a new commit, or a row moved by an edit above it, leaves the issue as it is', async () => {
    const item = itemOf(await seed(), 'INC-20240115-0042/AI-002');
    const issue = issueOf(item, at(SHA));
    expect(parseMetadata(issue.body)).toMatchObject({ at: SHA, line: item.line });
    expect(only(item, issue, at(LATER)).kind).toBe('unchanged');
    expect(only({ ...item, line: item.line! + 12 }, issue, at(LATER)).kind).toBe('unchanged');
  });

  it('moves to the current commit and row when something else changes', async () => {
    const item = itemOf(await seed(), 'INC-20240115-0042/AI-002');
    const issue = issueOf(item, at(SHA));
    const action = only({ ...item, line: item.line! + 12, priority: 'P1' }, issue, at(LATER));
    if (action.kind !== 'update') throw new Error('expected an update');
    expect(parseMetadata(action.body)).toMatchObject({ at: LATER, line: item.line! + 12 });
    expect(action.body).toContain(`/blob/${LATER}/postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md?plain=1#L${item.line! + 12})`);
    expect(action.body).not.toContain(SHA);
    // No description, owner or due date changed: no comment.
    expect(action.comment).toBeUndefined();
    expect(action.writes.map((write) => write.op)).toEqual(['update-issue', 'add-labels', 'remove-label']);
  });

  it('changes with the context: a later incident that starts linking to this one updates its issue', async () => {
    const item = itemOf(await seed(), 'INC-20240118-0023/AI-003');
    const issue = issueOf(item, at(SHA));
    const newer = { id: 'INC-20240301-0001', title: 'N+1 again', date: '2024-03-01', file: 'postmortems/2024-03-01-again.md' };
    const action = only({ ...item, linkedFrom: [newer] }, issue, at(LATER));
    expect(action).toMatchObject({ kind: 'update', reasons: ['body'], comment: undefined });
    const rendered = render(action.kind === 'update' ? action.body! : '');
    expect(rendered.links).toContainEqual({ url: 'https://github.com/acme/incidents/blob/main/postmortems/2024-03-01-again.md', text: 'INC-20240301-0001 · N+1 again' });
    expect(rendered.tableRows.find((cells) => cells[0] === 'Linked from')).toEqual(['Linked from', 'INC-20240301-0001 · N+1 again (2024-03-01)']);
  });
});

describe('the change comment', () => {
  it('says once what changed, old → new, inert, and in which commit', async () => {
    const item = itemOf(await seed(), 'INC-20240115-0042/AI-003');
    const github = new MemoryGitHub(BOT);
    github.assignable.add('bob');
    github.issues.push({ ...issueOf(item, at(SHA), 1), isPullRequest: false, author: { login: BOT, type: 'Bot' }, createdAt: '2024-01-20T00:00:00Z', closedAt: undefined, stateReason: undefined });
    const changed = { ...item, description: 'Add load testing for bulk ops to CI, at 3× peak', owner: '@bob', due: '2024-02-09' };
    const settings = { ...at(LATER), assignable: new Map([['bob', true]]) };
    const plan = planSync([single(changed)], await github.listIssues('postmortem-action-item'), settings);
    const [action] = plan.actions;
    if (action?.kind !== 'update') throw new Error('expected an update');
    expect(action.writes.map((write) => write.op)).toEqual(['update-issue', 'create-comment']);
    expect(action.comment).toBe(
      [
        `The postmortem changed this action item in [\`89e6c98\`](${REPOSITORY}/commit/${LATER}):`,
        '',
        '- Description: Add load testing for bulk ops to CI → Add load testing for bulk ops to CI, at 3× peak',
        '- Owner: @&#8288;acme-example/qa → @&#8288;bob',
        '- Due: 2024-01-26 → 2024-02-09',
        '',
        'The issue above now shows the item as it is. — postmortem-kb',
      ].join('\n'),
    );
    expect(render(action.comment!).mentions).toEqual([]);
    await applySync(plan, github, { ownershipLabel: 'postmortem-action-item' });
    expect(github.comments.get(1)?.map((comment) => comment.body)).toEqual([action.comment]);

    // The next run (the same commit, or a later one) finds the body written: no update, no second comment.
    for (const sha of [LATER, '0123456789abcdef0123456789abcdef01234567']) {
      const again = planSync([single(changed)], await github.listIssues('postmortem-action-item'), { ...at(sha), assignable: new Map([['bob', true]]) });
      expect(again.actions.map((next) => next.kind)).toEqual(['unchanged']);
    }
    expect(github.comments.get(1)).toHaveLength(1);
  });

  it('is not posted for a change the three fields do not see, and names no commit in a run without one', async () => {
    const item = itemOf(await seed(), 'INC-20240115-0042/AI-004');
    const issue = issueOf(item, at(SHA));
    expect(only({ ...item, type: 'prevent' }, issue, at(LATER))).toMatchObject({ kind: 'update', comment: undefined });
    const action = only({ ...item, due: '' }, issue, BASE);
    expect(action.kind === 'update' && action.comment).toBe(['The postmortem changed this action item:', '', '- Due: 2024-01-31 → _none_', '', 'The issue above now shows the item as it is. — postmortem-kb'].join('\n'));
  });
});

/** An issue body as the version before context wrote it: the marker without description, commit or line, and the old table. */
function oldFormatBody(item: SyncItem): string {
  const { incident, item: id, due, priority, type, owner, severity, file } = item;
  const link = `${REPOSITORY}/blob/main/${file}#action-items`;
  const content = [
    item.description,
    '',
    '| | |',
    '|---|---|',
    `| Incident | [${incident} · ${item.incidentTitle}](${link}) |`,
    `| Severity | ${severity} |`,
    `| Incident date | ${item.incidentDate} |`,
    `| Due | ${due} |`,
    `| Priority | ${priority} |`,
    `| Type | ${type} |`,
    `| Owner | ${owner} |`,
    `| Related incidents | ${item.related.join(', ') || 'none'} |`,
    '',
    `Kept in step with [the postmortem](${link}) by postmortem-kb: edit the item there. Text outside this block is yours and is kept.`,
  ].join('\n');
  return renderBlock({ v: 1, incident, item: id, due, priority, type, owner, severity, file }, content);
}

describe('an issue written by the previous version', () => {
  it('is recognised and rewritten once with the context (no duplicate, no comment), then left alone', async () => {
    const item = itemOf(await seed(), 'INC-20231015-0008/AI-002');
    const issue: ExistingIssue = { ...issueOf(item, at(SHA), 3), body: `${oldFormatBody(item)}\n\nNotes from the team.` };
    expect(parseMetadata(issue.body)).toMatchObject({ incident: 'INC-20231015-0008', item: 'AI-002' });
    expect(parseMetadata(issue.body)!.description).toBeUndefined();
    const plan = planSync([single(item)], [issue], at(SHA));
    const [action] = plan.actions;
    if (action?.kind !== 'update') throw new Error('expected an update');
    expect(plan.notes).toEqual(["1 issue written by an earlier version of postmortem-kb gets the item's context in their body (one update each; a run stopped by max-operations continues in the next)"]);
    expect(action.writes.map((write) => write.op)).toEqual(['update-issue']);
    expect(action.comment).toBeUndefined();
    expect(action.body).toContain('Linked from');
    expect(action.body!.endsWith('\n\nNotes from the team.')).toBe(true);
    const upgraded = { ...issue, body: action.body! };
    expect(only(item, upgraded, at(LATER)).kind).toBe('unchanged');
  });

  it('tells what changed of the owner and due date it recorded; its description, unknown, is not compared', async () => {
    const item = itemOf(await seed(), 'INC-20231015-0008/AI-002');
    const issue: ExistingIssue = { ...issueOf(item, at(SHA), 3), body: oldFormatBody(item) };
    const action = only({ ...item, description: 'Something else', due: '2023-12-01' }, issue, at(LATER));
    expect(action.kind === 'update' && action.comment).toContain('- Due: 2023-11-15 → 2023-12-01');
    expect(action.kind === 'update' && action.comment).not.toContain('Description');
  });
});
