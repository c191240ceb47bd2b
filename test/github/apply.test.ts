import { describe, expect, it } from 'vitest';
import { applyActions, describeWrite, type Write } from '../../src/github/apply.js';
import type { GitHubPort, Issue } from '../../src/github/port.js';
import { recordingPort } from '../../src/github/recording.js';
import { applyEscalation } from '../../src/escalate/apply.js';
import { DEFAULT_ESCALATION } from '../../src/config/escalation.js';
import { planEscalation, type TrackedIssue } from '../../src/escalate/plan.js';
import { parseMetadata } from '../../src/tracked/marker.js';
import { planStickyComment, upsertStickyComment, COMMENT_MARKER } from '../../src/review/sticky-comment.js';
import { applySync, lookUpAssignable, planWithAssignees } from '../../src/sync/apply.js';
import { loginsToLookUp, planSync, writingActions, type SyncDocument, type SyncItem, type SyncSettings } from '../../src/sync/plan.js';
import { MemoryGitHub, type Call } from '../support/memory-port.js';

const BOT = 'github-actions[bot]';
const SETTINGS: SyncSettings = { ownershipLabel: 'postmortem-action-item', removedLabel: 'removed-from-postmortem', statuses: ['published'], linkBase: 'https://github.com/o/r/blob/main/', toolLogin: BOT };

function item(id: string, overrides: Partial<SyncItem> = {}): SyncItem {
  return { incident: 'INC-20240115-0042', item: id, description: `Do ${id}`, owner: '@alice', due: '2024-02-15', priority: 'P1', type: 'detect', severity: 'SEV2', file: 'postmortems/2024-01-15-db-pool.md', incidentTitle: 'Connection pool exhausted', incidentDate: '2024-01-15', related: [], closedInDocument: false, ...overrides };
}
const doc = (items: SyncItem[]): SyncDocument => ({ incident: 'INC-20240115-0042', status: 'published', items, untracked: 0 });

/** The port call a write is sent as: what the recording port records, read back from the memory port's log. */
function asWrite(call: Call): Write {
  const [a, b] = call.args as [never, never];
  switch (call.method) {
    case 'createIssue':
      return { op: 'create-issue', ...(a as object) } as Write;
    case 'updateIssue':
      return { op: 'update-issue', issue: a, changes: b };
    case 'addLabels':
      return { op: 'add-labels', issue: a, labels: b };
    case 'removeLabel':
      return { op: 'remove-label', issue: a, label: b };
    case 'createComment':
      return { op: 'create-comment', issue: a, body: b };
    case 'updateComment':
      return { op: 'update-comment', id: a, issue: 0, body: b };
    case 'deleteComment':
      return { op: 'delete-comment', id: a };
    case 'createLabel':
      return { op: 'ensure-labels', labels: [a] };
    default:
      throw new Error(`not a write: ${call.method}`);
  }
}

/** A repository whose tracker already holds the tool's issues for some items: one in step, one whose owner and due date moved, one whose item left. */
async function seeded(): Promise<{ github: MemoryGitHub; documents: SyncDocument[] }> {
  const github = new MemoryGitHub(BOT);
  github.assignable = new Set(['alice', 'dave']);
  const before = [item('AI-001'), item('AI-002', { owner: '@carol' }), item('AI-009')];
  const seed = planSync([doc(before)], [], { ...SETTINGS, assignable: new Map([['alice', true], ['carol', true]]) });
  await applySync(seed, github, { ownershipLabel: SETTINGS.ownershipLabel });
  github.calls = [];
  const now = [item('AI-001'), item('AI-002', { owner: '@dave', due: '2024-03-01' }), item('AI-003', { owner: '@bob' }), item('AI-004', { owner: '@acme/sre' })];
  return { github, documents: [doc(now)] };
}

async function plan(github: GitHubPort, documents: SyncDocument[]) {
  const existing = await github.listIssues(SETTINGS.ownershipLabel);
  const assignable = await lookUpAssignable(github, loginsToLookUp(planSync(documents, existing, SETTINGS)));
  return planSync(documents, existing, { ...SETTINGS, assignable });
}

