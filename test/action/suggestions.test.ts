import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markerOf, REVIEW_MARKER } from '../../src/review/suggestions.js';
import { FakeGitHub, READ_TOKEN } from '../support/fake-github/server.js';
import type { FakePullFile } from '../support/fake-github/state.js';
import { pullRequestEvent, Repository, runAction } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

/**
 * The review of suggested changes, end to end: the bundled action against the fake GitHub, whose review endpoint
 * refuses a comment on a line outside the pull request's diff (as GitHub does, with the patches git gives).
 */
const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
const NEW = 'postmortems/2024-03-01-certificate-rotation.md';
const EXISTING = 'postmortems/2024-02-01-existing.md';

const COMPLETE = fixture('rules/complete-sev2.md');
/** A new postmortem whose date and first due date are written year first. */
const ADDED = COMPLETE.replace('id: INC-20240610-0007', 'id: INC-20240301-0007')
  .replace('date: 2024-06-10', 'date: 2024/3/1')
  .replace('| P0 | 2024-06-12 |', '| P0 | 2024/3/5 |')
  .replace('| P1 | 2024-06-30 |', '| P1 | 2024-03-20 |')
  .replace('| P2 | 2024-07-31 |', '| P2 | 2024-04-20 |');
/** An existing postmortem with a tag to normalise, on a line the pull request leaves alone. */
const EXISTING_BEFORE = COMPLETE.replace('id: INC-20240610-0007', 'id: INC-20240201-0003')
  .replace('date: 2024-06-10', 'date: 2024-02-01')
  .replace('tags: [certificates, tls, payments]', 'tags: [Certificates, tls, payments]')
  .replace('| P0 | 2024-06-12 |', '| P0 | 2024-02-03 |')
  .replace('| P1 | 2024-06-30 |', '| P1 | 2024-02-20 |')
  .replace('| P2 | 2024-07-31 |', '| P2 | 2024-03-20 |');
const EXISTING_AFTER = EXISTING_BEFORE.replace('title: Payments API timeouts after a certificate rotation', 'title: Payments API timeouts after a TLS certificate rotation');

let fake: FakeGitHub;
afterEach(async () => fake?.close());

/** The pull request's files as GitHub lists them, with git's patches (hunks only, three lines of context). */
function pullFiles(repository: Repository, base: string, head: string): FakePullFile[] {
  const names = repository.git(['diff', '--name-status', `${base}...${head}`]).split('\n').filter(Boolean);
  return names.map((entry) => {
    const [status, filename] = entry.split('\t') as [string, string];
    const diff = repository.git(['diff', '--no-color', `${base}...${head}`, '--', filename]);
    return { filename, status: status === 'A' ? 'added' : 'modified', patch: diff.slice(diff.indexOf('@@')) };
  });
}

