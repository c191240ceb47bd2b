import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import reportSchema from '../../schemas/escalation-report.schema.json' with { type: 'json' };
import { DEFAULT_ESCALATION, type EscalationSettings } from '../../src/escalate/ladder.js';
import { incidentInfo } from '../../src/escalate/incidents.js';
import { incidentsToRead } from '../../src/escalate/history.js';
import { historyOf, planEscalation, type EscalationAction, type TrackedIssue } from '../../src/escalate/plan.js';
import { formatEscalationReport, formatSummaryReport } from '../../src/escalate/report.js';
import { itemKey, itemRows } from '../../src/escalate/rows.js';
import { escalationSummary, JSON_ITEMS_LIMIT, summaryJson, summaryLine } from '../../src/escalate/summary.js';
import { syncDocuments } from '../../src/sync/documents.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { createReader } from '../../src/workspace/reader.js';
import { expectGolden } from '../support/golden.js';
import { render } from '../support/rendered.js';
import { REPO } from '../helpers.js';

// Issue 22, "feedback people act on": the escalation's comments and its report, read by an owner and a manager,
// on the seed's knowledge base (postmortems/) as the action reads it.

const BOT = 'github-actions[bot]';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const LINKS = { blob: `https://github.com/acme-example/incidents/blob/${COMMIT}/` };
const INDEX = { path: 'postmortems/README.md', url: 'https://github.com/acme-example/incidents/blob/main/postmortems/README.md' };
/** SEV2 has contacts; the SEV3 incidents fall back to their postmortem's authors. */
const SETTINGS: EscalationSettings = { ...DEFAULT_ESCALATION, contacts: { SEV2: ['@acme-example/sre-leads'] } };
/** Closed by their owners: the completion rate counts them. */
const CLOSED: Record<string, string> = { 'INC-20240115-0042 AI-001': '2024-01-17T15:00:00Z', 'INC-20240115-0042 AI-002': '2024-01-22T10:00:00Z' };

/** The seed's knowledge base, and one issue per open item, as the sync opened them the day after each incident. */
async function seed() {
  const config = loadConfig(REPO);
  const reader = createReader({ config, cwd: REPO });
  const knowledgeBase = await reader.index();
  const incidents = incidentInfo(knowledgeBase);
  const items = syncDocuments(reader.parseAll(await reader.discover())).flatMap((document) => document.items.filter((item) => !item.closedInDocument));
  const issues: TrackedIssue[] = items.map((item, index) => {
    const closedAt = CLOSED[`${item.incident} ${item.item}`];
    const opened = new Date(Date.parse(`${item.incidentDate}T09:00:00Z`) + 86_400_000).toISOString();
    return {
      number: index + 1,
      state: closedAt ? 'closed' : 'open',
      labels: ['postmortem-action-item'],
      url: `https://github.com/acme-example/incidents/issues/${index + 1}`,
      title: `[${item.incident}] ${item.item}: ${item.description}`,
      createdAt: opened,
      closedAt,
      author: BOT,
      metadata: { v: 1, incident: item.incident, item: item.item, due: item.due, priority: item.priority, type: item.type, owner: item.owner, severity: item.severity, file: item.file },
    };
  });
  return { reader, knowledgeBase, incidents, issues };
}

async function planned(asOf: string, history = new Map<number, ReturnType<typeof historyOf>>()) {
  const { reader, knowledgeBase, incidents, issues } = await seed();
  const rows = itemRows(reader.incidents(knowledgeBase)(incidentsToRead(issues, { incidents, asOf, settings: SETTINGS, toolLogin: BOT })));
  const plan = planEscalation({ issues, history, incidents, asOf, settings: SETTINGS, toolLogin: BOT, links: LINKS, rows });
  return { plan, issues, incidents, rows };
}

const numberOf = (issues: readonly TrackedIssue[], incident: string, item: string) => issues.find((issue) => issue.metadata.incident === incident && issue.metadata.item === item)!.number;
const commentOn = (actions: readonly EscalationAction[], number: number) => {
  const action = actions.find((entry) => entry.kind === 'comment' && entry.issue.number === number);
  return action?.kind === 'comment' ? action.body : '';
};

