import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/review/sticky-comment.js';
import { renderBlock } from '../../src/sync/marker.js';
import { BOT, FakeGitHub, READ_TOKEN } from '../support/fake-github/server.js';
import type { Identity } from '../support/fake-github/state.js';
import { pullRequestEvent, Repository, runAction, type ActionRun } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

// Issue 19, part 2, on pull requests: only the tool's own comments and issues steer its review.

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
const NEWEST = 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md';
const FILE = 'postmortems/2024-03-01-cron-owners.md';
const CLEAN = fixture('rules/action-item-owner/fail.md').replace(/\| (TBD|\?|Alice Smith|@alice, @bob|) \| P/g, '| @alice | P');
const LABEL = 'postmortem-action-item';

let fake: FakeGitHub;
afterEach(async () => fake?.close());

function setup(files: Record<string, string>, base: Record<string, string> = BUNDLED) {
  const repository = new Repository();
  const baseSha = repository.commit(base, 'knowledge base');
  const head = repository.commit(files, 'postmortem');
  fake.state.pulls.set(7, Object.keys(files).map((filename) => ({ filename, status: 'added' as const })));
  return { repository, base: baseSha, head };
}

async function review(repository: Repository, base: string, head: string, options: { token?: string; inputs?: Record<string, string> } = {}): Promise<ActionRun> {
  const run = await runAction({ fake, token: options.token, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }), inputs: options.inputs });
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  return run;
}

/** A comment on the pull request, as written by `login` at some earlier time. */
function comment(body: string, author: Identity): number {
  const id = fake.state.id();
  fake.state.comments.set(id, { id, issueNumber: 7, body, user: author, createdAt: '2024-03-01T00:00:00Z', updatedAt: '2024-03-01T00:00:00Z' });
  return id;
}

/** A request as a person makes it, so the fake records them as its author. */
async function as(token: string, method: string, path: string, body?: unknown): Promise<{ number: number; html_url: string }> {
  const response = await fetch(`${fake.url}/repos/acme/incidents${path}`, { method, headers: { authorization: `token ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as { number: number; html_url: string };
}

const forgedItem = (incident: string, item: string) =>
  renderBlock({ v: 1, incident, item, due: '2024-01-01', priority: 'P1', type: 'prevent', owner: '@carol', severity: 'SEV2', file: 'postmortems/x.md' }, 'Forged');
const reviewComments = () => [...fake.state.comments.values()].filter((entry) => entry.body.startsWith(COMMENT_MARKER));

describe('the sticky comment is the tool’s own', () => {
  it('a personal token updates its own comment; an older marker comment by a person or another bot is never edited or deleted', async () => {
    fake = await FakeGitHub.start();
    const token = fake.personalToken('pm-bot');
    const { repository, base, head } = setup({ [FILE]: CLEAN });
    const carols = comment(`${COMMENT_MARKER}\ncarol's marker`, fake.user('carol'));
    const actions = comment(`${COMMENT_MARKER}\nanother bot's marker`, BOT);
    const own = comment(`${COMMENT_MARKER}\nold review`, fake.user('pm-bot'));
    const racing = comment(`${COMMENT_MARKER}\nleft by a racing run`, fake.user('pm-bot'));

    const run = await review(repository, base, head, { token });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.comment).toBe('updated');
    expect(fake.state.comments.get(own)!.body).toContain('## Postmortem review');
    expect(fake.state.comments.has(racing)).toBe(false);
    expect(fake.state.comments.get(carols)!.body).toBe(`${COMMENT_MARKER}\ncarol's marker`);
    expect(fake.state.comments.get(actions)!.body).toBe(`${COMMENT_MARKER}\nanother bot's marker`);
    expect(fake.count('GET /user')).toBe(1);
    expect(fake.count('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(0);
  });

  it('GITHUB_TOKEN with no comment of its own creates one, leaving a person’s and another app’s marker comments as they are', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [FILE]: CLEAN });
    const carols = comment(`${COMMENT_MARKER}\ncarol's marker`, fake.user('carol'));
    const apps = comment(`${COMMENT_MARKER}\nanother app's marker`, { login: 'other-app[bot]', id: 777, type: 'Bot' });

    const first = await review(repository, base, head);
    expect(first.outputs.comment).toBe('created');
    const second = await review(repository, base, head);
    expect(second.outputs.comment).toBe('unchanged');
    expect(fake.state.comments.get(carols)!.body).toBe(`${COMMENT_MARKER}\ncarol's marker`);
    expect(fake.state.comments.get(apps)!.body).toBe(`${COMMENT_MARKER}\nanother app's marker`);
    expect(reviewComments().filter((entry) => entry.user.login === BOT.login)).toEqual([expect.objectContaining({ body: expect.stringContaining('## Postmortem review') })]);
    expect(fake.count('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}')).toBe(0);
    expect(fake.count('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}')).toBe(0);
  });

  it('an app token without bot-login is told what to set (each run would add a comment); with it, its comment is updated', async () => {
    fake = await FakeGitHub.start();
    const token = fake.appToken('acme-postmortems');
    const { repository, base, head } = setup({ [FILE]: CLEAN });
    const unnamed = await review(repository, base, head, { token });
    expect(unnamed.exitCode).toBe(0);
    expect(unnamed.annotations).toContainEqual(expect.objectContaining({ command: 'warning', message: expect.stringContaining('set the input bot-login: acme-postmortems[bot]') }));
    const named = await review(repository, base, head, { token, inputs: { 'bot-login': 'acme-postmortems[bot]' } });
    expect(named.outputs.comment).toBe('unchanged');
    expect(named.annotations.filter((annotation) => /bot-login/.test(annotation.message))).toEqual([]);
    expect(reviewComments()).toHaveLength(1);
  });

  it('a read-only token (a fork’s): the identity lookup is refused, the run goes on and says why no comment was written', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [FILE]: CLEAN });
    const run = await review(repository, base, head, { token: READ_TOKEN });
    expect(run.exitCode).toBe(0);
    expect(fake.requests.filter((request) => request.operation === 'GET /user').map((request) => request.status)).toEqual([403]);
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'notice', message: expect.stringMatching(/^The pull request comment could not be written: the token is read-only/) })]);
    expect(run.summary).toContain('## Postmortem review');
  });
});

