import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION, overdueBeforeAdoption } from '../../src/escalate/ladder.js';
import { historyOf, needsHistory, planEscalation, type IncidentInfo, type TrackedIssue } from '../../src/escalate/plan.js';
import { formatEscalationReport } from '../../src/escalate/report.js';
import { buildKnowledgeBase } from '../../src/kb/index.js';
import { indexEntryOf } from '../../src/lint/engine.js';
import { describeDocuments } from '../../src/review/documents.js';
import { syncDocuments } from '../../src/sync/documents.js';
import { planSync, type ExistingIssue, type SyncDocument, type SyncSettings } from '../../src/sync/plan.js';
import { syncSettingsOf } from '../../src/sync/settings.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { configError, configWith, fixture, parse, workspaceWith } from '../helpers.js';
import { runCli } from '../support/cli.js';

// Issue 21, "a baseline: adopt without spam": `escalation.since` keeps items that were already overdue when the
// escalation was adopted off the ladder (listed in the report, never pinged); `sync.since` opens no new issues for
// postmortems dated before it unless `sync.backfill`. Fixtures: an old published postmortem (2023-11-20, two open
// items due before the adoption), the action tests' postmortem (2024-06-10), and an undated one without frontmatter.

const BOT = 'github-actions[bot]';
const SINCE = '2024-06-01';
const OLD = 'postmortems/2023-11-20-notification-queue-backlog.md';
const NEW = 'postmortems/2024-06-10-certificates.md';
const UNDATED = 'postmortems/search-reindex-stall.md';

const workspace = (files: Record<string, string>) => workspaceWith(files, 'pm-adoption-');

const run = runCli;

