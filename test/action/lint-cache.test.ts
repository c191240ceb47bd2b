import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../support/fake-github/server.js';
import { Repository, runAction } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));

let fake: FakeGitHub;
afterEach(async () => fake?.close());

describe('the action’s lint cache (input cache)', () => {
  it('reuses the results of unchanged postmortems on the next full lint, with the same annotations', async () => {
    fake = await FakeGitHub.start();
    const repository = new Repository();
    repository.commit({ ...BUNDLED, 'postmortems/2024-03-01-cron-owners.md': fixture('rules/action-item-owner/fail.md') });
    const run = () => runAction({ fake, workspace: repository.dir, event: { name: 'workflow_dispatch', payload: {} }, inputs: { mode: 'lint', cache: '.postmortem-cache' } });
    const first = await run();
    expect(first.stdout).toContain('Lint cache .postmortem-cache: 0 of 5 results reused');
    expect(existsSync(join(repository.dir, '.postmortem-cache'))).toBe(true);
    const second = await run();
    expect(second.stdout).toContain('Lint cache .postmortem-cache: 5 of 5 results reused');
    expect(second.exitCode).toBe(1);
    expect(second.annotations).toEqual(first.annotations);
    expect(second.annotations.length).toBeGreaterThan(0);
    expect(second.outputs).toEqual(first.outputs);
  });
});