function setup() {
  const repository = new Repository();
  const base = repository.commit({ ...BUNDLED, [EXISTING]: EXISTING_BEFORE }, 'knowledge base');
  const head = repository.commit({ [NEW]: ADDED, [EXISTING]: EXISTING_AFTER }, 'postmortem');
  fake.state.pulls.set(7, pullFiles(repository, base, head));
  return { repository, base, head };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
const suggestionComments = () => [...fake.state.reviewComments.values()].filter((comment) => markerOf(comment.body) !== undefined);

describe('suggested changes on a pull request', () => {
  it('posts one review on changed lines only, posts nothing again for the same head, and replaces it after a fix', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup();
    const first = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(first.stderr).toBe('');
    expect(first.outputs.suggestions).toBe('2');
    expect(fake.state.reviews.size).toBe(1);
    const [review] = fake.state.reviews.values();
    expect(review!.body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(review!.commitId).toBe(head);
    expect(review!.user.login).toBe('github-actions[bot]');
    const posted = suggestionComments();
    expect(posted.map((comment) => [comment.path, comment.line])).toEqual([
      [NEW, lineOf(ADDED, 'date: 2024/3/1')],
      [NEW, lineOf(ADDED, '2024/3/5')],
    ]);
    expect(posted[0]!.body).toContain('```suggestion\ndate: 2024-03-01\n```');
    expect(posted[1]!.body).toContain('| @alice | P0 | 2024-03-05 |\n```');
    // The existing file's tag is on a line the pull request did not change: the finding is reported, never suggested.
    expect(first.annotations.some((annotation) => annotation.properties.file === EXISTING && annotation.message.includes('"tags[0]"'))).toBe(true);
    expect(posted.some((comment) => comment.path === EXISTING)).toBe(false);

    const again = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(again.outputs.suggestions).toBe('0');
    expect(fake.count('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toBe(1);
    expect(fake.count('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}')).toBe(0);

    // The date is fixed by hand, the first due date is left as it was: its comment stays, the date's goes, no review.
    const fix = repository.commit({ [NEW]: ADDED.replace('date: 2024/3/1', 'date: 2024-03-01') }, 'fix the date');
    fake.state.pulls.set(7, pullFiles(repository, base, fix));
    const third = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head: fix }) });
    expect(third.outputs.suggestions).toBe('0');
    expect(fake.count('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toBe(1);
    expect(fake.count('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}')).toBe(1);
    expect(suggestionComments().map((comment) => comment.id)).toEqual([posted[1]!.id]);

    // A new fault: one new review holds every suggestion, and the earlier comment is deleted after it.
    const more = repository.commit({ [NEW]: ADDED.replace('date: 2024/3/1', 'date: 2024-03-01').replace('| P1 | 2024-03-20 |', '| P1 | 2024.03.20 |') }, 'another date');
    fake.state.pulls.set(7, pullFiles(repository, base, more));
    const fourth = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head: more }) });
    expect(fourth.outputs.suggestions).toBe('2');
    expect(fake.count('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toBe(2);
    expect(fake.count('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}')).toBe(2);
    expect(suggestionComments().map((comment) => [comment.line, comment.commitId])).toEqual([
      [lineOf(ADDED, '2024/3/5'), more],
      [lineOf(ADDED, '2024-03-20'), more],
    ]);
    expect(fake.unexpected).toEqual([]);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('reads the changed lines from the pull request files API’s patches in a shallow checkout', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup();
    const run = await runAction({ fake, workspace: repository.shallowClone(), event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.stdout).toContain('from the pull request files API');
    expect(run.outputs.suggestions).toBe('2');
    // Asked once: the list of files and their patches came in the same answer.
    expect(fake.count('GET /repos/{owner}/{repo}/pulls/{pull_number}/files')).toBe(1);
    expect(suggestionComments().map((comment) => comment.path)).toEqual([NEW, NEW]);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('leaves a forged suggestion comment by someone else alone', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup();
    await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    const [own] = suggestionComments();
    const forgedId = fake.state.id();
    fake.state.reviewComments.set(forgedId, { ...own!, id: forgedId, user: fake.user('mallory') });
    const again = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(again.outputs.suggestions).toBe('0');
    expect(fake.state.reviewComments.has(forgedId)).toBe(true);
    expect(fake.count('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toBe(1);
  });

  it('posts no review with suggestions: false, records it in a dry run, and only notices on a read-only token', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup();
    const off = await runAction({ fake, workspace: repository.dir, inputs: { suggestions: 'false' }, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(off.outputs.comment).toBe('created');
    expect(off.outputs.suggestions).toBeUndefined();
    expect(fake.count('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toBe(0);
    expect(fake.count('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments')).toBe(0);

    const dry = await runAction({ fake, workspace: repository.dir, inputs: { 'dry-run': 'true' }, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(dry.stdout).toContain('[dry-run] would create a review on #7 with 2 suggestion comments');
    expect(dry.outputs.suggestions).toBe('0');
    expect(fake.count('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toBe(0);

    const fork = await runAction({ fake, token: READ_TOKEN, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head, fork: true }) });
    // The sticky comment is already as wanted (nothing to write, no notice of its own); the review is refused.
    expect(fork.annotations.filter((annotation) => annotation.command === 'notice').map((annotation) => annotation.message)).toEqual([
      expect.stringMatching(/^The suggested changes could not be posted: the token is read-only/),
    ]);
    expect(fake.requests.find((request) => request.operation === 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews')?.status).toBe(403);
    expect(fork.exitCode).toBe(1);
    expect(fake.state.reviews.size).toBe(0);
  });
});
