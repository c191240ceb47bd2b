import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT, FakeGitHub } from '../support/fake-github/server.js';
import { Repository, runAction } from '../support/runner.js';
import { REPO } from '../helpers.js';

/**
 * The action's draft mode, run as dist/index.js on an `issues` `closed` event against the local GitHub: the
 * incident of the 3-hour SEV2 over midnight (test/draft/fixtures) becomes a draft in the workspace with the
 * outputs the pull-request step needs, and one comment on the incident; never a second draft or comment.
 */

const incident = JSON.parse(readFileSync(join(REPO, 'test/draft/fixtures/sev2-checkout-over-midnight.json'), 'utf8')) as {
  number: number;
  title: string;
  body: string;
  createdAt: string;
  closedAt: string;
  labels: { name: string }[];
  assignees: { login: string }[];
  author: { login: string };
  comments: { author: { login: string }; body: string; createdAt: string }[];
};

let fake: FakeGitHub;
afterEach(async () => fake?.close());

function knowledgeBase(): Repository {
  const repository = new Repository();
  const files: Record<string, string> = { '.postmortemrc.yml': readFileSync(join(REPO, '.postmortemrc.yml'), 'utf8') };
  for (const name of readdirSync(join(REPO, 'postmortems'))) files[`postmortems/${name}`] = readFileSync(join(REPO, 'postmortems', name), 'utf8');
  repository.commit(files, 'the knowledge base');
  return repository;
}

