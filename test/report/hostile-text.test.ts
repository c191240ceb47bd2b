import { describe, expect, it } from 'vitest';
import { formatEscalationReport } from '../../src/escalate/report.js';
import { DEFAULT_ESCALATION } from '../../src/escalate/ladder.js';
import { planEscalation, type EscalationPlan, type TrackedIssue } from '../../src/escalate/plan.js';
import type { Finding } from '../../src/model/finding.js';
import { formatIndexPage } from '../../src/report/index-page.js';
import { formatRelated, formatPatterns, type PatternReport, type RelatedReport } from '../../src/report/knowledge.js';
import { formatLintReport, type LintReport } from '../../src/report/pull-request.js';
import { formatStylish } from '../../src/report/stylish.js';
import { formatSummary } from '../../src/report/summary.js';
import { parseMetadata } from '../../src/sync/marker.js';
import { syncDocuments } from '../../src/sync/documents.js';
import { planSync, type SyncItem } from '../../src/sync/plan.js';
import { BODY_LIMIT, TITLE_LIMIT } from '../../src/sync/render.js';
import { fixture, parse } from '../helpers.js';
import { render } from '../support/rendered.js';
import { parseCommands } from '../support/runner.js';

/** The names from issue 19: a line break that starts a heading of mentions, and a `)` that ends a link early. */
const PINGED = 'postmortems/2024-03-01-x\n# PINGED @alice @bob\n.md';
const CAROL = 'postmortems/2024-03-02-y)@carol hi.md';
const BLOB = 'https://github.com/acme/incidents/blob/abc/';
const finding = (message: string): Finding => ({ ruleId: 'placeholder', severity: 'error', messageId: 'word', data: {}, message, line: 3, column: 1, endLine: 3, endColumn: 1 });

