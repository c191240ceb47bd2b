import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../support/fake-github/server.js';
import { pullRequestEvent, Repository, runAction } from '../support/runner.js';
import { fixture } from '../helpers.js';

const TOKEN = 'ghs_RECOGNISABLE_TOKEN_0123456789abcdef';
let fake: FakeGitHub;
afterEach(async () => fake?.close());

/** A base with one postmortem, and a pull request that adds another (and, when given, a config of its own). */
function pullRequest(config?: string): { repository: Repository; base: string; head: string } {
  const repository = new Repository();
  const base = repository.commit({ 'postmortems/2024-06-10-certificates.md': fixture('action/escalation.md') });
  const head = repository.commit({ 'postmortems/owners.md': fixture('rules/action-item-owner/fail.md'), ...(config === undefined ? {} : { '.postmortemrc.yml': config }) });
  return { repository, base, head };
}

const HEAD_WARNING = /^This pull_request_target run has the pull request's head \([0-9a-f]{7}\) checked out, with a token that can write: the postmortems and \.postmortemrc\.yml it reads are the pull request author's/;

describe('pull_request_target', () => {
  it('warns in the log and the summary when the pull request\'s head is checked out', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = pullRequest();
    const event = { ...pullRequestEvent(fake, { number: 7, base, head, fork: true }), name: 'pull_request_target' };
    const run = await runAction({ fake, workspace: repository.dir, event });
    const warnings = run.annotations.filter((annotation) => annotation.command === 'warning' && HEAD_WARNING.test(annotation.message));
    expect(warnings).toHaveLength(1);
    expect(run.summary).toMatch(/^> \[!WARNING\]\n> This pull_request_target run has the pull request's head/);
    expect(run.summary).toContain('see SECURITY.md');
    // The run itself goes on: the workflow chose this checkout.
    expect(run.summary).toContain(`postmortem reviewed at \`${head.slice(0, 7)}\``);
  }, 60_000);

  it('says nothing when the base is checked out, as pull_request_target does by default, nor on pull_request', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = pullRequest();
    repository.git(['checkout', '--quiet', base]);
    const onBase = await runAction({ fake, workspace: repository.dir, event: { ...pullRequestEvent(fake, { number: 7, base, head, fork: true }), name: 'pull_request_target' } });
    repository.git(['checkout', '--quiet', head]);
    const onPullRequest = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    for (const run of [onBase, onPullRequest]) {
      expect(run.stdout).not.toContain('pull_request_target run');
      expect(run.summary).not.toContain('[!WARNING]');
    }
  }, 60_000);
});

describe('a pull request\'s config', () => {
  it('cannot extend a file outside the workspace: the run fails naming the key, and prints nothing of the file', async () => {
    fake = await FakeGitHub.start({ tokens: { [TOKEN]: { identity: { login: 'github-actions[bot]', id: 1, type: 'Bot' }, permission: 'write' } } });
    const { repository, base, head } = pullRequest('extends: ../../../../../../../../proc/self/environ\n');
    const run = await runAction({ fake, token: TOKEN, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: 'Configuration error: .postmortemrc.yml:1 "extends" names ../../../../../../../../proc/self/environ, which is outside the repository: extends takes a preset or a config file inside the repository',
      }),
    );
    // /proc/self/environ starts with PATH= and holds the token input.
    for (const text of [run.stdout, run.stderr, run.summary]) {
      expect(text).not.toContain('PATH=');
      expect(text).not.toContain(TOKEN.slice(4));
    }
  }, 60_000);

  it('cannot widen the lint to files outside the workspace', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = pullRequest('files: ["postmortems/**/*.md", "/etc/*.conf"]\n');
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.annotations).toContainEqual(expect.objectContaining({ command: 'error', message: expect.stringMatching(/^Configuration error: \.postmortemrc\.yml:1 "files\[1\]" reaches outside the repository/) }));
    expect(run.stdout).not.toMatch(/etc\/\w+\.conf/);
    // The workflow's `path` input is held to the same rule.
    const clean = pullRequest();
    const byInput = await runAction({ fake, workspace: clean.repository.dir, event: pullRequestEvent(fake, { number: 7, base: clean.base, head: clean.head }), inputs: { path: 'postmortems/**/*.md, ../**/*.md' } });
    expect(byInput.annotations).toContainEqual(expect.objectContaining({ command: 'error', message: 'Input "path" has "../**/*.md", which reaches outside the workspace: globs are relative to the repository and must stay inside it' }));
  }, 60_000);
});
