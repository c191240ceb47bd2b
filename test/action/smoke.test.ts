import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../support/fake-github/server.js';
import { pullRequestEvent, Repository, runAction } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
const NEW_FILE = 'postmortems/2024-03-01-cron-owners.md';

let fake: FakeGitHub;
afterEach(async () => fake?.close());

/** A repository whose main holds the bundled knowledge base, and a pull request adding a postmortem with five owner problems. */
function pullRequestAddingAPostmortem() {
  const repository = new Repository();
  const base = repository.commit(BUNDLED, 'knowledge base');
  const head = repository.commit({ [NEW_FILE]: fixture('rules/action-item-owner/fail.md') }, 'add a postmortem');
  return { repository, base, head };
}

describe('the bundled action on a pull request, against the local GitHub', () => {
  it('lints the added postmortem from a shallow checkout: files from the API, annotations, summary, outputs, exit 1', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = pullRequestAddingAPostmortem();
    fake.state.pulls.set(7, [{ filename: NEW_FILE, status: 'added' }, { filename: 'README.md', status: 'modified' }]);
    const run = await runAction({ fake, workspace: repository.shallowClone(), event: pullRequestEvent(fake, { number: 7, base, head }), inputs: { comment: 'false' } });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const owners = run.annotations.filter((annotation) => annotation.properties.title === 'postmortem action-item-owner');
    expect(owners.map((annotation) => [annotation.command, annotation.properties.file, annotation.properties.line])).toEqual(
      [29, 30, 31, 32, 33].map((line) => ['error', NEW_FILE, String(line)]),
    );
    expect(run.commands.at(-1)).toMatchObject({ command: 'error', message: 'Postmortem lint found 6 errors and 0 warnings' });
    expect(run.outputs).toEqual({ errors: '6', warnings: '0', files: JSON.stringify([NEW_FILE]) });
    expect(run.summary).toContain(`❌ 1 postmortem reviewed at \`${head.slice(0, 7)}\`: needs changes (6 errors).`);
    // A line links to the pull request's diff view: the file's anchor is the sha256 of its path.
    const anchor = createHash('sha256').update(NEW_FILE).digest('hex');
    expect(run.summary).toContain(`| [29](https://github.com/acme/incidents/pull/7/files#diff-${anchor}R29) | ❌ `);

    // The changed files from the API (the checkout is shallow), who the tool is (GITHUB_TOKEN may not ask: its bot),
    // and the action-item issues, for the merge plan.
    expect(fake.requests.map((request) => `${request.operation} ${request.status}`)).toEqual([
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/files 200',
      'GET /user 403',
      'GET /repos/{owner}/{repo}/issues 200',
    ]);
    expect(fake.requests[0]!.query).toMatchObject({ per_page: '100' });
    expect(fake.unexpected).toEqual([]);
    expect(fake.schemaViolations).toEqual([]);
    // Linting never writes to GitHub.
    const issues = [...fake.state.issues.values()].filter((issue) => !issue.pullRequest);
    expect([issues.length, fake.state.comments.size, fake.state.labels.size]).toEqual([0, 0, 0]);
    // About a second when idle, a few on a loaded machine: only a run that waits (a retry's back-off, a request left
    // to its 60 s timeout, a timer that keeps the process alive) comes near 20 s.
    expect(run.durationMs).toBeLessThan(20_000);
  });

  it('needs no API call for the changed files when the history holds the base commit, and passes a pull request that touches no postmortem', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = pullRequestAddingAPostmortem();
    const full = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }), inputs: { comment: 'false' } });
    expect(full.exitCode).toBe(1);
    expect(full.outputs.files).toBe(JSON.stringify([NEW_FILE]));
    // The changed files came from the history: only who the tool is and the action-item issues were read.
    expect(fake.counts()).toEqual({ 'GET /user': 1, 'GET /repos/{owner}/{repo}/issues': 1 });

    const docs = repository.commit({ 'README.md': '# Incidents\n' }, 'docs only');
    const untouched = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 8, base: head, head: docs }), inputs: { comment: 'false' } });
    expect(untouched.exitCode).toBe(0);
    expect(untouched.annotations).toEqual([expect.objectContaining({ command: 'notice', message: 'This pull request changes no postmortem: nothing to lint.' })]);
    expect(untouched.outputs).toMatchObject({ errors: '0', files: '[]' });
    // The two requests of the first run: the second made none.
    expect(fake.count()).toBe(2);
  });

  it('fails with a message, not a stack trace, when the files endpoint is unreachable', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = pullRequestAddingAPostmortem();
    const run = await runAction({ fake, workspace: repository.shallowClone(), event: pullRequestEvent(fake, { number: 99, base, head }) });
    expect(run.exitCode).toBe(1);
    expect(run.commands.at(-1)?.message).toMatch(/^postmortem-kb failed: .*Not Found/);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });
});
