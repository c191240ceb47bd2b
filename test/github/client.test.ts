import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { OperationBudgetExceeded, type GitHubPort } from '../../src/github/port.js';
import { recordingPort } from '../../src/github/recording.js';
import { MemoryGitHub } from '../support/memory-port.js';
import { BOT, FakeGitHub, WRITE_TOKEN } from '../support/fake-github/server.js';

// The octokit client against the fake GitHub, in process. @actions/github reads GITHUB_API_URL once, when it is
// first imported: the fake starts first, and the client is imported after (each test file runs in its own worker).
const fake = await FakeGitHub.start();
process.env.GITHUB_API_URL = fake.url;
const { createGitHub } = await import('../../src/github/client.js');
afterAll(async () => fake.close());

const LIST_COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const LIST_PULLS = 'GET /repos/{owner}/{repo}/pulls';

function client(maxOperations = 1000): GitHubPort {
  return createGitHub({ token: WRITE_TOKEN, repository: { owner: 'acme', repo: 'incidents' }, maxOperations, writeInterval: 0, log: { warning: () => {} } });
}

/** A closed incident issue with `count` comments, a minute apart from 2024-01-18T00:00:00Z. */
function incidentWithComments(count: number): number {
  const number = fake.state.issueNumber();
  const opened = '2024-01-18T00:00:00Z';
  fake.state.issues.set(number, { id: fake.state.id(), number, title: 'INC-20240118-0023', body: null, state: 'closed', stateReason: 'completed', labels: ['incident'], assignees: [], user: fake.user('alice'), createdAt: opened, updatedAt: opened, closedAt: opened, pullRequest: false });
  for (let n = 0; n < count; n++) {
    const at = new Date(Date.parse(opened) + n * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const id = fake.state.id();
    fake.state.comments.set(id, { id, issueNumber: number, body: `update ${n}`, user: fake.user(n % 2 === 0 ? 'alice' : 'bob'), createdAt: at, updatedAt: at });
  }
  return number;
}

beforeEach(() => {
  fake.state.issues.clear();
  fake.state.comments.clear();
  fake.state.pulls.clear();
  fake.state.pullRequests.clear();
  fake.requests.length = 0;
  fake.schemaViolations.length = 0;
});

describe('the GitHub client: comments with a limit', () => {
  it('stops paginating at the page that reaches the limit: ceil(limit / 100) requests for a 1,050-comment issue', async () => {
    const issue = incidentWithComments(1050);
    const github = client();
    const comments = await github.listComments(issue, 250);
    expect(comments).toHaveLength(250);
    expect(fake.count(LIST_COMMENTS)).toBe(3);
    expect(github.operations).toBe(3);
    expect(comments[0]).toEqual({ id: expect.any(Number), body: 'update 0', author: { login: 'alice', type: 'User' }, url: expect.stringMatching(/^https:\/\/github\.com\/acme\/incidents\/issues\/\d+#issuecomment-\d+$/), createdAt: '2024-01-18T00:00:00Z' });
    expect(comments.map((comment) => comment.body)).toEqual(Array.from({ length: 250 }, (_, n) => `update ${n}`));
    expect(comments[249]!.createdAt).toBe('2024-01-18T04:09:00Z');

    fake.requests.length = 0;
    expect(await github.listComments(issue, 100)).toHaveLength(100);
    expect(await github.listComments(issue, 5)).toHaveLength(5);
    expect(fake.count(LIST_COMMENTS)).toBe(2);
    expect(fake.requests.map((request) => request.query.per_page)).toEqual(['100', '5']);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('reads every comment without a limit, or when the limit is more than the issue has; nothing for a limit below 1', async () => {
    const issue = incidentWithComments(1050);
    const github = client();
    const all = await github.listComments(issue);
    expect(all).toHaveLength(1050);
    expect(fake.count(LIST_COMMENTS)).toBe(11);
    expect(all[1049]).toMatchObject({ body: 'update 1049', author: { login: 'bob' }, createdAt: '2024-01-18T17:29:00Z' });
    fake.requests.length = 0;
    expect(await github.listComments(issue, 5000)).toHaveLength(1050);
    expect(fake.count(LIST_COMMENTS)).toBe(11);
    fake.requests.length = 0;
    expect(await github.listComments(issue, 0)).toEqual([]);
    expect(fake.count()).toBe(0);
  });

  it('counts every page against the budget (max-operations)', async () => {
    const issue = incidentWithComments(1050);
    const github = client(2);
    await expect(github.listComments(issue, 250)).rejects.toThrow(OperationBudgetExceeded);
    expect(fake.count(LIST_COMMENTS)).toBe(2);
  });
});

describe('the GitHub client: open pull requests from a branch', () => {
  it('finds the open pull request from this repository’s branch: not a closed one, another branch’s, nor a fork’s of the same name', async () => {
    const mine = fake.addPullRequest({ head: 'postmortem/INC-20240118-0023', author: BOT });
    fake.addPullRequest({ head: 'postmortem/INC-20240118-0023', state: 'closed' });
    fake.addPullRequest({ head: 'postmortem/INC-20240201-0007' });
    fake.addPullRequest({ head: 'postmortem/INC-20240118-0023', headOwner: 'mallory', author: 'mallory' });
    const github = client();
    expect(await github.openPullRequestsFrom('postmortem/INC-20240118-0023')).toEqual([
      { number: mine.number, url: `https://github.com/acme/incidents/pull/${mine.number}`, author: { login: 'github-actions[bot]', type: 'Bot' } },
    ]);
    expect(fake.requests).toEqual([expect.objectContaining({ operation: LIST_PULLS, query: { state: 'open', head: 'acme:postmortem/INC-20240118-0023', per_page: '100' } })]);
    expect(await github.openPullRequestsFrom('postmortem/INC-20240301-0001')).toEqual([]);
    expect(github.operations).toBe(2);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('counts against the budget like any read', async () => {
    fake.addPullRequest({ head: 'postmortem/INC-1' });
    const github = client(1);
    expect(await github.openPullRequestsFrom('postmortem/INC-1')).toHaveLength(1);
    await expect(github.openPullRequestsFrom('postmortem/INC-1')).rejects.toThrow(OperationBudgetExceeded);
    expect(fake.count(LIST_PULLS)).toBe(1);
  });

  it('the dry run sends both reads (limit included), records no write, and counts them against its budget', async () => {
    const issue = incidentWithComments(150);
    fake.addPullRequest({ head: 'postmortem/INC-1' });
    const lines: string[] = [];
    const dry = recordingPort(client(), (line) => lines.push(line), 3);
    expect(await dry.listComments(issue, 120)).toHaveLength(120);
    expect(await dry.openPullRequestsFrom('postmortem/INC-1')).toHaveLength(1);
    expect([fake.count(LIST_COMMENTS), fake.count(LIST_PULLS), dry.operations]).toEqual([2, 1, 3]);
    await expect(dry.openPullRequestsFrom('postmortem/INC-1')).rejects.toThrow(OperationBudgetExceeded);
    expect(fake.count()).toBe(3);
    expect([dry.recorded, lines]).toEqual([[], []]);
    expect((await recordingPort(client(), () => {}).createComment(issue, 'x')).createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe('the memory port', () => {
  it('honours a limit and finds open pull requests by head branch, as reads', async () => {
    const github = new MemoryGitHub();
    for (let n = 0; n < 5; n++) await github.createComment(1, `c${n}`);
    expect((await github.listComments(1, 3)).map((comment) => comment.body)).toEqual(['c0', 'c1', 'c2']);
    expect(await github.listComments(1)).toHaveLength(5);
    expect((await github.listComments(1))[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const author = { login: 'github-actions[bot]', type: 'Bot' };
    github.pullRequests.push(
      { number: 7, url: 'p/7', author, head: 'postmortem/INC-1', state: 'open' },
      { number: 8, url: 'p/8', author, head: 'postmortem/INC-1', state: 'closed' },
      { number: 9, url: 'p/9', author, head: 'postmortem/INC-2', state: 'open' },
      { number: 10, url: 'p/10', author: undefined, head: 'postmortem/INC-1', state: 'open', fork: true },
    );
    expect(await github.openPullRequestsFrom('postmortem/INC-1')).toEqual([{ number: 7, url: 'p/7', author }]);
    expect(github.writes().map((call) => call.method)).toEqual(['createComment', 'createComment', 'createComment', 'createComment', 'createComment']);
    expect(github.calls.filter((call) => call.method === 'listComments').map((call) => call.args)).toEqual([[1, 3], [1], [1]]);
  });
});
