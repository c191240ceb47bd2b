import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION, standing } from '../../src/escalate/ladder.js';
import { historyOf, needsHistory, otherBotWriter, planEscalation, planReport, type TrackedIssue } from '../../src/escalate/plan.js';
import { completion } from '../../src/escalate/summary.js';
import type { Issue } from '../../src/github/port.js';
import { renderBlock } from '../../src/sync/marker.js';
import { main } from '../../src/cli/main.js';
import { REPO } from '../helpers.js';

const BOT = 'github-actions[bot]';
/** The knowledge base's one incident: items of any other are not escalated. */
const INCIDENTS = new Map([['INC-20240101-0001', { title: 'Pool', date: '2024-01-01', authors: ['@bob'], recurredIn: [] }]]);

const issue = (number: number, due: string, priority = 'P1', overrides: Partial<TrackedIssue> = {}): TrackedIssue => ({
  number,
  state: 'open',
  labels: ['postmortem-action-item'],
  url: `https://github.com/acme/incidents/issues/${number}`,
  title: 'x',
  createdAt: '2024-01-01T00:00:00Z',
  closedAt: undefined,
  author: BOT,
  metadata: { v: 1, incident: 'INC-20240101-0001', item: `AI-00${number}`, due, priority, type: 'detect', owner: '@alice', severity: 'SEV2', file: 'a.md' },
  ...overrides,
});

describe('the escalation ladder', () => {
  it('places an item by days past due, P0 climbing twice as fast', () => {
    const at = (due: string, asOf: string, priority = 'P1') => standing(due, priority, asOf, DEFAULT_ESCALATION);
    expect(at('2024-06-30', '2024-06-26')).toEqual({ overdueDays: -4, level: 0, dueSoon: false });
    expect(at('2024-06-30', '2024-06-27')).toEqual({ overdueDays: -3, level: 0, dueSoon: true });
    expect(at('2024-06-30', '2024-06-30')).toMatchObject({ level: 0, dueSoon: true });
    expect(at('2024-06-30', '2024-07-01')).toMatchObject({ level: 1, dueSoon: false });
    expect(at('2024-06-30', '2024-07-06')?.level).toBe(1);
    expect(at('2024-06-30', '2024-07-07')?.level).toBe(2);
    expect(at('2024-06-30', '2024-07-30')?.level).toBe(3);
    expect(at('2024-06-30', '2024-07-04', 'P0')?.level).toBe(2);
    expect(at('not a date', '2024-07-04')).toBeUndefined();
  });

  it('says each level once per due date, recorded only by markers that open a comment', () => {
    const late = issue(1, '2024-06-30');
    const input = (history: ReturnType<typeof historyOf>) => ({ issues: [late], history: new Map([[1, history]]), incidents: INCIDENTS, asOf: '2024-07-08', settings: DEFAULT_ESCALATION, toolLogin: BOT });
    const fresh = planEscalation(input(historyOf([], BOT)));
    expect(fresh.actions.map((action) => action.kind)).toEqual(['comment', 'labels']);
    expect(fresh.actions[1]).toMatchObject({ add: ['overdue', 'escalated'] });
    const said = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":2,"due":"2024-06-30"} -->\nsaid', author: BOT }], BOT);
    expect(planEscalation(input(said)).actions).toEqual([]);
    const quoted = historyOf([{ body: 'Quoting the bot: <!-- postmortem-kb:escalation {"level":3,"due":"2024-06-30"} -->', author: BOT }], BOT);
    expect(planEscalation(input(quoted)).actions.map((action) => action.kind)).toEqual(['comment', 'labels']);
    // A personal token writes as its user: that user's own comments, opening with the marker, count.
    const personal = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":2,"due":"2024-06-30"} -->\nsaid', author: 'PM-Bot' }], 'pm-bot');
    expect(planEscalation(input(personal)).actions).toEqual([]);
    // Anyone else's comment opening with the marker records nothing: it cannot stop the ladder.
    const forged = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":99,"due":"2024-06-30"} -->', author: 'carol' }, { body: '<!-- postmortem-kb:escalation {"level":99,"due":"2024-06-30"} -->', author: undefined }], BOT);
    expect(forged.levels).toEqual([]);
    expect(planEscalation(input(forged)).actions.map((action) => action.kind)).toEqual(['comment', 'labels']);
    const otherDue = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":2,"due":"2024-06-01"} -->', author: BOT }], BOT);
    expect(planEscalation(input(otherDue)).actions[0]).toMatchObject({ kind: 'comment', level: 2 });
  });

  it('keeps document text inert in its comments: a forged marker or mention in a field records and pings nothing', () => {
    const hostile = issue(5, '2024-06-30', 'P1');
    hostile.metadata.owner = '@alice <!-- postmortem-kb:escalation {"level":3,"due":"2024-06-30"} --> @acme/everyone';
    const [comment] = planEscalation({ issues: [hostile], history: new Map(), incidents: INCIDENTS, asOf: '2024-07-01', settings: DEFAULT_ESCALATION, toolLogin: BOT }).actions;
    const body = comment!.kind === 'comment' ? comment!.body : '';
    expect(historyOf([{ body, author: BOT }], BOT).levels).toEqual([{ level: 1, due: '2024-06-30' }]);
    expect(body).not.toMatch(/@acme\/everyone/);
    expect(body.match(/<!--/g)).toHaveLength(1);
  });

  it('lists overdue items most late first and items due soon soonest first, as `postmortem overdue` does', async () => {
    const issues = [issue(1, '2024-07-10'), issue(2, '2024-07-01'), issue(3, '2024-07-08'), issue(4, '2024-06-20'), issue(5, '2024-07-09')];
    const plan = planEscalation({ issues, history: new Map(), incidents: INCIDENTS, asOf: '2024-07-08', settings: DEFAULT_ESCALATION, toolLogin: BOT });
    expect(plan.overdue.map((line) => line.issue.number)).toEqual([4, 2]);
    expect(plan.dueSoon.map((line) => line.issue.number)).toEqual([3, 5, 1]);
  });

  it('never touches a closed issue, and computes completion over 90 days', () => {
    const closed = issue(2, '2024-06-01', 'P1', { state: 'closed', closedAt: '2024-06-11T00:00:00Z', createdAt: '2024-06-01T00:00:00Z' });
    expect(planEscalation({ issues: [closed], history: new Map(), incidents: INCIDENTS, asOf: '2024-07-08', settings: DEFAULT_ESCALATION, toolLogin: BOT }).actions).toEqual([]);
    expect(completion([closed, issue(3, '2024-06-20'), issue(4, '2025-01-01')], '2024-07-08')).toEqual({ rate: 0.5, medianDaysToClose: 10 });
  });
});

