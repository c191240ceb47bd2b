import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMetadata } from '../../src/sync/marker.js';
import { FakeGitHub } from '../support/fake-github/server.js';
import { pushEvent, Repository, runAction } from '../support/runner.js';
import { lineOf, REPO } from '../helpers.js';

const SEED = 'postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md';
/**
 * The bundled knowledge base, whose owners are teams of a fictional organisation (never assignable), with one item
 * owned by a person, so that assignment is exercised.
 */
const BUNDLED: Record<string, string> = Object.fromEntries(
  readdirSync(join(REPO, 'postmortems')).map((name) => {
    const text = readFileSync(join(REPO, 'postmortems', name), 'utf8');
    return [`postmortems/${name}`, `postmortems/${name}` === SEED ? text.replace('| @acme-example/backend | P2 | 2024-01-19 |', '| @backend | P2 | 2024-01-19 |') : text];
  }),
);
/** 5 + 5 + 2 + 2 action items in the bundled knowledge base, all published; two are marked done in their postmortem. */
const ITEMS = 12;

let fake: FakeGitHub;
afterEach(async () => fake?.close());

const issues = () => [...fake.state.issues.values()].filter((issue) => !issue.pullRequest);
const open = () => issues().filter((issue) => issue.state === 'open');
const keys = (list = issues()) => list.map((issue) => { const m = parseMetadata(issue.body)!; return `${m.incident}/${m.item}`; }).sort();

/** Writes unspaced (GitHub's one second between writes would make each run take half a minute); one test keeps the default. */
async function sync(repository: Repository, inputs: Record<string, string> = {}) {
  const head = repository.git(['rev-parse', 'HEAD']);
  return runAction({ fake, workspace: repository.dir, event: pushEvent(fake, { before: head, after: head }), inputs: { 'write-interval': '0', ...inputs } });
}

function knowledgeBase() {
  const repository = new Repository();
  repository.commit(BUNDLED, 'knowledge base');
  return repository;
}