describe('plans decide, one applier carries them out', () => {
  it('a dry run sends nothing and records exactly the writes a real run sends, in the same order', async () => {
    const dry = await seeded();
    const lines: string[] = [];
    const recording = recordingPort(dry.github, (line) => lines.push(line));
    const dryReport = await applySync(await plan(recording, dry.documents), recording, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(dry.github.writes()).toEqual([]);

    const real = await seeded();
    const realReport = await applySync(await plan(real.github, real.documents), real.github, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(recording.recorded).toEqual(real.github.writes().map(asWrite));
    expect(recording.recorded.map((write) => write.op)).toEqual(['ensure-labels', 'create-issue', 'create-issue', 'update-issue', 'create-comment', 'create-comment', 'add-labels']);
    expect(lines).toEqual(recording.recorded.map((write) => `[dry-run] ${describeWrite(write)}`));
    expect(lines[1]).toMatch(/^\[dry-run\] create "\[INC-20240115-0042\] AI-003: Do AI-003" \(labels: postmortem-action-item, type:detect, priority:P1, severity:SEV2\)$/);
    expect(dryReport.notices).toEqual(realReport.notices);
  });

  it('who is assigned is decided before applying: assignable owners are, others are named once in the notices', async () => {
    const { github, documents } = await seeded();
    const decided = await plan(github, documents);
    const creates = writingActions(decided).flatMap((action) => action.writes.filter((write) => write.op === 'create-issue'));
    expect(creates.map((write) => write.assignees)).toEqual([[], []]);
    const update = writingActions(decided).find((action) => action.kind === 'update')!;
    // The previous owner is unassigned, the new one assigned; anyone a human assigned stays.
    expect(update.writes[0]).toMatchObject({ op: 'update-issue', changes: { assignees: ['dave'] } });
    expect(decided.notices).toEqual([
      '@bob cannot be assigned (a team, or not a collaborator): it is named in the issue body instead',
      '@acme/sre cannot be assigned (a team, or not a collaborator): it is named in the issue body instead',
    ]);
    // Duplicates first, then creates, updates and flags.
    expect(writingActions(decided).map((action) => action.kind)).toEqual(['create', 'create', 'update', 'flag']);
  });

  it('stops when the budget is spent: the rest wait for the next run, each told apart from failures', async () => {
    const { github, documents } = await seeded();
    const decided = await plan(github, documents);
    const limited = Object.assign(new MemoryGitHub(BOT, github.operations + 4), { issues: github.issues, labels: new Set(github.labels) });
    limited.operations = github.operations;
    const report = await applySync(decided, limited, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(report.budgetExhausted).toBe(true);
    expect(report.stopped).toBe('max-operations reached');
    expect(report.created).toHaveLength(2);
    expect(report.pending.map((pending) => [pending.key, pending.reason])).toEqual([
      ['INC-20240115-0042/AI-002', 'max-operations reached'],
      ['INC-20240115-0042/AI-009', 'max-operations reached'],
    ]);
  });

  it('an uncertain create is pending unless the list after it shows it happened; a certain failure stays pending', async () => {
    const lost = await seeded();
    lost.github.failures.set('createIssue', { status: 502, after: true });
    const lostReport = await applySync(await plan(lost.github, lost.documents), lost.github, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(lostReport.pending).toEqual([]);
    expect(lost.github.issues.filter((issue) => parseMetadata(issue.body)?.item === 'AI-003')).toHaveLength(1);

    const refused = await seeded();
    refused.github.failures.set('createIssue', { status: 422 });
    const refusedReport = await applySync(await plan(refused.github, refused.documents), refused.github, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(refusedReport.pending).toEqual([{ key: 'INC-20240115-0042/AI-003', reason: 'createIssue failed', uncertain: false }]);
  });

  it('after a race, the repair is planned from the new list: the newer of two issues for one item is closed, the older kept', async () => {
    const { github, documents } = await seeded();
    const decided = await plan(github, documents);
    // Another run creates the issue for AI-003 between this run's list and its create.
    const other = planSync(documents, github.issues, { ...SETTINGS, assignable: new Map([['bob', false]]) });
    const create = other.actions.find((action) => action.kind === 'create' && action.item.item === 'AI-003')!;
    await applyActions(github, [{ key: create.key, writes: create.writes }]);
    const report = await applySync(decided, github, { ownershipLabel: SETTINGS.ownershipLabel });
    const ours = github.issues.filter((issue) => parseMetadata(issue.body)?.item === 'AI-003');
    expect(ours.map((issue) => issue.state)).toEqual(['open', 'closed']);
    expect(report.duplicatesClosed).toEqual([{ key: 'INC-20240115-0042/AI-003', number: ours[1]!.number, url: ours[1]!.url }]);
    expect(report.created.map((created) => created.key)).toEqual(['INC-20240115-0042/AI-004']);
    expect(github.comments.get(ours[1]!.number)?.[0]?.body).toMatch(/^Duplicate of #\d+: two runs of postmortem-kb created an issue for INC-20240115-0042 AI-003 at once/);
  });

  it('a create that comes back written by someone else stops the run: nothing is written after it', async () => {
    const { github, documents } = await seeded();
    const decided = await plan(github, documents);
    const impostor = Object.assign(new MemoryGitHub('my-app[bot]'), { issues: github.issues, labels: github.labels });
    const report = await applySync(decided, impostor, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(report.writtenAs).toBe('my-app[bot]');
    expect(report.created).toHaveLength(1);
    expect(impostor.writes().map((call) => call.method)).toEqual(['createLabel', 'createIssue']);
    expect(report.pending.every((pending) => pending.reason === 'the token writes as my-app[bot], not github-actions[bot]: set the input bot-login')).toBe(true);
  });
});

describe('what the review of the renovation found', () => {
  const owners = (count: number) => doc(Array.from({ length: count }, (_, index) => item(`AI-${String(index + 1).padStart(3, '0')}`, { owner: `@owner-${index + 1}` })));

  it('a knowledge base with many owners and a small budget still makes progress on every run, and finishes', async () => {
    const github = new MemoryGitHub(BOT);
    github.assignable = new Set(Array.from({ length: 30 }, (_, index) => `owner-${index + 1}`));
    const created: number[] = [];
    for (let run = 0; run < 10 && github.issues.length < 30; run++) {
      const limited = Object.assign(new MemoryGitHub(BOT, 25), { issues: github.issues, labels: github.labels, assignable: github.assignable, comments: github.comments });
      const existing = await limited.listIssues(SETTINGS.ownershipLabel);
      const decided = await planWithAssignees(limited, [owners(30)], existing, SETTINGS, new Set(), 25);
      const report = await applySync(decided, limited, { ownershipLabel: SETTINGS.ownershipLabel });
      created.push(report.created.length);
      // What waits is named, with why.
      expect(report.pending.length + report.created.length).toBeGreaterThan(0);
    }
    expect(created.every((count) => count > 0)).toBe(true);
    expect(github.issues).toHaveLength(30);
    // Each issue is assigned its owner: none was created unassigned for want of a lookup.
    expect(github.issues.every((issue) => issue.assignees.length === 1)).toBe(true);
  });

  it('an owner GitHub could not be asked about waits for the next run; the other items go ahead', async () => {
    const { github, documents } = await seeded();
    github.failures.set('isAssignable', { status: 500 });
    const decided = await planWithAssignees(github, documents, await github.listIssues(SETTINGS.ownershipLabel), SETTINGS, new Set(), 200);
    // The first lookup (bob's, for AI-003) fails; the team owner of AI-004 needs none; dave's succeeds.
    expect(decided.deferred).toEqual([{ key: 'INC-20240115-0042/AI-003', reason: 'whether @bob can be assigned is not known yet; the next run continues' }]);
    const report = await applySync(decided, github, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(report.created.map((created) => created.key)).toEqual(['INC-20240115-0042/AI-004']);
    expect(report.updated.map((updated) => updated.key)).toEqual(['INC-20240115-0042/AI-002']);
    expect(report.pending).toEqual([{ key: 'INC-20240115-0042/AI-003', reason: 'whether @bob can be assigned is not known yet; the next run continues', uncertain: false }]);
  });

  it('a lone create that timed out after GitHub acted is settled by the list in the same run', async () => {
    const github = new MemoryGitHub(BOT);
    github.failures.set('createIssue', { status: undefined, after: true });
    const decided = await planWithAssignees(github, [doc([item('AI-001')])], [], SETTINGS, new Set(), 200);
    const report = await applySync(decided, github, { ownershipLabel: SETTINGS.ownershipLabel });
    expect(report.pending).toEqual([]);
    expect(github.issues).toHaveLength(1);
  });

  it('a dry run closes an earlier duplicate once, as the real run does, and stops at the same budget', async () => {
    const setup = async () => {
      const { github, documents } = await seeded();
      // An earlier race left two issues for AI-001.
      github.issues.push({ ...github.issues[0]!, number: github.issues.length + 1, url: `i/${github.issues.length + 1}` });
      return { github, documents };
    };
    for (const budget of [Infinity, 9]) {
      const dry = await setup();
      const recording = recordingPort(dry.github, () => undefined, dry.github.operations + budget);
      const dryPlan = await planWithAssignees(recording, dry.documents, await recording.listIssues(SETTINGS.ownershipLabel), SETTINGS, new Set(), dry.github.operations + budget);
      const dryReport = await applySync(dryPlan, recording, { ownershipLabel: SETTINGS.ownershipLabel });
      const real = await setup();
      const limited = Object.assign(new MemoryGitHub(BOT, real.github.operations + budget), { issues: real.github.issues, labels: real.github.labels, assignable: real.github.assignable, comments: real.github.comments });
      limited.operations = real.github.operations;
      const realPlan = await planWithAssignees(limited, real.documents, await limited.listIssues(SETTINGS.ownershipLabel), SETTINGS, new Set(), limited.operations + budget);
      const realReport = await applySync(realPlan, limited, { ownershipLabel: SETTINGS.ownershipLabel });
      expect(recording.recorded).toEqual(limited.writes().map(asWrite));
      expect(dryReport.duplicatesClosed.map((issue) => issue.number)).toEqual(realReport.duplicatesClosed.map((issue) => issue.number));
      expect(dryReport.budgetExhausted).toBe(budget !== Infinity);
      expect(realReport.budgetExhausted).toBe(budget !== Infinity);
    }
  });

  it('the sticky comment’s duplicates are deleted only once the comment is written', async () => {
    const mine = (id: number, body: string) => ({ id, body: `${COMMENT_MARKER}\n${body}`, author: { login: BOT, type: 'Bot' }, url: `c/${id}`, createdAt: '2024-02-01T00:00:00Z' });
    const github = new MemoryGitHub(BOT);
    github.comments.set(7, [mine(2, 'old'), mine(3, 'dup')]);
    github.failures.set('updateComment', { status: 422 });
    await expect(upsertStickyComment(github, 7, 'new', { noLongerBody: 'x', toolLogin: BOT })).rejects.toMatchObject({ status: 422 });
    expect(github.writes().map((call) => call.method)).toEqual(['updateComment']);
  });
});

describe('the escalation and the sticky comment through the same applier', () => {
  const tracked = (number: number, due: string): TrackedIssue => ({
    number, state: 'open', labels: ['postmortem-action-item'], url: `i/${number}`, title: 't', createdAt: '2024-01-16T00:00:00Z', closedAt: undefined, author: BOT,
    metadata: { v: 1, incident: 'INC-1', item: `AI-${number}`, due, priority: 'P1', type: 'detect', owner: '@alice', severity: 'SEV2', file: 'p.md' },
  });
  const settings = DEFAULT_ESCALATION;

  it('the labels the plan uses carry their colours; the report issue is created with its own label, and a dry run records the same writes', async () => {
    const input = { issues: [tracked(1, '2024-03-01'), tracked(2, '2024-03-12')], history: new Map(), incidents: new Map([['INC-1', { title: 'x', date: '2024-01-15', authors: [], recurredIn: [] }]]), asOf: '2024-03-10', settings, toolLogin: BOT };
    const escalation = planEscalation(input);
    expect(escalation.labelSpecs).toEqual([
      { name: 'due-soon', color: 'fbca04', description: 'postmortem-kb: due soon' },
      { name: 'escalated', color: 'fbca04', description: 'postmortem-kb: escalated' },
      { name: 'overdue', color: 'fbca04', description: 'postmortem-kb: overdue' },
    ]);
    const report = { body: 'the report', createIfMissing: true, title: 'Postmortem action items', label: 'postmortem-report', toolLogin: BOT };
    const github = new MemoryGitHub(BOT);
    github.issues = [1, 2].map((number) => ({ number, state: 'open', title: 't', body: '', labels: ['postmortem-action-item'], assignees: [], url: `i/${number}`, isPullRequest: false, author: { login: BOT, type: 'Bot' }, createdAt: '', closedAt: undefined, stateReason: undefined }) as Issue);
    const recording = recordingPort(new MemoryGitHub(BOT), () => undefined);
    await applyEscalation(escalation, report, recording);
    const outcome = await applyEscalation(escalation, report, github);
    expect(recording.recorded.map((write) => write.op)).toEqual(github.writes().map(asWrite).map((write) => write.op));
    expect(outcome).toMatchObject({ commented: [1], relabelled: [1, 2], report: { action: 'created' } });
    expect(github.calls.find((call) => call.method === 'createLabel' && (call.args[0] as { name: string }).name === 'postmortem-report')?.args[0]).toEqual({ name: 'postmortem-report', color: '0e8a16', description: 'postmortem-kb: postmortem report' });
  });

  it('the sticky comment is planned from the comments (the tool’s only), and a comment deleted since is replaced', async () => {
    const mine = (id: number, body: string) => ({ id, body: `${COMMENT_MARKER}\n${body}`, author: { login: BOT, type: 'Bot' }, url: `c/${id}`, createdAt: '2024-02-01T00:00:00Z' });
    const forged = { id: 1, body: `${COMMENT_MARKER}\nforged`, author: { login: 'mallory', type: 'User' }, url: 'c/1', createdAt: '2024-02-01T00:00:00Z' };
    const options = { noLongerBody: 'nothing to review', toolLogin: BOT };
    expect(planStickyComment([forged, mine(2, 'old'), mine(3, 'dup')], 7, 'new', options)).toEqual({
      action: 'update',
      existing: { id: 2, url: 'c/2' },
      duplicates: 1,
      writes: [
        { key: 'comment', writes: [{ op: 'update-comment', id: 2, issue: 7, body: `${COMMENT_MARKER}\nnew` }] },
        { key: 'duplicate 3', writes: [{ op: 'delete-comment', id: 3 }] },
      ],
    });
    expect(planStickyComment([forged], 7, undefined, options)).toMatchObject({ action: 'none', writes: [] });
    expect(planStickyComment([mine(2, 'same')], 7, 'same', options)).toMatchObject({ action: 'unchanged', writes: [] });

    const github = new MemoryGitHub(BOT);
    github.comments.set(7, [mine(2, 'old')]);
    // Deleted between the list and the update: the update answers 404 and a new comment takes its place.
    const listComments = github.listComments.bind(github);
    github.listComments = async (number) => {
      const listed = await listComments(number);
      github.comments.set(7, []);
      return listed;
    };
    const outcome = await upsertStickyComment(github, 7, 'new', options);
    expect(outcome).toMatchObject({ action: 'created', removedDuplicates: 0 });
    expect(github.comments.get(7)?.map((comment) => comment.body)).toEqual([`${COMMENT_MARKER}\nnew`]);
  });
});