describe('the escalation’s words, on the seed’s knowledge base', () => {
  it('escalation comments: to the owner, then to the contacts of the severity, or the postmortem’s authors (golden)', async () => {
    const { plan, issues } = await planned('2024-02-05');
    const owner = commentOn(plan.actions, numberOf(issues, 'INC-20240115-0042', 'AI-004'));
    const contacts = commentOn(plan.actions, numberOf(issues, 'INC-20240115-0042', 'AI-003'));
    const authors = commentOn(plan.actions, numberOf(issues, 'INC-20240118-0023', 'AI-003'));
    expectGolden(
      'escalation-comment.md',
      [
        `<!-- golden: level 1, to the owner (INC-20240115-0042 AI-004, as of 2024-02-05) -->\n\n${owner}`,
        `<!-- golden: level 2, to the SEV2 contacts (INC-20240115-0042 AI-003) -->\n\n${contacts}`,
        `<!-- golden: level 2 of a P0 item, to the postmortem’s authors: no contacts for SEV3 (INC-20240118-0023 AI-003) -->\n\n${authors}`,
      ].join('\n\n---\n\n'),
    );

    // Who is asked and why, in words; the item by its title; the row linked at the commit read; how to stop it.
    expect(owner).toContain('⏰ @acme-example/eng-mgr: this action item was due on 2024-01-31 and is 5 days overdue.');
    expect(owner).toContain('If it is still open on 2024-02-07 (7 days overdue), the SEV2 contacts are asked.');
    expect(contacts).toContain('🚨 Now asking @acme-example/sre-leads, the SEV2 contacts, because this action item is 10 days overdue (due 2024-01-26, owner @acme-example/qa).');
    expect(authors).toContain('the postmortem’s authors (no escalation contacts are set for SEV3)');
    expect(authors).toContain('because this action item is 11 days overdue (due 2024-01-25, owner @acme-example/platform). P0 items climb the ladder twice as fast.');
    expect(contacts).toContain('**Add load testing for bulk ops to CI**');
    expect(contacts).toContain(`(${LINKS.blob}postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md?plain=1#L96)`);
    expect(contacts).toContain('**To stop this:** close this issue once the item is done');
    const rendered = render(contacts);
    expect(rendered.mentions).toEqual(['@acme-example/sre-leads', '@acme-example/qa']);
    expect(rendered.links.map((link) => link.url)).toEqual([`${LINKS.blob}postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md?plain=1#L96`]);
    // The markers are those the previous version wrote: its history still reads them, and this one's.
    expect(historyOf([{ body: contacts, author: BOT }], BOT).levels).toEqual([{ level: 2, due: '2024-01-26' }]);
  });

  it('a recurrence comment: which incident happened again, when, with a link to its postmortem (golden)', async () => {
    const { issues } = await seed();
    const number = numberOf(issues, 'INC-20231015-0008', 'AI-002');
    // Level 3 was said already: the comment is the recurrences alone.
    const said = historyOf([{ body: '<!-- postmortem-kb:escalation {"level":3,"due":"2023-11-15"} -->\nsaid', author: BOT }], BOT);
    const { plan } = await planned('2024-02-05', new Map([[number, said]]));
    const body = commentOn(plan.actions, number);
    expectGolden('recurrence-comment.md', body);
    expect(body).toContain('🔁 INC-20231015-0008 happened again on 2023-12-01; this item was meant to prevent it.');
    expect(body).toContain('🔁 INC-20231015-0008 happened again on 2024-01-18; this item was meant to prevent it.');
    expect(render(body).links.map((link) => link.url)).toEqual([`${LINKS.blob}postmortems/2023-12-01-organization-dashboard-n-plus-one-queries.md`, `${LINKS.blob}postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md`]);
    expect(render(body).mentions).toEqual([]);
    expect(historyOf([{ body, author: BOT }], BOT).recurrences).toEqual(['INC-20231201-0019', 'INC-20240118-0023']);
  });

  it('the report: at a glance first, the index, each item by its title (golden)', async () => {
    const { plan, issues, incidents, rows } = await planned('2024-02-12');
    const summary = escalationSummary(plan, issues, '2024-02-12', { rows, incidents, index: INDEX });
    const body = formatSummaryReport(summary);
    expectGolden('escalation-report.md', body);
    const [marker, heading, , glance, , index] = body.split('\n');
    expect([marker, heading]).toEqual(['<!-- postmortem-kb:report -->', '## Postmortem action items']);
    expect(glance).toBe('**At a glance, 2024-02-12:** 10 open · 7 overdue (2 critical) · 1 due by 2024-02-15 (within 3 days) · 2 of 9 items due in the last 90 days closed (22%).');
    expect(index).toContain(`Knowledge base: [postmortems/README.md](${INDEX.url})`);
    expect(body).toContain('**Add load testing for bulk ops to CI** — INC-20240115-0042 AI-003');
    // The same day, the same text: a re-run has nothing to write.
    expect(formatEscalationReport(plan, issues, '2024-02-12', { rows, incidents, index: INDEX })).toBe(body);
    expect(render(body).mentions).toEqual([]);
  });
});