describe('escalation.since and sync.since in the configuration', () => {
  it('are read as dates, and sync.backfill as a boolean', () => {
    const root = workspace({ '.postmortemrc.yml': `sync:\n  since: ${SINCE}\n  backfill: true\nescalation:\n  since: ${SINCE}\n` });
    const config = loadConfig(root);
    expect(config.escalation.since).toBe(SINCE);
    expect(config.sync).toMatchObject({ since: SINCE, backfill: true });
    expect(syncSettingsOf(config)).toMatchObject({ since: SINCE, backfill: true });
    // Unset by default: every item climbs, every postmortem syncs.
    const plain = loadConfig(workspace({}));
    expect(plain.escalation.since).toBeUndefined();
    expect(plain.sync.since).toBeUndefined();
    expect(plain.sync.backfill).toBe(false);
  });

  it('name the file, the key and the line when a value is not a date', () => {
    const at = (text: string) => {
      const error = configError(() => loadConfig(workspace({ '.postmortemrc.yml': text })));
      return { message: error.message, file: error.file, line: error.line };
    };
    expect(at('escalation:\n  dueSoonDays: 3\n  since: 2024-13-01\n')).toEqual({
      message: '"escalation.since" is "2024-13-01", which is not a real calendar date in the form YYYY-MM-DD (for example 2024-06-01)',
      file: '.postmortemrc.yml',
      line: 3,
    });
    expect(at('sync:\n  since: June 1, 2024\n')).toMatchObject({ message: '"sync.since" is "June 1, 2024", which is not a real calendar date in the form YYYY-MM-DD (for example 2024-06-01)', line: 2 });
    expect(at('sync:\n  label: pm\n  since: 20240601\n')).toMatchObject({ message: '"sync.since" is 20240601; it must be a string', line: 3 });
    expect(at('sync:\n  backfill: yes\n')).toMatchObject({ message: '"sync.backfill" is "yes"; it must be a boolean', line: 2 });
  });

  it('exit 2 from the CLI with the file and line', async () => {
    const root = workspace({ [OLD]: fixture('adoption/2023-11-20-notification-queue-backlog.md'), '.postmortemrc.yml': 'escalation:\n  since: 2024-02-30\n' });
    const { code, stderr } = await run(['plan'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('.postmortemrc.yml:2: "escalation.since" is "2024-02-30", which is not a real calendar date');
  });
});

describe('escalation.since: items overdue before adoption', () => {
  const incidents = new Map<string, IncidentInfo>([
    ['INC-20231120-0003', { title: 'Notifications delayed', date: '2023-11-20', authors: ['@bob'], recurredIn: [] }],
    ['INC-20240610-0007', { title: 'Payments API timeouts', date: '2024-06-10', authors: ['@alice'], recurredIn: [] }],
  ]);
  const tracked = (number: number, incident: string, item: string, due: string, overrides: Partial<TrackedIssue> = {}): TrackedIssue => ({
    number,
    state: 'open',
    labels: ['postmortem-action-item'],
    url: `https://github.com/acme/incidents/issues/${number}`,
    title: `[${incident}] ${item}`,
    createdAt: '2024-06-11T09:00:00Z',
    closedAt: undefined,
    author: BOT,
    metadata: { v: 1, incident, item, due, priority: 'P2', type: 'detect', owner: incident === 'INC-20231120-0003' ? '@bob' : '@alice', severity: 'SEV3', file: 'postmortems/x.md' },
    ...overrides,
  });
  // Due before `since`: 199 days overdue on the day the run looks, already late when the escalation was adopted.
  const old = tracked(1, 'INC-20231120-0003', 'AI-002', '2023-12-15');
  // Due after `since`: one day overdue.
  const fresh = tracked(2, 'INC-20240610-0007', 'AI-001', '2024-06-30');
  const settings = { ...DEFAULT_ESCALATION, since: SINCE };
  const input = (issues: TrackedIssue[], overrides: Partial<Parameters<typeof planEscalation>[0]> = {}) => ({ issues, history: new Map(), incidents, asOf: '2024-07-01', settings, toolLogin: BOT, ...overrides });

  it('says nothing on an item overdue before since, and climbs as before for one overdue after it', () => {
    const plan = planEscalation(input([old, fresh]));
    expect(plan.actions.map((action) => `${action.kind}#${action.issue.number}`)).toEqual(['comment#2', 'labels#2']);
    expect(plan.actions[0]).toMatchObject({ kind: 'comment', level: 1, body: expect.stringContaining('@alice: this action item was due on 2024-06-30 and is 1 day overdue') });
    expect(plan.actions[1]).toMatchObject({ kind: 'labels', add: ['overdue'], remove: [] });
    expect(plan.overdue.map((line) => line.issue.number)).toEqual([2]);
    expect(plan.beforeAdoption?.map((line) => line.issue.number)).toEqual([1]);
    expect(plan.labels).toEqual(['overdue']);
    // The old item is not critical (it is off the ladder), though 199 days is past level 3.
    expect(plan.beforeAdoption?.[0]).toMatchObject({ critical: false, standing: { overdueDays: 199, level: 3 } });
    // Without `since`, the same item is told it is at level 3, and its contacts pinged: what adopting must avoid.
    const unset = planEscalation(input([old, fresh], { settings: DEFAULT_ESCALATION }));
    expect(unset.actions.find((action) => action.issue.number === 1)).toMatchObject({ kind: 'comment', level: 3 });
  });

  it('lists the old item in the report under "Overdue before adoption", with no one pinged', () => {
    const plan = planEscalation(input([old, fresh]));
    const body = formatEscalationReport(plan, [old, fresh], '2024-07-01');
    expect(body).toContain('2 open · 1 overdue (0 critical) · 0 due by 2024-07-04 (within 3 days) · 1 overdue before adoption (not escalated) ·');
    const [, afterOverdue] = body.split('### Overdue\n');
    const [ladder, adopted] = afterOverdue!.split('### Overdue before adoption\n');
    expect(ladder).toContain('[#2]');
    expect(ladder).not.toContain('[#1]');
    expect(adopted).toContain('Due before 2024-06-01 (`escalation.since`), so already overdue when the escalation was adopted: listed here, never escalated.');
    expect(adopted).toContain('- [#1](https://github.com/acme/incidents/issues/1) INC-20231120-0003 AI-002 · SEV3 · @&#8288;bob · 199 days overdue (due 2023-12-15)');
    expect(body).not.toMatch(/@(?!&#8288;)[a-z]/);
    // A knowledge base without old items reads as it always did.
    expect(formatEscalationReport(planEscalation(input([fresh])), [fresh], '2024-07-01')).not.toContain('before adoption');
  });

  it('reads no comment history for an old item, unless its incident recurred', () => {
    expect(needsHistory(old, input([old]))).toBe(false);
    expect(needsHistory(fresh, input([fresh]))).toBe(true);
    expect(needsHistory(old, input([old], { settings: DEFAULT_ESCALATION }))).toBe(true);
    const recurred = new Map(incidents);
    recurred.set('INC-20231120-0003', { ...incidents.get('INC-20231120-0003')!, recurredIn: [{ id: 'INC-20240801-0001', date: '2024-08-01', title: 'Queue backlog again' }] });
    expect(needsHistory(old, input([old], { incidents: recurred }))).toBe(true);
  });

  it('still announces a recurrence on an old item: it mentions no one, and is no level', () => {
    const recurred = new Map(incidents);
    recurred.set('INC-20231120-0003', { ...incidents.get('INC-20231120-0003')!, recurredIn: [{ id: 'INC-20240801-0001', date: '2024-08-01', title: 'Queue backlog again' }] });
    const plan = planEscalation(input([old], { incidents: recurred, asOf: '2024-08-02' }));
    expect(plan.actions).toMatchObject([
      { kind: 'comment', level: undefined, recurrences: ['INC-20240801-0001'] },
      { kind: 'labels', add: ['recurrence'], remove: [] },
    ]);
    const comment = plan.actions[0]!;
    expect(comment.kind === 'comment' && comment.body).not.toContain('postmortem-kb:escalation');
    expect(comment.kind === 'comment' && comment.body).not.toMatch(/@/);
  });

  it('leaves the labels of an old item as they are: adopting writes nothing to it', () => {
    const labelled = tracked(1, 'INC-20231120-0003', 'AI-002', '2023-12-15', { labels: ['postmortem-action-item', 'overdue', 'escalated'] });
    expect(planEscalation(input([labelled])).actions).toEqual([]);
  });

  it('judges an item by its due date now: moved to since or later, it climbs from there', () => {
    expect(overdueBeforeAdoption('2024-05-31', SINCE)).toBe(true);
    // Due on the day of adoption: not yet overdue then.
    expect(overdueBeforeAdoption(SINCE, SINCE)).toBe(false);
    expect(overdueBeforeAdoption('2023-12-15', undefined)).toBe(false);
    const moved = tracked(1, 'INC-20231120-0003', 'AI-002', '2024-06-20');
    const plan = planEscalation(input([moved], { history: new Map([[1, historyOf([], BOT)]]) }));
    expect(plan.actions[0]).toMatchObject({ kind: 'comment', level: 2, body: expect.stringContaining('is 11 days overdue') });
    expect(plan.beforeAdoption).toEqual([]);
    // Moved, but still before `since`: still off the ladder.
    expect(planEscalation(input([tracked(1, 'INC-20231120-0003', 'AI-002', '2024-05-20')])).actions).toEqual([]);
    // Due on `since` itself: it climbs.
    expect(planEscalation(input([tracked(1, 'INC-20231120-0003', 'AI-002', SINCE)])).actions[0]).toMatchObject({ kind: 'comment', level: 3 });
  });
});

describe('sync.since: no new issues for postmortems dated before it', () => {
  const optional = configWith({ frontmatter: 'optional', defaults: { status: 'published' } });
  const documents = (): SyncDocument[] =>
    syncDocuments([
      parse(fixture('adoption/2023-11-20-notification-queue-backlog.md'), optional, OLD),
      parse(fixture('action/escalation.md'), optional, NEW),
      parse(fixture('adoption/search-reindex-stall.md'), optional, UNDATED),
    ]);
  const settings = (sync: Partial<SyncSettings> = {}): SyncSettings => ({ ...syncSettingsOf(optional, { toolLogin: BOT }), since: SINCE, ...sync });
  const creates = (plan: ReturnType<typeof planSync>) => plan.actions.filter((action) => action.kind === 'create').map((action) => action.key);

  it('opens issues for the postmortems dated on or after it and those without a date, and says once how many were left out', () => {
    const [oldDocument, newDocument, undated] = documents();
    expect([oldDocument!.date, newDocument!.date, undated!.date]).toEqual(['2023-11-20', '2024-06-10', undefined]);
    const plan = planSync(documents(), [], settings());
    expect(creates(plan)).toEqual(['INC-20240610-0007/AI-001', 'INC-20240610-0007/AI-002', 'INC-20240402-0004/AI-001', 'INC-20240402-0004/AI-002']);
    expect(plan.notes).toEqual([
      'INC-20231120-0003 AI-001 is marked done in its postmortem: no issue is opened for it',
      'sync.since (2024-06-01): 1 postmortem dated before it gets no new issues (2 open action items); set sync.backfill: true to open them',
    ]);
    // Without `since`, the old postmortem's open items are issues too.
    expect(creates(planSync(documents(), [], settings({ since: undefined })))).toContain('INC-20231120-0003/AI-002');
    // A postmortem dated on the day itself is not before it.
    expect(creates(planSync(documents(), [], settings({ since: '2023-11-20' })))).toContain('INC-20231120-0003/AI-002');
  });

  it('counts every postmortem left out in one note', () => {
    const [oldDocument] = documents();
    const twin: SyncDocument = { ...oldDocument!, incident: 'INC-20231201-0001', items: oldDocument!.items.map((item) => ({ ...item, incident: 'INC-20231201-0001', file: 'postmortems/twin.md' })) };
    const notes = planSync([oldDocument!, twin], [], settings()).notes.filter((note) => note.startsWith('sync.since'));
    expect(notes).toEqual(['sync.since (2024-06-01): 2 postmortems dated before it get no new issues (4 open action items); set sync.backfill: true to open them']);
  });

  it('opens them with sync.backfill: true', () => {
    const plan = planSync(documents(), [], settings({ backfill: true }));
    expect(creates(plan)).toEqual(expect.arrayContaining(['INC-20231120-0003/AI-002', 'INC-20231120-0003/AI-003']));
    expect(plan.notes.some((note) => note.startsWith('sync.since'))).toBe(false);
  });

  it('keeps the issues an old postmortem already has in step', () => {
    const [oldDocument] = documents();
    const [create] = planSync([oldDocument!], [], settings({ since: undefined })).actions.filter((action) => action.kind === 'create');
    if (create?.kind !== 'create') throw new Error('expected a create');
    const existing: ExistingIssue = { number: 7, state: 'open', title: create.content.title, body: create.content.body, labels: create.content.labels, assignees: ['bob'], url: 'https://github.com/acme/incidents/issues/7', author: { login: BOT, type: 'Bot' } };
    // The item's due date moved in the postmortem: its issue follows; the item without an issue still gets none.
    const moved = { ...oldDocument!, items: oldDocument!.items.map((item) => (item.item === 'AI-002' ? { ...item, due: '2024-07-15' } : item)) };
    const plan = planSync([moved], [existing], settings());
    expect(plan.actions.map((action) => `${action.kind}:${action.key}`)).toEqual(['update:INC-20231120-0003/AI-002']);
    expect(plan.notes).toContain('sync.since (2024-06-01): 1 postmortem dated before it gets no new issues (1 open action item); set sync.backfill: true to open them');
  });

  it('warns of no cap on an old postmortem: it opens nothing', () => {
    const [oldDocument] = documents();
    expect(planSync([oldDocument!], [], settings({ maxItemsPerDocument: 1 })).capped).toEqual([]);
    expect(planSync([oldDocument!], [], settings({ maxItemsPerDocument: 1, since: undefined })).capped).toHaveLength(1);
  });

  it('holds back the same in `postmortem plan` and in the pull request review’s preview', async () => {
    const files = { [OLD]: fixture('adoption/2023-11-20-notification-queue-backlog.md'), [NEW]: fixture('action/escalation.md') };
    const root = workspace({ ...files, '.postmortemrc.yml': `sync:\n  since: ${SINCE}\n` });
    const json = JSON.parse((await run(['plan', '--format', 'json'], root)).stdout) as { actions: { key: string }[]; notes: string[] };
    expect(json.actions.map((action) => action.key)).toEqual(['INC-20240610-0007/AI-001', 'INC-20240610-0007/AI-002']);
    expect(json.notes).toContain('sync.since (2024-06-01): 1 postmortem dated before it gets no new issues (2 open action items); set sync.backfill: true to open them');
    const backfilled = workspace({ ...files, '.postmortemrc.yml': `sync:\n  since: ${SINCE}\n  backfill: true\n` });
    const all = JSON.parse((await run(['plan', '--format', 'json'], backfilled)).stdout) as { actions: { key: string }[] };
    expect(all.actions).toHaveLength(4);

    // The review of a pull request adding the old postmortem says no issue opens on merge, and why, as the sync will open none.
    const previewOf = (root: string) => {
      const config = loadConfig(root);
      const parsed = Object.entries(files).map(([path, text]) => parse(text, config, path));
      const knowledgeBase = buildKnowledgeBase(parsed.flatMap((file) => indexEntryOf(file, config)), config.knowledgeBase);
      const [report] = describeDocuments([parsed[0]!], knowledgeBase, () => [], config, [], BOT);
      return report!.plan;
    };
    expect(previewOf(root)).toEqual({ notYet: expect.stringMatching(/^it is dated before sync\.since \(\d{4}-\d{2}-\d{2}\): its action items open no new issues; set sync\.backfill: true to open them\.$/) });
    expect(previewOf(backfilled)).toHaveLength(2);
  });
});