describe('the review reads only the tool’s issues', () => {
  it('forged issues neither hide an earlier incident’s open item, nor take its link, nor shrink the issue plan', async () => {
    fake = await FakeGitHub.start();
    const carol = fake.personalToken('carol');
    const { [NEWEST]: content, ...older } = BUNDLED;
    const { repository, base, head } = setup({ [NEWEST]: content! }, older);
    // A closed one says an earlier item is done; an open one claims another; one claims an item of the new postmortem.
    const closed = await as(carol, 'POST', '/issues', { title: 'Done', body: forgedItem('INC-20231015-0008', 'AI-002'), labels: [LABEL] });
    await as(carol, 'PATCH', `/issues/${closed.number}`, { state: 'closed' });
    const open = await as(carol, 'POST', '/issues', { title: 'Mine', body: forgedItem('INC-20231201-0019', 'AI-002'), labels: [LABEL] });
    await as(carol, 'POST', '/issues', { title: 'Already tracked', body: forgedItem('INC-20240118-0023', 'AI-003'), labels: [LABEL] });

    const run = await review(repository, base, head);
    expect(run.exitCode).toBe(0);
    const body = reviewComments()[0]!.body;
    expect(body).toContain('Add a query count assertion');
    expect(body).toMatch(/\n- \[INC-20231201-0019\]\([^)]+\) AI-002: Alert when a request runs more than 100 queries/);
    expect(body).not.toContain(open.html_url);
    expect(body).toContain('**On merge, 5 issues will be opened:**');
    expect(body).toContain('AI-003: Implement query count lint rule in CI');
    expect(run.summary).toBe(body.slice(COMMENT_MARKER.length + 1));
  });
});

describe('the review’s plan holds back what the sync will', () => {
  /** One postmortem with `count` open action items. */
  function manyItems(count: number): string {
    const rows = Array.from({ length: count }, (_, index) => `| AI-${String(index + 1).padStart(4, '0')} | detect | Check number ${index + 1} | @alice | P2 | 2024-09-30 |`);
    return fixture('action/escalation.md').replace(/\| AI-001 \|.*\n\| AI-002 \|.*\n/, `${rows.join('\n')}\n`);
  }
  const MANY = 'postmortems/2024-06-10-certificates.md';

  it('sync.maxItemsPerDocument from the config: 70 items under a cap of 100 are 70 issues; 120 are 100 and a warning on the postmortem', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [MANY]: manyItems(70), '.postmortemrc.yml': 'sync:\n  maxItemsPerDocument: 100\n' });
    const under = await review(repository, base, head);
    expect(reviewComments()[0]!.body).toContain('**On merge, 70 issues will be opened:**');
    expect(under.annotations.filter((annotation) => annotation.properties.title === 'Too many action items to sync')).toEqual([]);

    const over = repository.commit({ [MANY]: manyItems(120) });
    const run = await review(repository, base, over);
    expect(reviewComments()[0]!.body).toContain('**On merge, 100 issues will be opened:**');
    // The items past the cap are named, with the reason.
    expect(reviewComments()[0]!.body).toContain('**Not opened on merge (20 items):**');
    expect(reviewComments()[0]!.body).toMatch(/- AI-0101 \(line \d+\), “Check number 101”: past the 100 issues one postmortem may open \(`sync\.maxItemsPerDocument`\)\./);
    expect(run.annotations).toContainEqual({
      command: 'warning',
      properties: { title: 'Too many action items to sync', file: MANY, line: '1' },
      message: 'INC-20240610-0007 has 120 open action items, more than sync.maxItemsPerDocument (100): the 20 after the first 100 are not turned into issues',
    });
  });
});
