import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMetadata } from '../../src/sync/marker.js';
import { FakeGitHub } from '../support/fake-github/server.js';
import { pushEvent, Repository, runAction } from '../support/runner.js';
import { fixture } from '../helpers.js';

const FILE = 'postmortems/2024-06-10-certificates.md';
const CONFIG = '.postmortemrc.yml';
const CONTACTS = 'escalation:\n  contacts:\n    SEV2: ["@acme/eng-managers"]\n';

let fake: FakeGitHub;
afterEach(async () => fake?.close());

const schedule = { name: 'schedule', payload: { schedule: '0 6 * * *', repository: { full_name: 'acme/incidents', default_branch: 'main' } } };

async function sync(repository: Repository) {
  const head = repository.git(['rev-parse', 'HEAD']);
  const run = await runAction({ fake, workspace: repository.dir, event: pushEvent(fake, { before: head, after: head }), inputs: { 'write-interval': '0' } });
  expect(run.exitCode).toBe(0);
}

async function escalate(repository: Repository, asOf: string) {
  const before = fake.requests.length;
  const run = await runAction({ fake, workspace: repository.dir, event: schedule, inputs: { 'as-of': asOf, 'write-interval': '0' } });
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  expect(run.exitCode).toBe(0);
  return { run, writes: fake.requests.slice(before).filter((request) => request.method !== 'GET') };
}

const item = (id: string) => [...fake.state.issues.values()].find((issue) => parseMetadata(issue.body)?.item === id && parseMetadata(issue.body)?.incident === 'INC-20240610-0007')!;
// The escalation's comments: the tool's, opening with its marker (the sync comments too, on a changed item).
const toolComments = (number: number) => fake.state.commentsOf(number).filter((comment) => comment.user.type === 'Bot' && /^<!-- postmortem-kb:(?:escalation|recurrence) /.test(comment.body ?? ''));
const reports = () => [...fake.state.issues.values()].filter((issue) => issue.labels.includes('postmortem-report'));