describe('report-json', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ((formatsModule as unknown as { default?: (a: Ajv2020) => void }).default ?? (formatsModule as unknown as (a: Ajv2020) => void))(ajv);
  const validate = ajv.compile(reportSchema);

  it('holds what the report shows, valid against its schema', async () => {
    const { plan, issues, incidents, rows } = await planned('2024-02-12');
    const summary = escalationSummary(plan, issues, '2024-02-12', { rows, incidents, index: INDEX });
    const data = JSON.parse(summaryJson(summary, { url: 'https://github.com/acme-example/incidents/issues/40' })) as Record<string, unknown> & { overdueByOwner: { owner: string; items: { issue: number; title: string; critical: boolean }[] }[]; counts: Record<string, number> };
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data.counts).toEqual({ open: 10, overdue: 7, critical: 2, dueSoon: 1, overdueBeforeAdoption: 0 });
    expect(data.summary).toBe('Postmortem action items as of 2024-02-12: 10 open, 7 overdue (2 critical), 1 due by 2024-02-15; 2 of 9 items due in the last 90 days closed (22%).');
    expect(data.summary).toBe(summaryLine(summary));
    expect(data.reportUrl).toBe('https://github.com/acme-example/incidents/issues/40');
    const shown = data.overdueByOwner.flatMap((group) => group.items);
    expect(shown).toHaveLength(7);
    // Every overdue line of the report is an item of the JSON, by the same issue and title.
    const report = formatSummaryReport(summary);
    for (const item of shown) expect(report).toContain(`(https://github.com/acme-example/incidents/issues/${item.issue}) **${item.title}**`);
    expect(shown.filter((item) => item.critical).map((item) => item.issue).sort()).toEqual([numberOf(issues, 'INC-20231015-0008', 'AI-002'), numberOf(issues, 'INC-20240118-0023', 'AI-003')].sort());
  });

  it('keeps document text as data, bounded, and lists at most 100 items per list with the rest counted', () => {
    const hostile = '<!channel> @everyone "quoted" \\ </script>\n# heading ' + 'x'.repeat(10_000);
    const issues: TrackedIssue[] = Array.from({ length: 250 }, (_, n) => ({
      number: n + 1,
      state: 'open',
      labels: [],
      url: `https://github.com/acme/incidents/issues/${n + 1}`,
      title: `[INC-1] AI-${n}: ${hostile}`,
      createdAt: '2024-01-01T00:00:00Z',
      closedAt: undefined,
      author: BOT,
      metadata: { v: 1, incident: 'INC-1', item: `AI-${n}`, due: n < 200 ? '2024-01-02' : '2024-01-22', priority: 'P1', type: 'detect', owner: n % 2 === 0 ? `@owner${n % 7} ${hostile}` : '', severity: 'SEV2', file: 'a.md' },
    }));
    const incidents = new Map([['INC-1', { title: hostile, date: '2024-01-01', authors: [], recurredIn: [] }]]);
    const plan = planEscalation({ issues, history: new Map(), incidents, asOf: '2024-01-20', settings: DEFAULT_ESCALATION, toolLogin: BOT });
    const json = summaryJson(escalationSummary(plan, issues, '2024-01-20', { incidents }), { url: undefined });
    const data = JSON.parse(json) as { counts: { overdue: number; dueSoon: number }; omitted: { overdue: number }; overdueByOwner: { owner: string; items: { title: string; owner: string }[] }[]; incidents: { title: string }[] };
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data.counts).toMatchObject({ open: 250, overdue: 200, dueSoon: 50 });
    expect(data.overdueByOwner.flatMap((group) => group.items)).toHaveLength(JSON_ITEMS_LIMIT);
    expect(data.omitted.overdue).toBe(100);
    const title = data.overdueByOwner[0]!.items[0]!.title;
    // As written (the reader escapes it for its place), on one line, cut.
    expect(title.startsWith('<!channel> @everyone "quoted" \\ </script> # heading xxx')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(200);
    expect(data.incidents[0]!.title.length).toBeLessThanOrEqual(200);
    expect(data.overdueByOwner.every((group) => group.owner.length <= 100)).toBe(true);
    // The items without an owner come last (here, past the JSON's first 100 items).
    expect(escalationSummary(plan, issues, '2024-01-20').overdueByOwner.at(-1)).toMatchObject({ owner: '', items: expect.any(Array) });
    expect(data.overdueByOwner.some((group) => group.owner === '')).toBe(false);
    expect(json.length).toBeLessThan(200_000);
    expect(json).not.toMatch(/\n/);
  });
});

describe('titles', () => {
  it('come from the postmortem’s row, else from the issue’s title without the sync’s prefix', async () => {
    const { rows, issues } = await planned('2024-02-05');
    expect(rows.get(itemKey('INC-20240118-0023', 'AI-003'))).toEqual({ line: 51, title: 'Implement query count lint rule in CI', file: 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md' });
    const issue = issues.find((entry) => entry.metadata.item === 'AI-003' && entry.metadata.incident === 'INC-20240118-0023')!;
    const plan = planEscalation({ issues: [{ ...issue, title: '[INC-20240118-0023] AI-003: Lint the query count' }], history: new Map(), incidents: new Map([['INC-20240118-0023', { title: '', date: '', authors: [], recurredIn: [] }]]), asOf: '2024-02-05', settings: SETTINGS, toolLogin: BOT });
    const body = formatEscalationReport(plan, [issue], '2024-02-05');
    expect(commentOn(plan.actions, issue.number)).toContain('**Lint the query count** — INC-20240118-0023 AI-003, in postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md.');
    // Without a link base, nothing is linked: the file is named.
    expect(render(commentOn(plan.actions, issue.number)).links).toEqual([]);
    expect(body).toContain('**Lint the query count** — INC-20240118-0023 AI-003');
  });
});