describe('only the tool steers the escalation', () => {
  const late = (overrides: Partial<TrackedIssue>) => issue(7, '2024-06-30', 'P1', overrides);
  const plan = (issues: TrackedIssue[]) => planEscalation({ issues, history: new Map(), incidents: INCIDENTS, asOf: '2024-07-08', settings: DEFAULT_ESCALATION, toolLogin: BOT });

  it('never escalates an issue someone else wrote, nor an item whose incident is not in the knowledge base', () => {
    expect(plan([late({})]).overdue).toHaveLength(1);
    const carols = late({ author: 'carol' });
    const unknown = late({ metadata: { ...late({}).metadata, incident: 'INC-NOPE', owner: '@acme/everyone' } });
    expect(plan([carols, unknown])).toMatchObject({ actions: [], overdue: [], dueSoon: [], labels: [] });
    expect(needsHistory(carols, { incidents: INCIDENTS, asOf: '2024-07-08', settings: DEFAULT_ESCALATION, toolLogin: BOT })).toBe(false);
    expect(needsHistory(unknown, { incidents: INCIDENTS, asOf: '2024-07-08', settings: DEFAULT_ESCALATION, toolLogin: BOT })).toBe(false);
  });

  it('edits only a report issue the tool wrote; one with the marker by anyone else is ignored and named', () => {
    const listed = (number: number, login: string, body = '<!-- postmortem-kb:report -->\nold'): Issue =>
      ({ number, state: 'open', title: 'r', body, labels: ['postmortem-report'], assignees: [], url: `u/${number}`, isPullRequest: false, author: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, createdAt: '', closedAt: undefined, stateReason: undefined });
    const report = { body: '<!-- postmortem-kb:report -->\nnew', createIfMissing: true, marker: '<!-- postmortem-kb:report -->' };
    expect(planReport([listed(1, 'carol')], report, BOT)).toEqual({ decision: { action: 'create' }, ignored: [{ number: 1, url: 'u/1', author: 'carol' }] });
    expect(planReport([listed(1, 'carol'), listed(2, BOT)], report, BOT).decision).toMatchObject({ action: 'update', issue: { number: 2 } });
    expect(planReport([listed(1, 'carol')], { ...report, createIfMissing: false }, BOT).decision).toEqual({ action: 'none' });
  });
});

describe('an app token without bot-login', () => {
  it('is named when one other bot wrote every marked issue and the tool none; a person, two writers or the tool’s own are not', () => {
    const block = renderBlock({ v: 1, incident: 'INC-1', item: 'AI-1', due: '2024-01-01', priority: 'P1', type: 'detect', owner: '@a', severity: 'SEV2', file: 'a.md' }, 'x');
    const listed = (number: number, login: string, body = block): Issue =>
      ({ number, state: 'open', title: 'i', body, labels: [], assignees: [], url: `u/${number}`, isPullRequest: false, author: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, createdAt: '', closedAt: undefined, stateReason: undefined });
    expect(otherBotWriter([listed(1, 'app[bot]'), listed(2, 'app[bot]'), listed(3, 'carol', 'no marker')], BOT)).toBe('app[bot]');
    expect(otherBotWriter([listed(1, 'app[bot]')], 'app[bot]')).toBeUndefined();
    expect(otherBotWriter([listed(1, 'app[bot]'), listed(2, BOT)], BOT)).toBeUndefined();
    expect(otherBotWriter([listed(1, 'app[bot]'), listed(2, 'other[bot]')], BOT)).toBeUndefined();
    expect(otherBotWriter([listed(1, 'carol')], BOT)).toBeUndefined();
    expect(otherBotWriter([], BOT)).toBeUndefined();
  });
});

describe('postmortem overdue', () => {
  it('lists the items past due from the documents, with their level', async () => {
    let stdout = '';
    const code = await main({ argv: ['overdue', '--as-of', '2024-01-29', '--format', 'json'], cwd: REPO, stdout: (t) => void (stdout += t), stderr: () => undefined, color: false });
    expect(code).toBe(0);
    const { items } = JSON.parse(stdout) as { items: { incident: string; item: string; level: number; daysOverdue: number }[] };
    // The P0 item 4 days late is at level 2; a P1 item 3 days late at level 1; items marked done are not listed.
    expect(items.find((row) => row.incident === 'INC-20240118-0023' && row.item === 'AI-003')).toMatchObject({ daysOverdue: 4, level: 2 });
    expect(items.find((row) => row.incident === 'INC-20240115-0042' && row.item === 'AI-003')).toMatchObject({ daysOverdue: 3, level: 1 });
    expect(items.some((row) => row.incident === 'INC-20231015-0008' && row.item === 'AI-001')).toBe(false);
  });
});