/** Every link to a file goes to the whole file name, and the file name is the only thing in it. */
function expectFileLinks(links: { url: string }[], names: string[]): void {
  const files = links.filter((link) => link.url.startsWith(BLOB));
  expect(files.length).toBeGreaterThan(0);
  for (const link of files) expect(names).toContain(link.url.slice(BLOB.length).replace(/\?plain=1#L\d+$/, '').split('/').map(decodeURIComponent).join('/'));
}

describe('file names in the pull request comment and the job summary', () => {
  const report = (described: boolean): LintReport => ({
    scope: 'Pull request #7 changes 2 postmortems',
    results: [PINGED, CAROL].map((filePath) => ({ filePath, findings: [finding('Placeholder "TBD"')] })),
    hidden: { errors: 0, warnings: 0 },
    documents: described ? [PINGED, CAROL].map((path) => ({ path, id: undefined, title: undefined, related: [], pattern: undefined, plan: [], timeline: [] })) : [],
    blobBase: BLOB,
    ruleUrl: () => 'https://example.com/rules/placeholder',
  });

  it('make no heading and ping nobody; the links go to the files (the comment, and the summary at its larger limit)', () => {
    for (const [described, limit] of [[true, 65_536 - 50], [false, 1024 * 1024]] as const) {
      const rendered = render(formatLintReport(report(described), limit));
      expect(rendered.mentions).toEqual([]);
      // The tool's own HTML only: one <details> per file, its summary the whole name on one line, escaped as text.
      for (const html of rendered.html) {
        expect(html).toMatch(/^(?:<details open><summary>❌ [^<>\n]*: 1 error<\/summary>|<\/details>)$/);
        expect(html).not.toMatch(/@(?!&#8288;)/);
      }
      expect(rendered.html.filter((html) => html.startsWith('<details'))).toHaveLength(2);
      expect(rendered.html.join('\n')).toContain('postmortems/2024-03-01-x&#92;n&#35; PINGED @&#8288;alice @&#8288;bob&#92;n.md');
      // The tool's own headings only: the review and the list of postmortems; a file name makes none.
      expect(rendered.headings).toEqual(['Postmortem review', 'Postmortems']);
      expectFileLinks(rendered.links, [PINGED, CAROL]);
      if (described) expect(rendered.text).toContain('postmortems/2024-03-01-x\\n# PINGED @alice @bob\\n.md');
    }
  });

  it('make no heading and ping nobody in the lint summary either', () => {
    const clean = render(formatSummary([{ filePath: PINGED, findings: [] }, { filePath: CAROL, findings: [] }], { blobBase: BLOB, scope: 'The knowledge base' }));
    expect([clean.headings, clean.mentions]).toEqual([['Postmortem lint'], []]);
    const dirty = render(formatSummary([{ filePath: PINGED, findings: [finding('x')] }, { filePath: CAROL, findings: [finding('y')] }], { blobBase: BLOB, scope: 'The knowledge base' }));
    expect(dirty.headings).toHaveLength(3);
    expect(dirty.mentions).toEqual([]);
    expectFileLinks(dirty.links, [PINGED, CAROL]);
  });
});

describe('file names and titles on the knowledge base’s front page (also the sync’s job summary)', () => {
  it('link the whole file name and ping nobody', () => {
    const row = { id: 'INC-1', title: 'Title\n# PINGED @dave', date: '2024-03-02', severity: 'SEV2', status: 'published', tags: ['a|b'], services: [], path: CAROL, durations: {}, items: { total: 0, done: 0, wontDo: 0, open: 0, known: true }, lessons: ['<a href="https://e">x</a>'] };
    const rendered = render(formatIndexPage([row], [], (entry) => `https://github.com/acme/incidents/blob/main/${entry.path}`));
    expect(rendered.mentions).toEqual([]);
    expect(rendered.html.filter((html) => !html.startsWith('<!-- Generated'))).toEqual([]);
    expect(rendered.links).toEqual([{ url: 'https://github.com/acme/incidents/blob/main/postmortems/2024-03-02-y%29@carol%20hi.md', text: 'INC-1' }]);
    expect(rendered.tableRows[1]).toHaveLength(8);
    expect(rendered.headings.some((heading) => heading.startsWith('PINGED'))).toBe(false);
  });
});

describe('document text in the CLI’s text output', () => {
  const forged = 'postmortems/x\n::error title=Forged::owned\r\n  ::warning::again\u001b[2J.md';
  const noCommands = (out: string) => {
    expect(parseCommands(out)).toEqual([]);
    for (const line of out.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
  };

  it('stylish prints a file name and a message on their own lines, never as workflow commands', () => {
    for (const color of [false, true]) {
      const out = formatStylish([{ filePath: forged, findings: [finding('Owner "x\n::error::forged"')] }], { color });
      noCommands(out);
      // The name, the finding, a blank line, the total: nothing from the document adds a line.
      expect(out.split('\n')).toHaveLength(5);
      expect(out).toContain('postmortems/x\\n:\u200b:error title=Forged:\u200b:owned\\r\\n  :\u200b:warning:\u200b:again\\x1b[2J.md');
    }
  });

  it('related and patterns print titles, ids, tags and items on their own lines', () => {
    const item = { incident: '::warning::INC', id: 'AI-1\n::error::x', description: 'Fix\n::error::it', owner: '@a\n::notice::b', due: '2024-01-01', status: 'open' };
    const pattern = { tags: ['n+1\n::error::tag'], count: 3, windowDays: 180, incidents: ['INC-1', '\n::error::INC-2'], text: '3rd occurrence\n::error::of x', openActionItems: [item] } as unknown as PatternReport;
    const report: RelatedReport = {
      id: 'INC-20240301-0001',
      title: 'Title\n::warning::forged title',
      date: '2024-03-01',
      related: [{ id: '::error::INC-2', title: 'Other\n::warning::x', date: '2024-01-01\n::error::d', score: 1, sharedTags: ['a\n::error::b'], sharedServices: [], linked: true }],
      pattern,
    };
    noCommands(formatRelated(report));
    expect(formatRelated(report).split('\n')[0]).toBe('INC-20240301-0001  Title\\n:\u200b:warning:\u200b:forged title (2024-03-01)');
    noCommands(formatPatterns([pattern], new Map([['INC-1', '2024-01-01\n::error::date']])));
  });
});

const ITEM: SyncItem = {
  incident: 'INC-20240115-0042',
  item: 'AI-001',
  description: 'Add a monitor',
  owner: '@alice',
  due: '2024-01-20',
  priority: 'P1',
  type: 'detect',
  severity: 'SEV2',
  file: 'postmortems/a.md',
  incidentTitle: 'Pool exhaustion',
  incidentDate: '2024-01-15',
  related: [],
  closedInDocument: false,
};
const SETTINGS = { ownershipLabel: 'postmortem-action-item', removedLabel: 'removed-from-postmortem', statuses: ['published'], linkBase: 'https://github.com/acme/incidents/blob/main/' };

function created(items: SyncItem[]): { title: string; body: string }[] {
  return planSync([{ incident: items[0]!.incident, status: 'published', items, untracked: 0 }], [], SETTINGS).actions.flatMap((action) => (action.kind === 'create' ? [action.content] : []));
}

describe('document text in issue bodies', () => {
  it('is escaped as text: no picture, link, details or forged table cell from a description or an incident title', () => {
    const [issue] = created([
      {
        ...ITEM,
        description: 'See <picture><source srcset="https://evil.example/x.png"><img src="https://evil.example/y.png"></picture> and <a href="https://evil.example/login">login here</a> <details><summary>more',
        incidentTitle: 'Pool | Owner | @mallory ](https://evil.example) [x',
        related: ['INC-1 | forged', '<b>INC-2</b>'],
      },
    ]);
    const rendered = render(issue!.body);
    // Only the tool's own hidden markers are HTML.
    expect(rendered.html.map((html) => html.slice(0, 20))).toEqual(['<!-- postmortem-kb:i', '<!-- postmortem-kb:e']);
    expect(rendered.links).toEqual([
      { url: 'https://github.com/acme/incidents/blob/main/postmortems/a.md#action-items', text: 'INC-20240115-0042 · Pool | Owner | @\u2060mallory ](https://evil.example) [x' },
      { url: 'https://github.com/acme/incidents/blob/main/postmortems/a.md#action-items', text: 'the postmortem' },
    ]);
    for (const row of rendered.tableRows) expect(row).toHaveLength(2);
    expect(rendered.tableRows.map((row) => row[0])).toEqual(['', 'Incident', 'Severity', 'Incident date', 'Due', 'Priority', 'Type', 'Owner', 'Related incidents']);
    expect(rendered.mentions).toEqual(['@alice']);
    expect(rendered.text).toContain('<a href="https://evil.example/login">login here</a> <details><summary>more');
  });

  it('from a postmortem with 4,000 related ids and a 70,000-character owner fits GitHub’s limits, and the owner is not stored whole', () => {
    const related = Array.from({ length: 4_000 }, (_, n) => `INC-20230101-${String(n).padStart(4, '0')}`);
    const huge = (unit: string) => unit.repeat(Math.ceil(70_000 / unit.length)).slice(0, 70_000);
    const source = fixture('rules/complete-sev2.md')
      .replace('title: Payments API timeouts after a certificate rotation', `title: "${huge('<a|')}"`)
      .replace('confidence: 90', `confidence: 90\nrelated: [${related.join(', ')}]`)
      .replace('| AI-001 | repair | Install the full chain with every certificate rotation | @alice |', `| AI-001 | repair | ${huge('&<@x ')} | ${huge('@acme/everyone ')} |`);
    const documents = syncDocuments([parse(source, undefined, 'postmortems/2024-06-10-certificates.md')]);
    expect(documents[0]!.items[0]!.incidentTitle).toHaveLength(70_000);
    expect(documents[0]!.items[0]!.related).toHaveLength(4_000);
    const issues = planSync(documents, [], SETTINGS).actions.flatMap((action) => (action.kind === 'create' ? [action.content] : []));
    expect(issues).toHaveLength(3);
    for (const issue of issues) {
      expect(issue.body.length).toBeLessThanOrEqual(BODY_LIMIT);
      expect(issue.title.length).toBeLessThanOrEqual(TITLE_LIMIT);
      expect(issue.body).toMatch(/INC-20230101-0019 and 3980 more \|/);
    }
    const owner = parseMetadata(issues[0]!.body)!.owner;
    expect(owner.length).toBeLessThanOrEqual(200);
    expect(owner.endsWith('…')).toBe(true);
    expect(render(issues[0]!.body).mentions).toEqual([]);
  });

  it('is shed, not cut, when a body would not fit: the block stays whole whatever the fields hold', () => {
    const worst = { ...ITEM, description: '|'.repeat(70_000), incidentTitle: '\u2028'.repeat(70_000), related: Array.from({ length: 4_000 }, () => '&'.repeat(100)), file: `postmortems/${'('.repeat(250)}/${'é'.repeat(120)}.md` };
    const [issue] = created([worst]);
    expect(issue!.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(parseMetadata(issue!.body)).toMatchObject({ incident: 'INC-20240115-0042', item: 'AI-001' });
    expect(issue!.body).toMatch(/<!-- postmortem-kb:end -->$/);
  });
});

describe('document text in the escalation report', () => {
  it('escapes owners and ids, and fits a 70,000-character owner', () => {
    const issue = (number: number, owner: string): TrackedIssue =>
      ({
        number,
        state: 'open',
        labels: [],
        url: `https://github.com/acme/incidents/issues/${number}`,
        title: 't',
        createdAt: '2024-01-01T00:00:00Z',
        closedAt: undefined,
        metadata: { v: 1, incident: 'INC-1 | <b>x</b>', item: 'AI-1', due: '2024-01-02', priority: 'P1', type: 'detect', owner, severity: 'SEV2', file: 'a.md' },
      }) as TrackedIssue;
    const issues = [issue(1, `<details><summary>@alice ${'x'.repeat(70_000)}`), issue(2, '@bob\n# PINGED')];
    const plan: EscalationPlan = { actions: [], overdue: issues.map((entry) => ({ issue: entry, standing: { overdueDays: 9, level: 2, dueSoon: false }, critical: false })), dueSoon: [], labels: [], labelSpecs: [] };
    const body = formatEscalationReport(plan, issues, '2024-01-11');
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    const rendered = render(body);
    expect(rendered.html).toEqual(['<!-- postmortem-kb:report -->']);
    expect(rendered.mentions).toEqual([]);
    expect(rendered.headings.filter((heading) => heading.includes('PINGED'))).toEqual(['@\u2060bob # PINGED']);
    // One owner is one line of the report, not 70,000 characters of it.
    expect(rendered.headings.find((heading) => heading.startsWith('<details>'))).toMatch(/^<details><summary>@\u2060alice x{70,}…$/);
    expect(rendered.headings.find((heading) => heading.startsWith('<details>'))!.length).toBeLessThanOrEqual(101);
    expect(rendered.tableRows.every((row) => row.length === 3)).toBe(true);
  });
});

describe('document text in escalation comments', () => {
  it('shows recurrence titles as text and fits GitHub’s limit with 40 recurrences and 4,000 authors', () => {
    const bot = 'github-actions[bot]';
    const tracked = {
      number: 5,
      state: 'open',
      labels: [],
      url: 'https://github.com/acme/incidents/issues/5',
      title: 't',
      createdAt: '2024-01-01T00:00:00Z',
      closedAt: undefined,
      author: bot,
      metadata: { v: 1, incident: 'INC-1', item: 'AI-1', due: '2024-01-02', priority: 'P1', type: 'detect', owner: '@alice', severity: 'SEV2', file: 'a.md' },
    } as TrackedIssue;
    const recurredIn = Array.from({ length: 40 }, (_, n) => ({ id: `INC-2024020${n}`, date: '2024-02-01', title: `<a href="https://evil.example">login</a> | ${'@everyone '.repeat(2_000)}` }));
    // The first author is a "handle" no login can be: shown as text, not pinged.
    const authors = [`@${'a'.repeat(70_000)}`, ...Array.from({ length: 3_999 }, (_, n) => `@user${n}`)];
    const { actions } = planEscalation({
      issues: [tracked],
      history: new Map(),
      incidents: new Map([['INC-1', { title: 'x', date: '2024-01-01', authors, recurredIn }]]),
      asOf: '2024-01-20',
      settings: DEFAULT_ESCALATION,
      toolLogin: bot,
    });
    const comment = actions.find((action) => action.kind === 'comment');
    expect(comment?.kind).toBe('comment');
    const body = comment!.kind === 'comment' ? comment!.body : '';
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    const rendered = render(body);
    expect(rendered.links).toEqual([]);
    expect(rendered.html.every((html) => html.startsWith('<!-- postmortem-kb:'))).toBe(true);
    // The people the ladder means (ten contacts at most, and the owner); nobody from a title.
    expect(rendered.mentions).toEqual([...authors.slice(1, 10), '@alice']);
    expect(body).toContain('(and 3990 more)');
  });
});
