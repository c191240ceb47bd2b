import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_TOKEN, WRITE_TOKEN, FakeGitHub } from './server.js';

let fake: FakeGitHub;
afterEach(async () => fake?.close());

async function call(method: string, path: string, { token = WRITE_TOKEN, body }: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

function seedIssues(count: number) {
  for (let n = 0; n < count; n++) {
    const now = '2024-01-01T00:00:00Z';
    const number = fake.state.issueNumber();
    fake.state.issues.set(number, { id: fake.state.id(), number, title: `Issue ${number}`, body: null, state: n % 3 === 0 ? 'closed' : 'open', stateReason: null, labels: ['postmortem-action-item'], assignees: [], user: fake.user('alice'), createdAt: now, updatedAt: now, closedAt: n % 3 === 0 ? now : null, pullRequest: false });
  }
}

describe('the fake GitHub', () => {
  it('paginates a label-filtered issue list across 3 pages with a correct Link header, as octokit follows it', async () => {
    fake = await FakeGitHub.start();
    seedIssues(250);
    const first = await call('GET', '/repos/acme/incidents/issues?state=all&labels=postmortem-action-item&per_page=100');
    expect(first.body).toHaveLength(100);
    expect(first.headers.get('link')).toBe(
      `<${fake.url}/repos/acme/incidents/issues?state=all&labels=postmortem-action-item&per_page=100&page=2>; rel="next", <${fake.url}/repos/acme/incidents/issues?state=all&labels=postmortem-action-item&per_page=100&page=3>; rel="last"`,
    );
    const octokit = new (Octokit.plugin(paginateRest))({ auth: WRITE_TOKEN, baseUrl: fake.url });
    const all = await octokit.paginate('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'incidents', state: 'all', labels: 'postmortem-action-item', per_page: 100 });
    expect(all).toHaveLength(250);
    expect(new Set(all.map((issue) => issue.number)).size).toBe(250);
    expect(fake.count('GET /repos/{owner}/{repo}/issues')).toBe(4);
    const open = await octokit.paginate('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'incidents', per_page: 100 });
    expect(open).toHaveLength(166);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('answers 422 for an invalid label colour and for an unknown assignee', async () => {
    fake = await FakeGitHub.start({ assignable: ['alice'] });
    const label = await call('POST', '/repos/acme/incidents/labels', { body: { name: 'overdue', color: 'not-a-colour' } });
    expect(label.status).toBe(422);
    expect(label.body.errors).toEqual([expect.objectContaining({ resource: 'Label', field: 'color', code: 'invalid' })]);
    expect((await call('POST', '/repos/acme/incidents/labels', { body: { name: 'overdue', color: 'd73a4a' } })).status).toBe(201);
    expect((await call('POST', '/repos/acme/incidents/labels', { body: { name: 'Overdue', color: 'd73a4a' } })).body.errors[0].code).toBe('already_exists');
    const issue = await call('POST', '/repos/acme/incidents/issues', { body: { title: 'x', assignees: ['mallory'] } });
    expect(issue.status).toBe(422);
    expect(issue.body.errors[0]).toMatchObject({ field: 'assignees', value: 'mallory' });
    expect((await call('POST', '/repos/acme/incidents/issues', { body: { title: 'x', assignees: ['alice'] } })).body.assignees[0].login).toBe('alice');
    expect(fake.schemaViolations).toEqual([]);
  });

  it('answers 403 "Resource not accessible by integration" to writes with a read-only token', async () => {
    fake = await FakeGitHub.start();
    seedIssues(1);
    const write = await call('POST', '/repos/acme/incidents/issues/1/comments', { token: READ_TOKEN, body: { body: 'hello' } });
    expect(write).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
    // The write token is the workflow's app: what it writes is authored by github-actions[bot].
    const written = await call('POST', '/repos/acme/incidents/issues/1/comments', { body: { body: 'hello' } });
    expect(written.body.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    fake.state.comments.clear();
    expect((await call('GET', '/repos/acme/incidents/issues/1', { token: READ_TOKEN })).status).toBe(200);
    expect((await call('GET', '/repos/acme/incidents/issues/1', { token: 'nope' })).status).toBe(401);
    expect(fake.state.comments.size).toBe(0);
  });

  it('answers the secondary rate limit for content creation with retry-after, and keeps rate-limit headers', async () => {
    fake = await FakeGitHub.start({ secondaryLimit: { max: 2, windowMs: 60_000, retryAfterSeconds: 7 } });
    const create = () => call('POST', '/repos/acme/incidents/issues', { body: { title: 'x' } });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    const limited = await create();
    expect(limited.status).toBe(403);
    expect(limited.body.message).toMatch(/secondary rate limit/);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(Number(limited.headers.get('x-ratelimit-remaining'))).toBe(4997);
    fake.setRateLimit(0, 1_900_000_000);
    const primary = await call('GET', '/repos/acme/incidents/issues');
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(primary.headers.get('x-ratelimit-reset')).toBe('1900000000');
    expect((await call('GET', '/rate_limit')).body.resources.core.remaining).toBe(0);
  });

  it('validates against GitHub’s description: a wrongly shaped response and a bad request are caught', async () => {
    fake = await FakeGitHub.start();
    seedIssues(1);
    const good = fake.renderer.issue(fake.state.issues.get(1)!, (login) => fake.user(login));
    expect(fake.validator.validateResponse('GET /repos/{owner}/{repo}/issues/{issue_number}', 200, good)).toEqual([]);
    const { user: _, ...withoutUser } = good;
    expect(fake.validator.validateResponse('GET /repos/{owner}/{repo}/issues/{issue_number}', 200, withoutUser)).toEqual([expect.stringContaining("must have required property 'user'")]);
    expect(fake.validator.validateResponse('GET /repos/{owner}/{repo}/issues/{issue_number}', 200, { ...good, state_reason: 'finished' })).not.toEqual([]);
    expect(fake.validator.validateResponse('GET /repos/{owner}/{repo}/issues/{issue_number}', 201, good)).toEqual(['status 201 is not a documented response of GET /repos/{owner}/{repo}/issues/{issue_number}']);
    const bad = await call('POST', '/repos/acme/incidents/issues', { body: { title: 'x', labels: 'not-a-list' } });
    expect(bad.status).toBe(422);
    expect(fake.schemaViolations).toEqual([expect.stringMatching(/^POST \/repos\/\{owner\}\/\{repo\}\/issues: request body\/labels must be array/)]);
  });

  it('lists pull requests by state and by head owner:branch (a bare branch filters nothing, as on GitHub), rendered as GitHub’s description says', async () => {
    fake = await FakeGitHub.start();
    const mine = fake.addPullRequest({ head: 'postmortem/INC-1', title: 'Postmortem INC-1' });
    const closed = fake.addPullRequest({ head: 'postmortem/INC-1', state: 'closed' });
    const other = fake.addPullRequest({ head: 'postmortem/INC-2' });
    const forked = fake.addPullRequest({ head: 'postmortem/INC-1', headOwner: 'mallory', author: 'mallory' });
    const numbers = async (query: string) => ((await call('GET', `/repos/acme/incidents/pulls${query}`)).body as { number: number }[]).map((pull) => pull.number);
    expect(await numbers('')).toEqual([forked.number, other.number, mine.number]);
    expect(await numbers('?state=closed')).toEqual([closed.number]);
    expect(await numbers('?state=all&direction=asc')).toEqual([mine.number, closed.number, other.number, forked.number]);
    expect(await numbers('?state=open&head=acme:postmortem/INC-1')).toEqual([mine.number]);
    expect(await numbers('?state=open&head=ACME:postmortem/INC-1')).toEqual([mine.number]);
    expect(await numbers('?state=open&head=mallory:postmortem/INC-1')).toEqual([forked.number]);
    expect(await numbers('?state=all&head=acme:postmortem/INC-1')).toEqual([closed.number, mine.number]);
    expect(await numbers('?state=open&head=acme:postmortem/INC-3')).toEqual([]);
    expect(await numbers('?state=open&head=postmortem/INC-1')).toEqual([forked.number, other.number, mine.number]);
    expect(await numbers('?base=release')).toEqual([]);
    const [pull] = (await call('GET', '/repos/acme/incidents/pulls?head=acme:postmortem/INC-1')).body;
    expect(pull).toMatchObject({
      number: mine.number,
      state: 'open',
      title: 'Postmortem INC-1',
      html_url: `https://github.com/acme/incidents/pull/${mine.number}`,
      user: { login: 'alice', type: 'User' },
      head: { ref: 'postmortem/INC-1', label: 'acme:postmortem/INC-1', repo: { full_name: 'acme/incidents', fork: false } },
      base: { ref: 'main', repo: { full_name: 'acme/incidents' } },
    });
    const [fork] = (await call('GET', '/repos/acme/incidents/pulls?head=mallory:postmortem/INC-1')).body;
    expect(fork.head).toMatchObject({ label: 'mallory:postmortem/INC-1', repo: { full_name: 'mallory/incidents', fork: true } });
    // A seeded pull request is an issue too, and its (empty) files are served.
    expect((await call('GET', `/repos/acme/incidents/issues/${mine.number}`)).body.pull_request).toBeDefined();
    expect((await call('GET', `/repos/acme/incidents/pulls/${mine.number}/files`)).body).toEqual([]);
    expect((await call('GET', '/repos/acme/incidents/pulls?state=merged')).status).toBe(422);
    expect(fake.schemaViolations).toEqual([expect.stringMatching(/^GET \/repos\/\{owner\}\/\{repo\}\/pulls: request query parameter "state"/)]);
    const { head: _, ...headless } = pull;
    expect(fake.validator.validateResponse('GET /repos/{owner}/{repo}/pulls', 200, [headless])).toEqual([expect.stringContaining("must have required property 'head'")]);
  });

  it('records unexpected endpoints, and injects faults on the nth call of an operation', async () => {
    fake = await FakeGitHub.start();
    expect((await call('GET', '/repos/acme/incidents/commits')).status).toBe(404);
    expect(fake.unexpected.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /repos/acme/incidents/commits']);
    fake.fail('POST /repos/{owner}/{repo}/issues', 2, 502);
    fake.fail('POST /repos/{owner}/{repo}/issues', 3, 500, { afterCommit: true });
    fake.fail('POST /repos/{owner}/{repo}/issues', 4, 'reset');
    fake.fail('GET /repos/{owner}/{repo}/issues/{issue_number}', 1, { delayMs: 300 });
    const create = () => call('POST', '/repos/acme/incidents/issues', { body: { title: 'x' } });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(502);
    expect((await create()).status).toBe(500);
    await expect(create()).rejects.toThrow();
    const started = Date.now();
    const slow = await call('GET', '/repos/acme/incidents/issues/1');
    expect([slow.status, Date.now() - started >= 300]).toEqual([200, true]);
    // The 500 came after the write: the issue exists though the client saw an error.
    expect(fake.state.issues.size).toBe(2);
    expect(fake.counts()).toMatchObject({ 'GET /repos/{owner}/{repo}/issues/{issue_number}': 1, 'POST /repos/{owner}/{repo}/issues': 4, 'GET /repos/acme/incidents/commits (unexpected)': 1 });
  });
});