/** The incident in the fake, as GitHub holds it: the closed issue and its comments. */
function seedIncident(labels = incident.labels.map((label) => label.name)): Record<string, unknown> {
  const { owner, repo } = fake.state;
  const issue = {
    id: fake.state.id(),
    number: incident.number,
    title: incident.title,
    body: incident.body,
    state: 'closed' as const,
    stateReason: 'completed' as const,
    labels,
    assignees: incident.assignees.map((person) => person.login),
    user: fake.user(incident.author.login),
    createdAt: incident.createdAt,
    updatedAt: incident.closedAt,
    closedAt: incident.closedAt,
    pullRequest: false,
  };
  fake.state.issues.set(issue.number, issue);
  for (const comment of incident.comments) {
    const id = fake.state.id();
    fake.state.comments.set(id, { id, issueNumber: issue.number, body: comment.body, user: fake.user(comment.author.login), createdAt: comment.createdAt, updatedAt: comment.createdAt });
  }
  // The webhook's payload: the issue as the REST API renders it, and who closed it.
  return {
    action: 'closed',
    issue: {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}`,
      state: 'closed',
      state_reason: 'completed',
      labels: labels.map((name) => ({ name })),
      assignees: incident.assignees.map((person) => ({ login: person.login, type: 'User' })),
      user: { login: incident.author.login, type: 'User' },
      created_at: issue.createdAt,
      closed_at: issue.closedAt,
      comments: incident.comments.length,
    },
    sender: { login: 'alice-ops', type: 'User' },
    repository: { full_name: `${owner}/${repo}`, default_branch: 'main' },
  };
}

const draftComments = () => fake.state.commentsOf(incident.number).filter((comment) => comment.body.startsWith('<!-- postmortem-kb:draft '));

describe('draft mode: a closed incident issue becomes a draft postmortem', () => {
  it('writes the draft, sets the outputs, comments once; a second run, an open pull request or a merged draft make nothing new', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    // Someone else's comment with the tool's marker steers nothing.
    const forged = fake.state.id();
    fake.state.comments.set(forged, { id: forged, issueNumber: incident.number, body: '<!-- postmortem-kb:draft id=INC-20260313-0001 -->', user: fake.user('mallory'), createdAt: incident.closedAt, updatedAt: incident.closedAt });
    const payload = seedIncident();
    const event = { name: 'issues', payload };

    const first = await runAction({ fake, workspace: repository.dir, event, inputs: { 'write-interval': '0' } });
    expect(first.exitCode, first.stderr).toBe(0);
    const path = 'postmortems/2026-03-13-checkout-api-returning-502s-for-eu-customers.md';
    expect(first.outputs).toMatchObject({ path, branch: 'postmortem/INC-20260313-0001', title: 'Postmortem INC-20260313-0001: Checkout API returning 502s for EU customers' });
    expect(first.outputs.body).toMatch(/^Draft postmortem of incident \[#412\]\(https:\/\/github\.com\/acme\/incidents\/issues\/412\)/);
    expect(first.outputs.body).toContain('Line ');
    const text = readFileSync(join(repository.dir, path), 'utf8');
    expect(text).toMatch(/^severity: SEV2$/m);
    // Who closed it (the event's sender) is the author; the comments are read through the API: the 25, and mallory's (a 26th update, not the tool's).
    expect(text).toMatch(/^authors:\n {2}- "@alice-ops"$/m);
    expect(text.match(/^\| (?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} \|/gm)).toHaveLength(1 + 25 + 1 + 1);
    // The gap the entry gate points out, as an annotation on the draft's line.
    expect(first.annotations).toContainEqual(expect.objectContaining({ command: 'warning', properties: expect.objectContaining({ file: path, title: 'Entry gate' }), message: expect.stringContaining('No update for 71 minutes') }));
    const comments = draftComments().filter((comment) => comment.user.login === BOT.login);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(
      `Draft postmortem: [${path}](https://github.com/acme/incidents/blob/postmortem/INC-20260313-0001/${path}) on the branch [postmortem/INC-20260313-0001](https://github.com/acme/incidents/tree/postmortem/INC-20260313-0001), for review in [its pull request](https://github.com/acme/incidents/pulls?q=is:pr%20head:postmortem/INC-20260313-0001).`,
    );
    expect(first.stdout.split('\n').filter((line) => line.startsWith('::') && !/^::(warning|notice|debug|set-output|group|endgroup)/.test(line))).toEqual([]);

    // The workflow opened the pull request from the branch; the next run's checkout is main again.
    rmSync(join(repository.dir, path));
    fake.addPullRequest({ head: 'postmortem/INC-20260313-0001', author: BOT });
    const writesBefore = fake.requests.filter((request) => request.method !== 'GET').length;
    const again = await runAction({ fake, workspace: repository.dir, event, inputs: { 'write-interval': '0' } });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.path).toBe('');
    expect(existsSync(join(repository.dir, path))).toBe(false);
    expect(again.annotations.map((annotation) => annotation.message)).toContainEqual(expect.stringMatching(/^A draft of incident #412 is in pull request #\d+ \(postmortem\/INC-20260313-0001\): nothing new is drafted\.$/));
    expect(fake.requests.filter((request) => request.method !== 'GET').length).toBe(writesBefore);

    // Merged: the knowledge base holds the postmortem (its incident: URL); a re-closed issue drafts nothing.
    repository.commit({ [path]: text }, 'merge the draft');
    const reclosed = await runAction({ fake, workspace: repository.dir, event, inputs: { 'write-interval': '0' } });
    expect(reclosed.outputs.path).toBe('');
    expect(reclosed.annotations.map((annotation) => annotation.message)).toContainEqual(`Incident #412 already has its postmortem, ${path} (INC-20260313-0001): nothing new is drafted.`);
    expect(draftComments().filter((comment) => comment.user.login === BOT.login)).toHaveLength(1);
    expect(fake.requests.filter((request) => request.method !== 'GET').length).toBe(writesBefore);
  });

  it('drafts again under the same id, without a second comment, when the pull request was closed unmerged', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    const event = { name: 'issues', payload: seedIncident() };
    const first = await runAction({ fake, workspace: repository.dir, event, inputs: { 'write-interval': '0' } });
    rmSync(join(repository.dir, first.outputs.path!));
    fake.addPullRequest({ head: 'postmortem/INC-20260313-0001', author: BOT, state: 'closed' });
    const second = await runAction({ fake, workspace: repository.dir, event, inputs: { 'write-interval': '0' } });
    expect(second.outputs).toMatchObject({ path: first.outputs.path, branch: 'postmortem/INC-20260313-0001' });
    expect(draftComments()).toHaveLength(1);
  });

  it('takes the next id of the day when another incident of that day has its draft in an open pull request', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    fake.addPullRequest({ head: 'postmortem/INC-20260313-0001', author: BOT, number: 500 });
    const run = await runAction({ fake, workspace: repository.dir, event: { name: 'issues', payload: seedIncident() }, inputs: { 'write-interval': '0' } });
    expect(run.outputs).toMatchObject({ branch: 'postmortem/INC-20260313-0002' });
    expect(readFileSync(join(repository.dir, run.outputs.path!), 'utf8')).toMatch(/^id: INC-20260313-0002$/m);
    expect(draftComments()[0]!.body).toMatch(/^<!-- postmortem-kb:draft id=INC-20260313-0002 -->/);
  });

  it('leaves issues that are not incidents, and issues closed as not planned or as duplicates', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    const plain = await runAction({ fake, workspace: repository.dir, event: { name: 'issues', payload: seedIncident(['bug']) }, inputs: { 'write-interval': '0' } });
    expect(plain.exitCode).toBe(0);
    expect(plain.outputs.path).toBe('');
    expect(plain.annotations.map((annotation) => annotation.message)).toContainEqual('Issue #412 has no "incident" label (draft.label): it is not an incident, nothing to draft.');
    const payload = seedIncident();
    (payload.issue as Record<string, unknown>).state_reason = 'not_planned';
    const dropped = await runAction({ fake, workspace: repository.dir, event: { name: 'issues', payload }, inputs: { 'write-interval': '0' } });
    expect(dropped.outputs.path).toBe('');
    (payload.issue as Record<string, unknown>).state_reason = 'duplicate';
    const duplicate = await runAction({ fake, workspace: repository.dir, event: { name: 'issues', payload }, inputs: { 'write-interval': '0' } });
    expect(duplicate.outputs.path).toBe('');
    expect(duplicate.annotations.map((annotation) => annotation.message)).toContainEqual('Incident #412 was closed as a duplicate: no postmortem is drafted.');
    expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });
});
