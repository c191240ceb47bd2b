import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { COMMENT_MARKER } from '../../src/review/sticky-comment.js';
import { FakeGitHub } from '../support/fake-github/server.js';
import { pullRequestEvent, Repository, runAction } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

/**
 * The action honours the repository's lint baseline (.postmortem-baseline.json
 * at the config's root, written by `postmortem lint --baseline-write`): only
 * findings not in it are annotated and counted, and the job summary and the
 * pull request comment say how many were suppressed. It never writes it.
 */

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
const FILE = 'postmortems/2024-03-01-cron-owners.md';
const BROKEN = fixture('rules/action-item-owner/fail.md');
const BASELINE = '.postmortem-baseline.json';

let fake: FakeGitHub;
afterEach(async () => fake?.close());

/** How many findings a baseline file records. */
const recorded = (text: string) =>
  Object.values((JSON.parse(text) as { files: Record<string, Record<string, Record<string, number>>> }).files)
    .flatMap((rules) => Object.values(rules).flatMap((counts) => Object.values(counts)))
    .reduce((sum, count) => sum + count, 0);

/** A repository (without a config: the recommended preset) whose new postmortem has 6 errors, all recorded with the rest in a committed baseline by the CLI. */
async function baselined(): Promise<{ repository: Repository; base: string; suppressed: number }> {
  const repository = new Repository();
  repository.commit({ ...BUNDLED, [FILE]: BROKEN }, 'knowledge base');
  const code = await main({ argv: ['lint', '--baseline-write'], cwd: repository.dir, stdout: () => {}, stderr: () => {}, color: false });
  expect(code).toBe(0);
  const text = readFileSync(join(repository.dir, BASELINE), 'utf8');
  const base = repository.commit({ [BASELINE]: text }, 'baseline');
  return { repository, base, suppressed: recorded(text) };
}

const ourComments = () => [...fake.state.comments.values()].filter((comment) => comment.body.startsWith(COMMENT_MARKER));

describe('the action and the lint baseline', () => {
  it('a full lint reports only findings not in the baseline, and says how many it suppressed', async () => {
    fake = await FakeGitHub.start();
    const { repository, suppressed } = await baselined();
    expect(suppressed).toBeGreaterThanOrEqual(6);
    const run = await runAction({ fake, workspace: repository.dir, event: { name: 'workflow_dispatch', payload: {} }, inputs: { mode: 'lint' } });
    expect(run.exitCode).toBe(0);
    expect(run.annotations.filter((a) => a.properties.file === FILE)).toEqual([]);
    expect(run.annotations.filter((a) => a.command === 'error')).toEqual([]);
    expect(run.outputs).toMatchObject({ errors: '0', warnings: '0' });
    expect(run.summary).toContain(`✅ The knowledge base: 5 postmortems reviewed: all 5 ready.\n\n${suppressed} findings suppressed by the baseline.\n`);
    expect(run.stdout).toContain(`${suppressed} findings suppressed by the baseline (${BASELINE})`);
    // Never written by the action.
    expect(repository.git(['status', '--porcelain'])).toBe('');
  });

  it('on a pull request: an edit above the recorded findings keeps them suppressed; a new one is annotated, and the comment says how many were suppressed', async () => {
    fake = await FakeGitHub.start();
    const { repository, base } = await baselined();
    const edited = BROKEN.replace('Nobody owned the job.', 'Nobody owned the job.\n\nIt ran, unowned, for a year.').replace('| AI-006 |', '| AI-007 | process | Write the runbook | nobody | P3 | 2024-04-01 |\n| AI-006 |');
    const head = repository.commit({ [FILE]: edited }, 'edit');
    fake.state.pulls.set(7, [{ filename: FILE, status: 'modified' }]);
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.exitCode).toBe(1);
    const line = edited.split('\n').findIndex((text) => text.includes('AI-007')) + 1;
    expect(run.annotations.filter((a) => a.command === 'error' && a.properties.file).map((a) => `${a.properties.title}@${a.properties.line}`)).toEqual([`postmortem action-item-owner@${line}`]);
    expect(run.outputs.errors).toBe('1');
    const [comment] = ourComments();
    expect(comment!.body).toContain(`1 postmortem reviewed at \`${head.slice(0, 7)}\`: needs changes (1 error).\n\n6 findings suppressed by the baseline.`);
    expect(run.summary).toContain('6 findings suppressed by the baseline.');
  });

  it('a pull request that records its own new finding in the baseline is told so, on the baseline and in the comment', async () => {
    fake = await FakeGitHub.start();
    const { repository, base } = await baselined();
    const edited = BROKEN.replace('| AI-006 |', '| AI-007 | process | Write the runbook | nobody | P3 | 2024-04-01 |\n| AI-006 |');
    repository.commit({ [FILE]: edited }, 'edit');
    expect(await main({ argv: ['lint', '--baseline-write'], cwd: repository.dir, stdout: () => {}, stderr: () => {}, color: false })).toBe(0);
    const head = repository.commit({ [BASELINE]: readFileSync(join(repository.dir, BASELINE), 'utf8') }, 'baseline the new finding');
    fake.state.pulls.set(8, [{ filename: FILE, status: 'modified' }, { filename: BASELINE, status: 'modified' }]);
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 8, base, head }) });
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toContainEqual(expect.objectContaining({ command: 'warning', properties: expect.objectContaining({ file: BASELINE, title: 'Lint baseline changed' }) }));
    const [comment] = ourComments();
    expect(comment!.body).toContain(`This pull request changes the lint baseline ${BASELINE}: the findings it records are not reported.`);
  });
});
