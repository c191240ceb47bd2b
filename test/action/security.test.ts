import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../support/fake-github/server.js';
import { pullRequestEvent, pushEvent, Repository, runAction } from '../support/runner.js';
import { fixture } from '../helpers.js';

const TOKEN = 'ghs_RECOGNISABLE_TOKEN_0123456789abcdef';
let fake: FakeGitHub;
afterEach(async () => fake?.close());

describe('the token', () => {
  it('never appears in logs, summaries or outputs, in any mode, even when requests fail', async () => {
    fake = await FakeGitHub.start({ tokens: { [TOKEN]: { identity: { login: 'github-actions[bot]', id: 1, type: 'Bot' }, permission: 'write' } } });
    const repository = new Repository();
    const base = repository.commit({ 'postmortems/2024-06-10-certificates.md': fixture('action/escalation.md') });
    const head = repository.commit({ 'postmortems/owners.md': fixture('rules/action-item-owner/fail.md') });
    fake.fail('POST /repos/{owner}/{repo}/issues', 1, 500);
    fake.fail('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', 1, 502);
    const runs = [
      await runAction({ fake, token: TOKEN, workspace: repository.shallowClone(), event: pullRequestEvent(fake, { number: 7, base, head }) }),
      await runAction({ fake, token: TOKEN, workspace: repository.dir, event: pushEvent(fake, { before: base, after: head }), inputs: { 'write-interval': '0' } }),
      await runAction({ fake, token: TOKEN, workspace: repository.dir, event: { name: 'schedule', payload: {} }, inputs: { 'as-of': '2024-08-01', 'write-interval': '0' } }),
    ];
    expect(fake.requests.length).toBeGreaterThan(5);
    for (const run of runs) {
      for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)]) expect(text).not.toContain(TOKEN.slice(4));
    }
  }, 60_000);
});

describe('the primary rate limit', () => {
  it('stops the run early with a clear message, a non-failing exit, and when it can continue', async () => {
    fake = await FakeGitHub.start();
    const repository = new Repository();
    repository.commit({ 'postmortems/2024-06-10-certificates.md': fixture('action/escalation.md') });
    fake.setRateLimit(0, 1_900_000_000);
    const head = repository.git(['rev-parse', 'HEAD']);
    const run = await runAction({ fake, workspace: repository.dir, event: pushEvent(fake, { before: head, after: head }), inputs: { 'write-interval': '0' } });
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toContainEqual(expect.objectContaining({ command: 'warning', message: expect.stringContaining("GitHub's API rate limit is exhausted until 2030-03-17T17:46:40.000Z") }));
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