describe('sync on push: one issue per action item', () => {
  it('first run: creates one issue per item with title, labels, assignee and body; a second run writes nothing', async () => {
    fake = await FakeGitHub.start({ assignable: ['backend'] });
    const repository = knowledgeBase();
    const first = await sync(repository);
    expect(first.exitCode).toBe(0);
    expect(issues()).toHaveLength(ITEMS);
    expect(first.outputs).toMatchObject({ created: String(ITEMS), updated: '0', unchanged: '0', flagged: '0' });

    const ai001 = issues().find((issue) => issue.title.startsWith('[INC-20240115-0042] AI-001'))!;
    expect(ai001.title).toBe('[INC-20240115-0042] AI-001: Add monitor for pool utilization >80%');
    expect(ai001.labels.sort()).toEqual(['postmortem-action-item', 'priority:P1', 'severity:SEV2', 'type:detect']);
    expect(ai001.assignees).toEqual([]);
    expect(ai001.body).toContain('| Owner | @acme-example/platform |');
    // The incident links to the item's row at the pushed commit (GITHUB_SHA), shown as source so the line is found.
    const sha = repository.git(['rev-parse', 'HEAD']);
    const line = lineOf(BUNDLED[SEED]!, '| AI-001 |');
    expect(ai001.body).toContain(`| Incident | [INC-20240115-0042 · API Gateway Connection Pool Exhaustion](https://github.com/acme/incidents/blob/${sha}/${SEED}?plain=1#L${line}) |`);
    expect(ai001.body).toContain('**Root cause:** The database connection pool was configured with a maximum of 20 connections');
    expect(parseMetadata(ai001.body)).toEqual({ v: 1, incident: 'INC-20240115-0042', item: 'AI-001', due: '2024-01-17', priority: 'P1', type: 'detect', owner: '@acme-example/platform', severity: 'SEV2', file: SEED, description: 'Add monitor for pool utilization >80%', at: sha, line });
    // An earlier incident's issue names the later incidents that link to it.
    const earlier = issues().find((issue) => issue.title.startsWith('[INC-20231015-0008] AI-002'))!;
    expect(earlier.body).toMatch(/\| Linked from \| \[INC-20231201-0019 · .*\]\(https:\/\/github\.com\/acme\/incidents\/blob\/main\/postmortems\/2023-12-01-organization-dashboard-n-plus-one-queries\.md\) \(2023-12-01\), \[INC-20240118-0023 · /);
    const ai002 = issues().find((issue) => issue.title.startsWith('[INC-20240115-0042] AI-002'))!;
    expect(ai002.assignees).toEqual(['backend']);
    expect(first.annotations.filter((a) => a.command === 'notice').map((a) => a.message)).toEqual(
      expect.arrayContaining(['@acme-example/platform cannot be assigned (a team, or not a collaborator): it is named in the issue body instead']),
    );
    expect(fake.state.label('postmortem-action-item')).toMatchObject({ color: '5319e7' });
    // N creates, the label set-up, the lists: 1 list of issues, 1 of labels, 9 label creates, 1 assignee check (the one person
    // among the teams), 12 creates, 1 verification list;
    // and who the token is, once (GITHUB_TOKEN is refused, so the tool is github-actions[bot]).
    expect(fake.counts()).toEqual({
      'GET /user': 1,
      'GET /repos/{owner}/{repo}/issues': 2,
      'GET /repos/{owner}/{repo}/labels': 1,
      'POST /repos/{owner}/{repo}/labels': 9,
      'GET /repos/{owner}/{repo}/assignees/{assignee}': 1,
      'POST /repos/{owner}/{repo}/issues': ITEMS,
    });
    expect(fake.schemaViolations).toEqual([]);
    expect(fake.unexpected).toEqual([]);
    // The summary carries the knowledge base's front page, refreshed.
    expect(first.summary).toContain('## The knowledge base');
    expect(first.summary).toContain('[INC-20240115-0042](https://github.com/acme/incidents/blob/main/postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md)');

    const before = fake.count();
    const second = await sync(repository);
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({ created: '0', updated: '0', unchanged: String(ITEMS) });
    const requests = fake.requests.slice(before);
    expect(requests.every((request) => request.method === 'GET')).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(Math.ceil(ITEMS / 100) + 2);
  });

  it('an edited due date and owner update the one issue, keeping human text and labels, and say so once in a comment', async () => {
    fake = await FakeGitHub.start({ assignable: ['backend', 'dba'] });
    const repository = knowledgeBase();
    await sync(repository);
    const issue = issues().find((candidate) => candidate.title.startsWith('[INC-20240115-0042] AI-002'))!;
    issue.body = `${issue.body}\n\nHuman notes: waiting on the runbook template.`;
    issue.labels.push('needs-design');
    repository.commit({ [SEED]: BUNDLED[SEED]!.replace('| @backend | P2 | 2024-01-19 |', '| @dba | P2 | 2024-01-29 |') });
    const before = fake.count();
    const run = await sync(repository);
    expect(run.outputs).toMatchObject({ updated: '1', unchanged: String(ITEMS - 1), created: '0' });
    const writes = fake.requests.slice(before).filter((request) => request.method !== 'GET');
    expect(writes.map((request) => request.operation)).toEqual(['PATCH /repos/{owner}/{repo}/issues/{issue_number}', 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    const sha = repository.git(['rev-parse', 'HEAD']);
    expect(fake.state.commentsOf(issue.number).map((comment) => comment.body)).toEqual([
      `The postmortem changed this action item in [\`${sha.slice(0, 7)}\`](https://github.com/acme/incidents/commit/${sha}):\n\n- Owner: @&#8288;backend → @&#8288;dba\n- Due: 2024-01-19 → 2024-01-29\n\nThe issue above now shows the item as it is. — postmortem-kb`,
    ]);
    expect(parseMetadata(issue.body)).toMatchObject({ due: '2024-01-29', owner: '@dba', at: sha });
    expect(issue.body).toContain('Human notes: waiting on the runbook template.');
    expect(issue.assignees).toEqual(['dba']);
    expect(issue.labels).toContain('needs-design');
    // Run again: the body is written, so nothing is, and the comment is not posted twice.
    const again = await sync(repository);
    expect(again.outputs).toMatchObject({ updated: '0', unchanged: String(ITEMS) });
    expect(fake.state.commentsOf(issue.number)).toHaveLength(1);
  });

  it('a new commit that only moves the items’ rows rewrites no issue: the permalinks stay at the commit that wrote them', async () => {
    fake = await FakeGitHub.start({ assignable: ['backend'] });
    const repository = knowledgeBase();
    await sync(repository);
    const first = repository.git(['rev-parse', 'HEAD']);
    repository.commit({ [SEED]: BUNDLED[SEED]!.replace('- Alert fired within 2 minutes\n', '- Alert fired within 2 minutes\n- The runbook was found at once\n- Rollback was not needed\n') });
    const before = fake.count();
    const run = await sync(repository);
    expect(run.outputs).toMatchObject({ created: '0', updated: '0', unchanged: String(ITEMS) });
    expect(fake.requests.slice(before).every((request) => request.method === 'GET')).toBe(true);
    const ai001 = issues().find((issue) => issue.title.startsWith('[INC-20240115-0042] AI-001'))!;
    expect(parseMetadata(ai001.body)).toMatchObject({ at: first, line: lineOf(BUNDLED[SEED]!, '| AI-001 |') });
  });

  it('a changed priority relabels one label at a time: a label a human adds while the run works is kept', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    await sync(repository);
    const issue = issues().find((candidate) => candidate.title.startsWith('[INC-20240115-0042] AI-002'))!;
    repository.commit({ [SEED]: BUNDLED[SEED]!.replace('| @backend | P2 | 2024-01-19 |', '| @backend | P1 | 2024-01-19 |') });
    // The run's list is computed on arrival and answered late; the human labels the issue in between.
    fake.fail('GET /repos/{owner}/{repo}/issues', fake.count('GET /repos/{owner}/{repo}/issues') + 1, { delayMs: 600 });
    const running = sync(repository);
    await new Promise((resolve) => setTimeout(resolve, 300));
    issue.labels.push('needs-design');
    const run = await running;
    expect(run.outputs).toMatchObject({ updated: '1', created: '0' });
    expect(issue.labels.sort()).toEqual(['needs-design', 'postmortem-action-item', 'priority:P1', 'severity:SEV2', 'type:prevent'].sort());
  });

  it('a removed item is flagged once, never closed; an issue closed by a human stays closed', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    await sync(repository);
    const removed = issues().find((issue) => issue.title.startsWith('[INC-20240115-0042] AI-005'))!;
    const closed = issues().find((issue) => issue.title.startsWith('[INC-20240115-0042] AI-003'))!;
    closed.state = 'closed';
    closed.stateReason = 'completed';
    repository.commit({
      [SEED]: BUNDLED[SEED]!.replace(/\| AI-005 \|.*\n/, '').replace('| @acme-example/qa | P1 | 2024-01-26 |', '| @acme-example/qa | P1 | 2024-01-30 |'),
    });
    const run = await sync(repository);
    expect(run.outputs).toMatchObject({ flagged: '1', created: '0', updated: '0' });
    expect(removed.state).toBe('open');
    expect(removed.labels).toContain('removed-from-postmortem');
    expect(fake.state.commentsOf(removed.number)).toEqual([expect.objectContaining({ body: expect.stringContaining('no longer in its postmortem') })]);
    expect(closed.state).toBe('closed');
    expect(parseMetadata(closed.body)!.due).toBe('2024-01-26');
    const again = await sync(repository);
    expect(again.outputs).toMatchObject({ flagged: '0', updated: '0' });
    expect(fake.state.commentsOf(removed.number)).toHaveLength(1);
  });

  it('a 500 on the third create: the run reports it, and a re-run leaves exactly one issue per item', async () => {
    for (const afterCommit of [false, true]) {
      fake = await FakeGitHub.start();
      const repository = knowledgeBase();
      fake.fail('POST /repos/{owner}/{repo}/issues', 3, 500, { afterCommit });
      const first = await sync(repository);
      expect(first.stdout + first.stderr).not.toMatch(/\n\s+at /);
      expect(fake.count('POST /repos/{owner}/{repo}/issues')).toBe(ITEMS);
      await sync(repository);
      expect(keys()).toEqual(keys(open()));
      expect(new Set(keys()).size).toBe(ITEMS);
      expect(issues()).toHaveLength(ITEMS);
      await fake.close();
    }
  });

  it('two runs started at the same moment leave exactly one open issue per item', async () => {
    // Two runs' writes together pass GitHub's 80 content creations a minute; that limit has its own test.
    fake = await FakeGitHub.start({ secondaryLimit: { max: 1000, windowMs: 60_000, retryAfterSeconds: 1 } });
    const repository = knowledgeBase();
    // The first list answers late, so the second run lists before the first creates anything, however they start.
    fake.fail('GET /repos/{owner}/{repo}/issues', 1, { delayMs: 1500 });
    const [a, b] = await Promise.all([sync(repository), sync(repository)]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect(keys(open())).toHaveLength(ITEMS);
    expect(new Set(keys(open())).size).toBe(ITEMS);
    const closed = issues().filter((candidate) => candidate.state === 'closed');
    // Both runs listed before either created: they raced, and the duplicates were closed.
    expect(fake.requests.filter((request) => request.operation === 'GET /repos/{owner}/{repo}/issues').slice(0, 2).every((request) => request.status === 200)).toBe(true);
    expect(closed.length).toBeGreaterThan(0);
    for (const issue of closed) expect(issue.stateReason).toBe('duplicate');
  });

  it('a request that hangs past request-timeout is abandoned and retried; a bad request-timeout is a clear input error', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    fake.fail('GET /repos/{owner}/{repo}/issues', 1, { delayMs: 3000 });
    const run = await sync(repository, { 'request-timeout': '0.5' });
    expect(run.exitCode).toBe(0);
    expect(fake.count('GET /repos/{owner}/{repo}/issues')).toBe(3);
    expect(issues()).toHaveLength(ITEMS);
    const bad = await sync(repository, { 'request-timeout': 'soon' });
    expect(bad.exitCode).toBe(1);
    expect(bad.annotations).toContainEqual(expect.objectContaining({ command: 'error', message: 'Input "request-timeout" is "soon"; use a number of seconds above 0' }));
    expect(bad.stdout + bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('a run cut by max-operations says what is left, and the next run continues where it stopped', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    const cut = await sync(repository, { 'max-operations': '20' });
    expect(cut.exitCode).toBe(0);
    expect(fake.count()).toBe(20);
    expect(cut.annotations.some((a) => a.command === 'warning' && /Stopped at max-operations \(20 requests\): \d+ action\(s\) are left/.test(a.message))).toBe(true);
    const partial = issues().length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ITEMS);
    const rest = await sync(repository);
    expect(rest.outputs).toMatchObject({ created: String(ITEMS - partial), unchanged: String(partial) });
    expect(new Set(keys()).size).toBe(ITEMS);
    expect(issues()).toHaveLength(ITEMS);
  });

  it('spaces writes as GitHub asks by default: a second between writes, more between writes that notify', async () => {
    fake = await FakeGitHub.start();
    const repository = new Repository();
    repository.commit({ [SEED]: BUNDLED[SEED]!.replace(/\| AI-00[3-5] \|.*\n/g, '') });
    const run = await sync(repository, { 'write-interval': '' });
    const writes = fake.requests.filter((request) => request.method !== 'GET').length;
    expect(writes).toBe(2 + 6);
    expect(run.durationMs).toBeGreaterThanOrEqual((writes - 1) * 1000);
  }, 60_000);

  it('a dry run reads and prints the plan, and writes nothing', async () => {
    fake = await FakeGitHub.start();
    const run = await sync(knowledgeBase(), { 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('[dry-run] create "[INC-20240115-0042] AI-001: Add monitor for pool utilization >80%"');
    expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);
    expect(run.summary).toContain('Dry run: nothing was written.');
  });
});
