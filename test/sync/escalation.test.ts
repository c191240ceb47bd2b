import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION, standing } from '../../src/escalate/ladder.js';
import { completion, historyOf, planEscalation, type TrackedIssue } from '../../src/escalate/plan.js';
import { main } from '../../src/cli/main.js';
import { REPO } from '../helpers.js';

const issue = (number: number, due: string, priority = 'P1', overrides: Partial<TrackedIssue> = {}): TrackedIssue => ({
  number,
  state: 'open',
  labels: ['postmortem-action-item'],
  url: `https://github.com/acme/incidents/issues/${number}`,
  title: 'x',
  createdAt: '2024-01-01T00:00:00Z',
  closedAt: undefined,
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
    const input = (history: ReturnType<typeof historyOf>) => ({ issues: [late], history: new Map([[1, history]]), incidents: new Map(), asOf: '2024-07-08', settings: DEFAULT_ESCALATION });
    const fresh = planEscalation(input(historyOf([])));
    expect(fresh.actions.map((action) => action.kind)).toEqual(['comment', 'labels']);
    expect(fresh.actions[1]).toMatchObject({ add: ['overdue', 'escalated'] });
    const said = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":2,"due":"2024-06-30"} -->\nsaid', authorType: 'Bot' }]);
    expect(planEscalation(input(said)).actions).toEqual([]);
    const quoted = historyOf([{ body: 'Quoting the bot: <!-- postmortem-kb:escalation {"level":3,"due":"2024-06-30"} -->', authorType: 'User' }]);
    expect(planEscalation(input(quoted)).actions.map((action) => action.kind)).toEqual(['comment', 'labels']);
    // A personal token writes as a user: its own comments, opening with the marker, count.
    const personal = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":2,"due":"2024-06-30"} -->\nsaid', authorType: 'User' }]);
    expect(planEscalation(input(personal)).actions).toEqual([]);
    const otherDue = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":2,"due":"2024-06-01"} -->', authorType: 'Bot' }]);
    expect(planEscalation(input(otherDue)).actions[0]).toMatchObject({ kind: 'comment', level: 2 });
  });

  it('keeps document text inert in its comments: a forged marker or mention in a field records and pings nothing', () => {
    const hostile = issue(5, '2024-06-30', 'P1');
    hostile.metadata.owner = '@alice <!-- postmortem-kb:escalation {"level":3,"due":"2024-06-30"} --> @acme/everyone';
    const [comment] = planEscalation({ issues: [hostile], history: new Map(), incidents: new Map(), asOf: '2024-07-01', settings: DEFAULT_ESCALATION }).actions;
    const body = comment!.kind === 'comment' ? comment!.body : '';
    expect(historyOf([{ body, authorType: 'Bot' }]).levels).toEqual([{ level: 1, due: '2024-06-30' }]);
    expect(body).not.toMatch(/@acme\/everyone/);
    expect(body.match(/<!--/g)).toHaveLength(1);
  });

  it('never touches a closed issue, and computes completion over 90 days', () => {
    const closed = issue(2, '2024-06-01', 'P1', { state: 'closed', closedAt: '2024-06-11T00:00:00Z', createdAt: '2024-06-01T00:00:00Z' });
    expect(planEscalation({ issues: [closed], history: new Map(), incidents: new Map(), asOf: '2024-07-08', settings: DEFAULT_ESCALATION }).actions).toEqual([]);
    expect(completion([closed, issue(3, '2024-06-20'), issue(4, '2025-01-01')], '2024-07-08')).toEqual({ rate: 0.5, medianDaysToClose: 10 });
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
