import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/review/sticky-comment.js';
import { FakeGitHub } from '../support/fake-github/server.js';
import { render } from '../support/rendered.js';
import { pullRequestEvent, Repository, runAction } from '../support/runner.js';
import { REPO } from '../helpers.js';
import { ADDED, ADDED_TEXT } from '../review/golden-report.js';

// The sticky comment as the action writes it on a pull request that adds a flawed 4th N+1 postmortem to the bundled
// knowledge base: the verdict at the pull request's head, the recurrence first, links at the reviewed commit.

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));

let fake: FakeGitHub;
afterEach(async () => fake?.close());

const ourComment = () => [...fake.state.comments.values()].find((comment) => comment.body.startsWith(COMMENT_MARKER))!.body;

describe('the review comment, end to end', () => {
  it('opens with the verdict at the head commit, puts the recurrence before the findings, and links the reviewed commit', async () => {
    fake = await FakeGitHub.start();
    const repository = new Repository();
    const base = repository.commit(BUNDLED, 'knowledge base');
    const head = repository.commit({ [ADDED]: ADDED_TEXT }, 'postmortem');
    // The commit checked out is not the head (GitHub checks out a merge commit): the review names and links the head.
    const checkedOut = repository.commit({ 'README.md': '# merge\n' }, 'merge');
    fake.state.pulls.set(7, [{ filename: ADDED, status: 'added' }]);
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.exitCode).toBe(1);

    const body = ourComment();
    const lines = body.split('\n');
    expect(lines.slice(0, 4)).toEqual([COMMENT_MARKER, '## Postmortem review', '', `❌ 1 postmortem reviewed at \`${head.slice(0, 7)}\`: needs changes (13 errors, 3 warnings).`]);
    const recurrence = body.indexOf('### 🔁 INC-20240220-0027 is the 4th `n-plus-one` incident in 180 days');
    expect(recurrence).toBeGreaterThan(0);
    expect(body.indexOf('action items of the earlier incidents are still open')).toBeGreaterThan(recurrence);
    expect(body.indexOf('| Line | Problem | Rule |')).toBeGreaterThan(body.indexOf('AI-005: Schedule quarterly ORM training'));

    const urls = render(body).links.map((link) => link.url);
    const blobs = urls.filter((url) => url.startsWith('https://github.com/acme/incidents/blob/'));
    expect(blobs.length).toBeGreaterThan(5);
    expect(blobs.every((url) => url.startsWith(`https://github.com/acme/incidents/blob/${head}/`))).toBe(true);
    expect(body).not.toContain(checkedOut);
    expect(blobs).toContain(`https://github.com/acme/incidents/blob/${head}/postmortems/2023-10-15-user-listing-n-plus-one-queries.md`);
    const anchor = createHash('sha256').update(ADDED).digest('hex');
    const lineLinks = urls.filter((url) => url.includes('/pull/'));
    expect(lineLinks).toContain(`https://github.com/acme/incidents/pull/7/files#diff-${anchor}R53`);
    expect(lineLinks.every((url) => url.startsWith(`https://github.com/acme/incidents/pull/7/files#diff-${anchor}R`))).toBe(true);
    expect(body).toContain('[workflow run](https://github.com/acme/incidents/actions/runs/1)');
    expect(render(body).mentions).toEqual([]);
    // The job summary is the same review.
    expect(run.summary).toBe(body.slice(COMMENT_MARKER.length + 1));
  });

  it('with 50 flawed postmortems: under 60,000 characters, every file accounted for, the rest in the job summary and code scanning', async () => {
    fake = await FakeGitHub.start();
    const repository = new Repository();
    const base = repository.commit(BUNDLED, 'knowledge base');
    const files = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => {
        const id = `INC-20240220-${String(100 + index).padStart(4, '0')}`;
        return [ADDED.replace('.md', `-${index}.md`), ADDED_TEXT.replaceAll('INC-20240220-0027', id)];
      }),
    );
    const head = repository.commit(files, 'fifty postmortems');
    fake.state.pulls.set(7, Object.keys(files).map((filename) => ({ filename, status: 'added' as const })));
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }), inputs: { 'sarif-file': 'results.sarif' } });
    expect(run.exitCode).toBe(1);
    const body = ourComment();
    expect(body.length).toBeLessThan(60_000);
    expect(body.split('\n')[3]).toMatch(new RegExp(`^❌ 50 postmortems reviewed at \`${head.slice(0, 7)}\`: all 50 need changes \\(\\d+ errors, \\d+ warnings\\)\\.$`));
    expect(body).toMatch(/\*\*\d+ more postmortems\*\* are not shown in full here: see the \[job summary of this run\]\(https:\/\/github\.com\/acme\/incidents\/actions\/runs\/1\) and code scanning/);
    const shown = (body.match(/^<details open><summary>❌ INC-/gm) ?? []).length;
    const listed = (body.match(/^- ❌ `postmortems\//gm) ?? []).length;
    const counted = Number(/^- … and (\d+) more postmortems/m.exec(body)?.[1] ?? 0);
    expect(shown).toBeGreaterThan(0);
    expect(shown + listed + counted).toBe(50);
    // The job summary, at its larger limit, holds every file in full.
    expect((run.summary.match(/^<details open><summary>❌ INC-/gm) ?? []).length).toBe(50);
  });
});
