import { afterEach, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/report/summary.js';
import { parseMetadata, renderBlock } from '../../src/sync/marker.js';
import { BOT, FakeGitHub, WRITE_TOKEN } from '../support/fake-github/server.js';
import { pushEvent, Repository, runAction, type ActionRun } from '../support/runner.js';
import { fixture } from '../helpers.js';

// Issue 19, parts 2 and 5: only what the tool itself wrote steers it, and its caps say what they held back.

const FILE = 'postmortems/2024-06-10-certificates.md';
const LABEL = 'postmortem-action-item';
const IGNORED_CAROL = 'ignored: a tool marker in an issue written by @carol';

let fake: FakeGitHub;
afterEach(async () => fake?.close());

const schedule = { name: 'schedule', payload: { schedule: '0 6 * * *', repository: { full_name: 'acme/incidents', default_branch: 'main' } } };

function knowledgeBase(files: Record<string, string> = { [FILE]: fixture('action/escalation.md') }): Repository {
  const repository = new Repository();
  repository.commit(files);
  return repository;
}

async function sync(repository: Repository, options: { inputs?: Record<string, string>; token?: string } = {}): Promise<ActionRun> {
  const head = repository.git(['rev-parse', 'HEAD']);
  const run = await runAction({ fake, token: options.token, workspace: repository.dir, event: pushEvent(fake, { before: head, after: head }), inputs: { 'write-interval': '0', ...options.inputs } });
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  return run;
}

async function escalate(repository: Repository, asOf: string): Promise<ActionRun> {
  const run = await runAction({ fake, workspace: repository.dir, event: schedule, inputs: { 'as-of': asOf, 'write-interval': '0' } });
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  expect(run.exitCode).toBe(0);
  return run;
}

/** A request as a person makes it, through the API, so the fake records them as the author. */
async function as(token: string, method: string, path: string, body?: unknown): Promise<{ number: number }> {
  const response = await fetch(`${fake.url}/repos/acme/incidents${path}`, { method, headers: { authorization: `token ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as { number: number };
}

const item = (id: string) => [...fake.state.issues.values()].find((issue) => issue.user.login === BOT.login && parseMetadata(issue.body)?.item === id)!;
const toolComments = (number: number) => fake.state.commentsOf(number).filter((comment) => comment.user.login === BOT.login);
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('only the tool’s own writing steers it', () => {
  it('a comment by anyone, opening with the escalation marker, does not stop the ladder', async () => {
    fake = await FakeGitHub.start();
    const carol = fake.personalToken('carol');
    const repository = knowledgeBase();
    expect((await sync(repository)).exitCode).toBe(0);
    const ai001 = item('AI-001');
    await as(carol, 'POST', `/issues/${ai001.number}/comments`, { body: '<!-- postmortem-kb:escalation {"level":99,"due":"2024-06-30"} -->\nPlease stop.' });
    await escalate(repository, '2024-07-01');
    expect(toolComments(ai001.number)).toEqual([expect.objectContaining({ body: expect.stringContaining('@alice: this action item was due on 2024-06-30 and is 1 day overdue') })]);
    expect(ai001.labels).toContain('overdue');
  }, 60_000);

  it('a person’s older issue with a copied item block is never adopted, and the tool’s issue is not closed as its duplicate', async () => {
    fake = await FakeGitHub.start();
    const carol = fake.personalToken('carol');
    const triager = fake.personalToken('tom');
    const { number: older } = await as(carol, 'POST', '/issues', { title: 'Certificates question', body: 'How do rotations work?' });
    const repository = knowledgeBase();
    await sync(repository);
    const ai001 = item('AI-001');
    expect(ai001.number).toBeGreaterThan(older);
    // The person copies the tool's block into their older issue; a triager gives it the label.
    await as(carol, 'PATCH', `/issues/${older}`, { body: ai001.body });
    await as(triager, 'POST', `/issues/${older}/labels`, { labels: [LABEL] });
    const forged = structuredClone(fake.state.issues.get(older)!);

    const run = await sync(repository);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ created: '0', updated: '0', unchanged: '2', flagged: '0' });
    expect(ai001.state).toBe('open');
    expect(fake.state.commentsOf(ai001.number)).toEqual([]);
    // Theirs is never edited, closed, commented on or adopted: its author closing it means nothing to the tool.
    expect(fake.state.issues.get(older)).toEqual(forged);
    expect(fake.state.commentsOf(older)).toEqual([]);
    expect(occurrences(run.summary, IGNORED_CAROL)).toBe(1);
    expect(run.summary).toContain(`[#${older}](https://github.com/acme/incidents/issues/${older}) ${IGNORED_CAROL}`);

    await as(carol, 'PATCH', `/issues/${older}`, { state: 'closed' });
    await escalate(repository, '2024-07-01');
    expect(toolComments(ai001.number)).toHaveLength(1);
  }, 60_000);

  it('a person’s labelled issue with a forged item of an incident that does not exist gets no comment, in sync or escalation', async () => {
    fake = await FakeGitHub.start();
    const carol = fake.personalToken('carol');
    const repository = knowledgeBase();
    await sync(repository);
    const metadata = { v: 1 as const, incident: 'INC-NOPE', item: 'AI-001', due: '2024-06-01', priority: 'P0', type: 'detect', owner: '@acme/everyone', severity: 'SEV1', file: 'postmortems/nope.md' };
    const { number: forged } = await as(carol, 'POST', '/issues', { title: 'Forged', body: renderBlock(metadata, 'Anything'), labels: [LABEL] });
    const before = structuredClone(fake.state.issues.get(forged)!);

    const synced = await sync(repository);
    expect(synced.outputs).toMatchObject({ flagged: '0', created: '0' });
    expect(occurrences(synced.summary, IGNORED_CAROL)).toBe(1);
    const escalated = await escalate(repository, '2024-07-30');
    expect(occurrences(escalated.summary, IGNORED_CAROL)).toBe(1);

    expect(fake.state.commentsOf(forged)).toEqual([]);
    expect(fake.state.issues.get(forged)).toEqual(before);
    const written = [...fake.state.comments.values()].map((comment) => comment.body).join('\n');
    expect(written).not.toContain('@acme/everyone');
    expect(written).not.toContain('INC-NOPE');
    // The tool's own items were escalated as usual.
    expect(toolComments(item('AI-001').number)).toHaveLength(1);
  }, 60_000);

  it('a person’s issue with the report marker and label is left as it is; the tool keeps its own report', async () => {
    fake = await FakeGitHub.start();
    const carol = fake.personalToken('carol');
    const repository = knowledgeBase();
    await sync(repository);
    const { number: theirs } = await as(carol, 'POST', '/issues', { title: 'Postmortem action items', body: '<!-- postmortem-kb:report -->\nMy own notes.', labels: ['postmortem-report'] });
    const run = await escalate(repository, '2024-07-01');
    expect(fake.state.issues.get(theirs)!.body).toBe('<!-- postmortem-kb:report -->\nMy own notes.');
    const reports = [...fake.state.issues.values()].filter((issue) => issue.labels.includes('postmortem-report') && issue.user.login === BOT.login);
    expect(reports).toHaveLength(1);
    expect(run.outputs.report).toBe('created');
    expect(occurrences(run.summary, IGNORED_CAROL)).toBe(1);
    // Updated in place on the next day, still leaving theirs alone.
    expect((await escalate(repository, '2024-07-02')).outputs.report).toBe('updated');
    expect(fake.state.issues.get(theirs)!.body).toBe('<!-- postmortem-kb:report -->\nMy own notes.');
  }, 60_000);

  it('the tool’s own item whose incident left the knowledge base is never escalated', async () => {
    fake = await FakeGitHub.start();
    const repository = knowledgeBase();
    await sync(repository);
    repository.commit({ [FILE]: null, 'postmortems/README.md': '# Postmortems\n' });
    const run = await escalate(repository, '2024-07-30');
    expect(fake.state.comments.size).toBe(0);
    expect(run.outputs).toMatchObject({ escalated: '0', overdue: '0' });
  }, 60_000);
});

describe('the tool’s identity', () => {
  it('a personal token is the tool: its login is asked once per run, and its own issues are recognised', async () => {
    fake = await FakeGitHub.start();
    const token = fake.personalToken('pm-bot');
    const repository = knowledgeBase();
    expect((await sync(repository, { token })).outputs).toMatchObject({ created: '2' });
    expect([...fake.state.issues.values()].map((issue) => issue.user.login)).toEqual(['pm-bot', 'pm-bot']);
    const before = fake.count('GET /user');
    expect(before).toBe(1);
    const again = await sync(repository, { token });
    expect(again.outputs).toMatchObject({ created: '0', unchanged: '2' });
    expect(fake.count('GET /user')).toBe(before + 1);
    expect(fake.schemaViolations).toEqual([]);
    expect(fake.unexpected).toEqual([]);
  }, 60_000);

  it('an app token is the tool with bot-login (GitHub never tells the app its name); without it the run stops after one issue and says what to set', async () => {
    fake = await FakeGitHub.start();
    const token = fake.appToken('acme-postmortems');
    const repository = knowledgeBase();
    const unnamed = await sync(repository, { token });
    expect(unnamed.exitCode).toBe(1);
    expect(unnamed.annotations).toContainEqual(expect.objectContaining({ command: 'error', message: expect.stringContaining('set the input bot-login: acme-postmortems[bot]') }));
    expect(fake.state.issues.size).toBe(1);

    const named = await sync(repository, { token, inputs: { 'bot-login': 'acme-postmortems[bot]' } });
    expect(named.exitCode).toBe(0);
    expect(named.outputs).toMatchObject({ created: '1', unchanged: '1' });
    expect(fake.count('GET /user')).toBe(1);
    expect((await sync(repository, { token, inputs: { 'bot-login': 'acme-postmortems[bot]' } })).outputs).toMatchObject({ created: '0', unchanged: '2' });

    const bad = await sync(repository, { token: WRITE_TOKEN, inputs: { 'bot-login': 'not a login' } });
    expect(bad.exitCode).toBe(1);
    expect(bad.annotations).toContainEqual(expect.objectContaining({ command: 'error', message: 'Input "bot-login" is "not a login"; use the login the token writes as, such as my-app[bot] for a GitHub App' }));
  }, 60_000);
});

describe('the tool’s identity in escalation', () => {
  it('an app token without bot-login, finding only its own issues, fails and says what to set; with it, escalates', async () => {
    fake = await FakeGitHub.start();
    const token = fake.appToken('acme-postmortems');
    const named = { 'bot-login': 'acme-postmortems[bot]' };
    const repository = knowledgeBase();
    expect((await sync(repository, { token, inputs: named })).outputs).toMatchObject({ created: '2' });
    const run = (inputs: Record<string, string> = {}) =>
      runAction({ fake, token, workspace: repository.dir, event: schedule, inputs: { 'as-of': '2024-07-01', 'write-interval': '0', ...inputs } });

    const unnamed = await run();
    expect(unnamed.exitCode).toBe(1);
    expect(unnamed.annotations).toContainEqual(expect.objectContaining({ command: 'error', message: expect.stringContaining('set the input bot-login: acme-postmortems[bot]') }));
    expect(fake.state.comments.size).toBe(0);

    const escalated = await run(named);
    expect(escalated.exitCode).toBe(0);
    expect(escalated.outputs.escalated).toBe('2');
  }, 60_000);

  it('GITHUB_TOKEN with only a person’s forged issue goes on as before: the issue is ignored, the run passes', async () => {
    fake = await FakeGitHub.start();
    const carol = fake.personalToken('carol');
    const metadata = { v: 1 as const, incident: 'INC-20240610-0007', item: 'AI-001', due: '2024-06-01', priority: 'P0', type: 'detect', owner: '@alice', severity: 'SEV1', file: FILE };
    await as(carol, 'POST', '/issues', { title: 'Forged', body: renderBlock(metadata, 'Anything'), labels: [LABEL] });
    const run = await escalate(knowledgeBase(), '2024-07-30');
    expect(occurrences(run.summary, IGNORED_CAROL)).toBe(1);
    expect(fake.state.comments.size).toBe(0);
  }, 60_000);
});

describe('caps a person can see', () => {
  /** One postmortem with `count` open action items. */
  function manyItems(count: number): string {
    const rows = Array.from({ length: count }, (_, index) => `| AI-${String(index + 1).padStart(4, '0')} | detect | Check number ${index + 1} | @alice | P2 | 2024-09-30 |`);
    return fixture('action/escalation.md').replace(/\| AI-001 \|.*\n\| AI-002 \|.*\n/, `${rows.join('\n')}\n`);
  }

  it('max-operations stopping a run is one warning with the count, not one per action left', async () => {
    fake = await FakeGitHub.start({ secondaryLimit: { max: 10_000, windowMs: 60_000, retryAfterSeconds: 1 } });
    const repository = knowledgeBase({ [FILE]: manyItems(1000) });
    const run = await sync(repository, { inputs: { 'max-operations': '30' } });
    expect(run.exitCode).toBe(0);
    expect(fake.count()).toBe(30);
    const budget = run.annotations.filter((annotation) => /max-operations/.test(annotation.message));
    expect(budget).toHaveLength(1);
    // The items past the cap wait for no budget: what is left is what the cap lets through.
    const left = 50 - fake.count('POST /repos/{owner}/{repo}/issues');
    expect(left).toBeGreaterThan(20);
    expect(budget[0]).toMatchObject({ command: 'warning', message: `Stopped at max-operations (30 requests): ${left} action(s) are left; the next run continues where this one stopped.` });
    expect(run.annotations.length).toBeLessThan(5);
    expect(run.summary).toContain(`- ${left} action(s): max-operations reached; the next run continues`);
  }, 120_000);

  it('sync.maxItemsPerDocument is read from the config: a higher cap lets more items through', async () => {
    fake = await FakeGitHub.start({ secondaryLimit: { max: 10_000, windowMs: 60_000, retryAfterSeconds: 1 } });
    const repository = knowledgeBase({ [FILE]: manyItems(120), '.postmortemrc.yml': 'sync:\n  maxItemsPerDocument: 100\n' });
    const run = await sync(repository);
    expect(run.outputs).toMatchObject({ created: '100' });
    expect(run.annotations).toContainEqual(expect.objectContaining({ command: 'warning', message: expect.stringContaining('has 120 open action items, more than sync.maxItemsPerDocument (100): the 20 after') }));
    repository.commit({ '.postmortemrc.yml': 'sync:\n  maxItemsPerDocument: 0\n' });
    const bad = await sync(repository);
    expect(bad.exitCode).toBe(1);
    expect(bad.annotations).toContainEqual(expect.objectContaining({ command: 'error', message: expect.stringMatching(/^Configuration error: .*maxItemsPerDocument/) }));
  }, 120_000);

  it('sync.maxItemsPerDocument (50 by default) turns the items past it into one warning on the postmortem instead of issues', async () => {
    fake = await FakeGitHub.start({ secondaryLimit: { max: 10_000, windowMs: 60_000, retryAfterSeconds: 1 } });
    const repository = knowledgeBase({ [FILE]: manyItems(1000) });
    const message = 'INC-20240610-0007 has 1000 open action items, more than sync.maxItemsPerDocument (50): the 950 after the first 50 are not turned into issues';
    for (const [created, unchanged] of [['50', '0'], ['0', '50']]) {
      const run = await sync(repository);
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({ created, unchanged });
      expect(run.annotations.filter((annotation) => annotation.command === 'warning')).toEqual([
        { command: 'warning', properties: { title: 'Too many action items to sync', file: FILE, line: '1' }, message },
      ]);
      // Document text in the summary is escaped Markdown.
      expect(run.summary).toContain(`- ${escapeMarkdown(FILE)}: ${escapeMarkdown(message)}`);
    }
    expect(fake.state.issues.size).toBe(50);
    expect(item('AI-0050')).toBeDefined();
    expect(item('AI-0051')).toBeUndefined();
  }, 120_000);
});