describe('escalate on a schedule', () => {
  it('climbs the ladder once per level, without spam, and keeps one report issue', async () => {
    fake = await FakeGitHub.start({ assignable: ['alice', 'bob'] });
    fake.now = () => new Date('2024-06-11T09:00:00Z');
    const repository = new Repository();
    repository.commit({ [FILE]: fixture('action/escalation.md'), [CONFIG]: CONTACTS });
    await sync(repository);
    const ai001 = item('AI-001');
    const ai002 = item('AI-002');
    ai002.state = 'closed';
    ai002.stateReason = 'completed';
    const closedBefore = JSON.stringify(ai002);

    // Before due: nothing to say, nothing written.
    const early = await escalate(repository, '2024-06-10');
    expect(early.writes).toEqual([]);
    expect(early.run.outputs).toMatchObject({ overdue: '0', 'due-soon': '0', report: 'none' });

    // Two days before due: due-soon, no comment; the report issue is created.
    const soon = await escalate(repository, '2024-06-28');
    expect(ai001.labels).toContain('due-soon');
    expect(toolComments(ai001.number)).toHaveLength(0);
    expect(reports()).toHaveLength(1);
    expect(soon.run.outputs).toMatchObject({ 'due-soon': '1', report: 'created' });

    // One day late: one comment to the owner, overdue; due-soon goes.
    const late = await escalate(repository, '2024-07-01');
    expect(toolComments(ai001.number)).toEqual([expect.objectContaining({ body: expect.stringContaining('@alice: this action item was due on 2024-06-30 and is 1 day overdue') })]);
    // The item by its title, its row linked at the commit the run read (a permalink), and how to stop the reminders.
    const head = repository.git(['rev-parse', 'HEAD']);
    expect(toolComments(ai001.number)[0]!.body).toContain(`**Alert when the served chain fails validation** — INC-20240610-0007 AI-001, [line 72 of ${FILE}](https://github.com/acme/incidents/blob/${head}/${FILE}?plain=1#L72).`);
    expect(toolComments(ai001.number)[0]!.body).toContain('**To stop this:** close this issue once the item is done');
    expect(ai001.labels).toContain('overdue');
    expect(ai001.labels).not.toContain('due-soon');
    expect(late.run.outputs).toMatchObject({ overdue: '1', escalated: '1', report: 'updated' });

    // The same day again, and after a human removed the label: nothing new.
    expect((await escalate(repository, '2024-07-01')).writes).toEqual([]);
    ai001.labels = ai001.labels.filter((label) => label !== 'overdue');
    expect((await escalate(repository, '2024-07-01')).writes).toEqual([]);
    expect(ai001.labels).not.toContain('overdue');

    // Eight days late: level 2, the contacts of the severity are mentioned, escalated.
    await escalate(repository, '2024-07-08');
    expect(toolComments(ai001.number)).toHaveLength(2);
    expect(toolComments(ai001.number)[1]!.body).toContain('🚨 Now asking @acme/eng-managers, the SEV2 contacts, because this action item is 8 days overdue (due 2024-06-30, owner @alice).');
    expect(toolComments(ai001.number)[1]!.body).toContain('This is step 2 of 3 of the escalation ladder.');
    expect(ai001.labels).toContain('escalated');

    // The closed issue was never touched.
    expect(JSON.stringify(ai002)).toBe(closedBefore);

    // The due date moves later: labels go, the ladder starts again.
    repository.commit({ [FILE]: fixture('action/escalation.md').replace('| P1 | 2024-06-30 |', '| P1 | 2024-07-31 |') });
    await sync(repository);
    await escalate(repository, '2024-07-09');
    expect(ai001.labels).not.toContain('escalated');
    expect(toolComments(ai001.number)).toHaveLength(2);
    await escalate(repository, '2024-08-01');
    expect(toolComments(ai001.number)).toHaveLength(3);
    expect(toolComments(ai001.number)[2]!.body).toContain('was due on 2024-07-31 and is 1 day overdue');

    // Still one report issue, updated in place.
    expect(reports()).toHaveLength(1);
    expect(reports()[0]!.body).toContain('@&#8288;alice');
    expect(fake.schemaViolations).toEqual([]);
    expect(fake.unexpected).toEqual([]);
  }, 60_000);

  it('tells the open items of an earlier incident that it recurred, once per newer incident', async () => {
    fake = await FakeGitHub.start();
    // The issues are opened when the postmortem lands, before the newer incident.
    fake.now = () => new Date('2024-06-11T09:00:00Z');
    const repository = new Repository();
    repository.commit({ [FILE]: fixture('action/escalation.md') });
    await sync(repository);
    repository.commit({ 'postmortems/2024-08-01-certificates-again.md': fixture('action/escalation-newer.md') });
    await sync(repository);
    const ai001 = item('AI-001');
    await escalate(repository, '2024-06-15');
    expect(toolComments(ai001.number)).toEqual([expect.objectContaining({ body: expect.stringContaining('🔁 INC-20240610-0007 happened again on 2024-08-01; this item was meant to prevent it.') })]);
    // The new incident's postmortem, at the commit the run read.
    const head = repository.git(['rev-parse', 'HEAD']);
    expect(toolComments(ai001.number)[0]!.body).toContain(`[INC-20240801-0001 · Certificate chain missing again on the EU load balancers](https://github.com/acme/incidents/blob/${head}/postmortems/2024-08-01-certificates-again.md)`);
    expect(ai001.labels).toContain('recurrence');
    expect((await escalate(repository, '2024-06-15')).writes).toEqual([]);
  }, 60_000);

  it('announces no recurrence that happened before the item became an issue', async () => {
    fake = await FakeGitHub.start();
    fake.now = () => new Date('2024-09-01T09:00:00Z');
    const repository = new Repository();
    repository.commit({ [FILE]: fixture('action/escalation.md'), 'postmortems/2024-08-01-certificates-again.md': fixture('action/escalation-newer.md') });
    await sync(repository);
    expect((await escalate(repository, '2024-06-15')).writes).toEqual([]);
    expect(toolComments(item('AI-001').number)).toEqual([]);
  }, 60_000);

  it('adopted with escalation.since, lists the items overdue before it in the report and pings no one about them', async () => {
    fake = await FakeGitHub.start({ assignable: ['alice', 'bob', 'carol'] });
    fake.now = () => new Date('2024-06-11T09:00:00Z');
    const repository = new Repository();
    const OLD = 'postmortems/2023-11-20-notification-queue-backlog.md';
    repository.commit({ [FILE]: fixture('action/escalation.md'), [OLD]: fixture('adoption/2023-11-20-notification-queue-backlog.md'), [CONFIG]: 'escalation:\n  since: 2024-06-01\n' });
    await sync(repository);
    const old = [...fake.state.issues.values()].filter((issue) => parseMetadata(issue.body)?.incident === 'INC-20231120-0003');
    expect(old.map((issue) => parseMetadata(issue.body)?.item).sort()).toEqual(['AI-002', 'AI-003']);
    const late = await escalate(repository, '2024-07-01');
    // AI-001 and AI-002 of the newer postmortem fell overdue after the adoption: they climb; the old items get nothing.
    expect(toolComments(item('AI-001').number)).toHaveLength(1);
    for (const issue of old) {
      expect(toolComments(issue.number)).toEqual([]);
      expect(issue.labels).not.toContain('overdue');
    }
    expect(late.run.outputs).toMatchObject({ overdue: '2', escalated: '2', report: 'created' });
    const body = reports()[0]!.body ?? '';
    const adopted = body.slice(body.indexOf('### Overdue before adoption'));
    for (const issue of old) expect(adopted).toContain(`[#${issue.number}]`);
    expect(body).not.toMatch(/@(?!&#8288;)[a-z]/);
    expect(fake.schemaViolations).toEqual([]);
  }, 60_000);
});

describe('report-json', () => {
  it('is the report as data, in the output and in the file named, inside the workspace only', async () => {
    fake = await FakeGitHub.start({ assignable: ['alice', 'bob'] });
    fake.now = () => new Date('2024-06-11T09:00:00Z');
    const repository = new Repository();
    repository.commit({ [FILE]: fixture('action/escalation.md'), [CONFIG]: CONTACTS });
    await sync(repository);
    const run = await runAction({ fake, workspace: repository.dir, event: schedule, inputs: { 'as-of': '2024-07-01', 'write-interval': '0', 'report-json': 'out/report.json' } });
    expect(run.exitCode).toBe(0);
    const output = JSON.parse(run.outputs['report-json']!) as { summary: string; reportUrl: string; counts: Record<string, number>; overdueByOwner: { owner: string; items: { item: string; title: string; daysOverdue: number }[] }[]; index: { url: string } };
    expect(output.summary).toBe('Postmortem action items as of 2024-07-01: 2 open, 2 overdue (0 critical), 0 due by 2024-07-04; 0 of 2 items due in the last 90 days closed (0%).');
    expect(output.counts).toEqual({ open: 2, overdue: 2, critical: 0, dueSoon: 0, overdueBeforeAdoption: 0 });
    expect(output.overdueByOwner.map((group) => group.owner)).toEqual(['@alice', '@bob']);
    expect(output.overdueByOwner[0]!.items[0]).toMatchObject({ item: 'AI-001', title: 'Alert when the served chain fails validation', daysOverdue: 1 });
    expect(output.reportUrl).toBe(`https://github.com/acme/incidents/issues/${reports()[0]!.number}`);
    // The report issue links the knowledge base's index at the default branch: the same link every day.
    expect(output.index.url).toBe('https://github.com/acme/incidents/blob/main/postmortems/README.md');
    expect(reports()[0]!.body).toContain('Knowledge base: [postmortems/README.md](https://github.com/acme/incidents/blob/main/postmortems/README.md)');
    expect(JSON.parse(readFileSync(join(repository.dir, 'out/report.json'), 'utf8'))).toEqual(output);

    for (const outside of ['../report.json', '/tmp/report.json']) {
      const refused = await runAction({ fake, workspace: repository.dir, event: schedule, inputs: { 'as-of': '2024-07-02', 'write-interval': '0', 'report-json': outside } });
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stdout).toContain(`Input "report-json" is "${outside}", which reaches outside the workspace`);
    }
    expect(fake.schemaViolations).toEqual([]);
  }, 60_000);
});
