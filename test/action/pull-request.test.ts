import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/review/sticky-comment.js';
import { FakeGitHub, READ_TOKEN } from '../support/fake-github/server.js';
import { pullRequestEvent, Repository, runAction } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
const FILE = 'postmortems/2024-03-01-cron-owners.md';
const BROKEN = fixture('rules/action-item-owner/fail.md');
const FIXED = BROKEN.replace(/\| (TBD|\?|Alice Smith|@alice, @bob|) \| P/g, '| @alice | P');

let fake: FakeGitHub;
afterEach(async () => fake?.close());

function setup(files: Record<string, string>) {
  const repository = new Repository();
  const base = repository.commit(BUNDLED, 'knowledge base');
  const head = repository.commit(files, 'postmortem');
  fake.state.pulls.set(7, Object.keys(files).map((filename) => ({ filename, status: 'added' as const })));
  return { repository, base, head };
}

const ourComments = () => [...fake.state.comments.values()].filter((comment) => comment.body.startsWith(COMMENT_MARKER));

describe('the action on pull requests', () => {
  it('annotates a new postmortem with errors, comments once, and updates that comment after a fix', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [FILE]: BROKEN });
    const first = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(first.exitCode).toBe(1);
    expect(first.annotations.filter((a) => a.command === 'error' && a.properties.file).map((a) => `${a.properties.title}@${a.properties.line}`)).toEqual([
      'postmortem placeholder@29',
      ...[29, 30, 31, 32, 33].map((line) => `postmortem action-item-owner@${line}`),
    ]);
    expect(ourComments()).toHaveLength(1);
    const [comment] = ourComments();
    expect(comment!.user.login).toBe('github-actions[bot]');
    expect(comment!.body).toContain(`## Postmortem review\n\n❌ 1 postmortem reviewed at \`${head.slice(0, 7)}\`: needs changes (6 errors).\n`);
    expect(comment!.body).toContain('**On merge, 6 issues will be opened:**');
    expect(first.outputs.comment).toBe('created');

    const fix = repository.commit({ [FILE]: FIXED }, 'fix owners');
    const second = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head: fix }) });
    expect(second.exitCode).toBe(0);
    expect(ourComments().map((c) => c.id)).toEqual([comment!.id]);
    expect(ourComments()[0]!.body).toContain(`## Postmortem review\n\n✅ 1 postmortem reviewed at \`${fix.slice(0, 7)}\`: ready.\n`);
    expect(second.outputs.comment).toBe('updated');
    const third = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head: fix }) });
    expect(third.outputs.comment).toBe('unchanged');
    expect(fake.count('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}')).toBe(1);
    expect(fake.unexpected).toEqual([]);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('finds its comment among 120 earlier ones, never duplicating it, and removes a duplicate left by a race', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [FILE]: FIXED });
    const event = pullRequestEvent(fake, { number: 7, base, head });
    const add = (body: string, user = fake.user('alice')) => {
      const id = fake.state.id();
      fake.state.comments.set(id, { id, issueNumber: 7, body, user, createdAt: '2024-03-01T00:00:00Z', updatedAt: '2024-03-01T00:00:00Z' });
      return id;
    };
    for (let n = 0; n < 60; n++) add(`comment ${n}`);
    const bot = fake.tokens.get('ghs_fake_write_token')!.identity;
    const original = add(`${COMMENT_MARKER}\nold review`, bot);
    add(`${COMMENT_MARKER}\nforged by a human`);
    for (let n = 0; n < 58; n++) add(`comment ${n + 60}`);
    const duplicate = add(`${COMMENT_MARKER}\nleft by a racing run`, bot);
    const run = await runAction({ fake, workspace: repository.dir, event });
    expect(run.exitCode).toBe(0);
    expect(fake.count('GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(2);
    expect(fake.state.comments.get(original)!.body).toContain('## Postmortem review');
    expect(fake.state.comments.has(duplicate)).toBe(false);
    expect(ourComments().filter((comment) => comment.user.type === 'Bot')).toHaveLength(1);
    expect(ourComments().some((comment) => comment.body.includes('forged by a human'))).toBe(true);
    expect(fake.count('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(0);
  });

  it('on a fork (read-only token): annotates, writes the summary, explains in one notice, fails only on lint errors', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [FILE]: BROKEN });
    const run = await runAction({ fake, token: READ_TOKEN, workspace: repository.shallowClone(), event: pullRequestEvent(fake, { number: 7, base, head, fork: true }) });
    expect(run.exitCode).toBe(1);
    expect(run.annotations.filter((a) => a.command === 'error' && a.properties.file)).toHaveLength(6);
    const notices = run.annotations.filter((a) => a.command === 'notice');
    expect(notices).toEqual([expect.objectContaining({ message: expect.stringMatching(/^The pull request comment could not be written: the token is read-only/) })]);
    expect(run.summary).toContain('## Postmortem review');
    expect(fake.requests.find((r) => r.operation === 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments')?.status).toBe(403);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);

    const clean = repository.commit({ [FILE]: FIXED });
    fake.state.pulls.set(7, [{ filename: FILE, status: 'added' }]);
    const passing = await runAction({ fake, token: READ_TOKEN, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head: clean, fork: true }) });
    expect(passing.exitCode).toBe(0);
  });

  it('with 60 findings: 10 error and 10 warning annotations, most important first, the full list in the summary', async () => {
    fake = await FakeGitHub.start();
    const text = fixture('action/sixty-findings.md');
    const { repository, base, head } = setup({ 'postmortems/sixty.md': text });
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    const errors = run.annotations.filter((a) => a.command === 'error' && a.properties.file);
    const warnings = run.annotations.filter((a) => a.command === 'warning' && a.properties.file);
    expect([errors.length, warnings.length]).toEqual([10, 10]);
    expect(errors.map((a) => Number(a.properties.line))).toEqual([27, 28, 29, 30, 31, 32, 33, 34, 35, 36]);
    expect(run.summary).toContain('20 more errors and 20 more warnings are listed here only');
    expect(run.summary.match(/\| \[\d+\]\(/g)).toHaveLength(60);
    expect(run.outputs).toMatchObject({ errors: '30', warnings: '30' });
  });

  it('on a pull request that no longer touches postmortems, says so in the existing comment and creates none', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [FILE]: FIXED });
    await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(ourComments()).toHaveLength(1);
    const reverted = repository.commit({ [FILE]: null, 'README.md': '# Incidents\n' });
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head: reverted }) });
    expect(run.exitCode).toBe(0);
    expect(ourComments()).toHaveLength(1);
    expect(ourComments()[0]!.body).toContain('This pull request no longer changes any postmortem');

    const other = new Repository();
    const otherBase = other.commit({ 'README.md': '# x\n' });
    const otherHead = other.commit({ 'docs/a.md': '# a\n' });
    const none = await runAction({ fake, workspace: other.dir, event: pullRequestEvent(fake, { number: 9, base: otherBase, head: otherHead }) });
    expect(none.exitCode).toBe(0);
    expect(none.outputs.comment).toBe('none');
    expect(fake.count('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(1);
  });

  it('shows related incidents, the recurring pattern with open items, the issue plan and the timeline', async () => {
    fake = await FakeGitHub.start();
    const newest = 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md';
    const repository = new Repository();
    const { [newest]: content, ...older } = BUNDLED;
    const base = repository.commit(older);
    const head = repository.commit({ [newest]: content!, 'postmortems/2024-06-10-certificates.md': fixture('rules/complete-sev2.md') });
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 3, base, head }) });
    expect(run.exitCode).toBe(0);
    const body = ourComments()[0]!.body;
    expect(body).toContain('### 🔁 INC-20240118-0023 is the 3rd `n-plus-one` incident in 180 days');
    expect(body).toMatch(/INC-20231015-0008\]\([^)]+\) AI-002: Add a query count assertion .*\(owner @&#8288;acme-example\/backend/);
    expect(body).toMatch(/- \[INC-20231201-0019\]\(https:\/\/github\.com\/acme\/incidents\/blob\/[0-9a-f]{40}\/postmortems\/2023-12-01-organization-dashboard-n-plus-one-queries\.md\) · Organization Dashboard Timeouts From N&#43;1 Queries \(2023-12-01\): same recurring pattern/);
    expect(body).toContain('**On merge, 5 issues will be opened:**');
    expect(body).toContain('**On merge, 3 issues will be opened:**');
    expect(body).toContain('| &#91;INC-20240118-0023&#93; AI-003: Implement query count lint rule in CI | @&#8288;acme-example/platform | 2024-01-25 | P0 | prevent |');
    expect(body).toContain('```mermaid\ntimeline\n    title INC-20240610-0007 timeline\n    23∶40 : Certificate rotation job runs TLS handshakes start failing\n');
    expect(run.summary).toBe(body.slice(COMMENT_MARKER.length + 1));
  });

  it('takes an earlier item’s state from its issue once it has one', async () => {
    fake = await FakeGitHub.start();
    const newest = 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md';
    const repository = new Repository();
    const { [newest]: content, ...older } = BUNDLED;
    const base = repository.commit(older);
    const synced = await runAction({ fake, workspace: repository.dir, event: { name: 'push', payload: { repository: { default_branch: 'main' } } }, inputs: { 'write-interval': '0' } });
    expect(synced.outputs.created).toBe('7');
    const done = [...fake.state.issues.values()].find((issue) => issue.title.startsWith('[INC-20231015-0008] AI-002'))!;
    done.state = 'closed';
    const head = repository.commit({ [newest]: content! });
    await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 3, base, head }) });
    const body = ourComments()[0]!.body;
    expect(body).not.toContain('Add a query count assertion');
    expect(body).toMatch(/- \[INC-20231201-0019\]\([^)]+\) \[AI-002\]\(https:\/\/github\.com\/acme\/incidents\/issues\/\d+\): Alert when a request runs more than 100 queries/);
  });

  it('keeps hostile text inert: no forged annotation, no mention, no HTML', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ 'postmortems/hostile.md': fixture('action/hostile.md') });
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.annotations.every((a) => a.properties.file === 'postmortems/hostile.md' || a.properties.file === undefined)).toBe(true);
    expect(run.annotations.some((a) => a.properties.file === 'forged.md' || a.message === 'forged')).toBe(false);
    const body = ourComments()[0]!.body;
    expect(body).not.toMatch(/@(?!&#8288;)[\w-]/);
    expect(body).not.toMatch(/<(script|img|b)\b/i);
  });

  it('a pull request adding a symbolic link out of the workspace: an error at the file, the target never read', async () => {
    fake = await FakeGitHub.start();
    const secret = join(mkdtempSync(join(tmpdir(), 'pm-secret-')), 'secret.md');
    writeFileSync(secret, '---\nid: INC-20240101-0001\n---\nSECRET-RUNNER-VALUE-42\n');
    const repository = new Repository();
    const base = repository.commit(BUNDLED, 'knowledge base');
    symlinkSync(secret, join(repository.dir, 'postmortems/leak.md'));
    repository.git(['add', 'postmortems/leak.md']);
    const head = repository.commit({}, 'add a link');
    fake.state.pulls.set(7, [{ filename: 'postmortems/leak.md', status: 'added' }]);
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({ command: 'error', properties: expect.objectContaining({ file: 'postmortems/leak.md', line: '1' }), message: expect.stringContaining('symbolic link to a place outside the workspace') }),
    );
    for (const text of [run.stdout, run.stderr, run.summary, ...ourComments().map((comment) => comment.body)]) expect(text).not.toContain('SECRET-RUNNER-VALUE-42');
  });

  it('writes nothing in a dry run, stops at max-operations, and writes SARIF 2.1.0 that validates against its schema', async () => {
    fake = await FakeGitHub.start();
    const { repository, base, head } = setup({ [FILE]: BROKEN });
    const dry = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }), inputs: { 'dry-run': 'true', 'sarif-file': 'results.sarif' } });
    expect(dry.stdout).toMatch(/\[dry-run\] would create a comment on #7/);
    expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);

    const sarif = JSON.parse(readFileSync(join(repository.dir, 'results.sarif'), 'utf8'));
    const schema = JSON.parse(readFileSync(join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // Both packages are CommonJS: their default export is the class or the plugin, or a namespace holding it.
    const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as new (options: object) => {
      compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
    };
    // The schema's patterns predate Unicode mode.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    ((formatsModule as unknown as { default?: (a: unknown) => void }).default ?? (formatsModule as unknown as (a: unknown) => void))(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(6);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'action-item-owner', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: FILE }, region: { startLine: 29 } } }] });

    const limited = await runAction({ fake, workspace: repository.shallowClone(), event: pullRequestEvent(fake, { number: 7, base, head }), inputs: { 'max-operations': '1' } });
    expect(limited.exitCode).toBe(1);
    expect(limited.annotations.some((a) => a.command === 'warning' && /budget of 1 GitHub API requests/.test(a.message))).toBe(true);
    expect(ourComments()).toHaveLength(0);
  });
});
