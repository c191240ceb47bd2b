import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { Issue } from '../../src/github/port.js';
import { buildKnowledgeBase } from '../../src/kb/index.js';
import { indexEntryOf, lintFiles } from '../../src/lint/engine.js';
import type { ParsedFile } from '../../src/parse/document.js';
import { reviewDocuments, withIssueStates, type PullRequestReview, type TrackedIssues } from '../../src/review/index.js';
import { renderBlock } from '../../src/tracked/marker.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { FIXTURES, parse, REPO } from '../helpers.js';

// The review of a pull request's postmortems (src/review/), on this repository's own knowledge base
// (postmortems/: three N+1 incidents, one with a Status column, one without) and the N+1 incidents that follow it
// (test/fixtures/kb/), as people write them. No disk, no GitHub in the review: the test hands it what a shell would.

const BOT = 'github-actions[bot]';
const FOURTH = 'postmortems/2024-03-07-team-members-n-plus-one-queries.md';
const FIFTH = 'postmortems/2024-04-02-audit-log-n-plus-one-queries.md';
const THIRD = 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md';
const EARLIER_OPEN = ['INC-20231015-0008 AI-002', 'INC-20231201-0019 AI-002', 'INC-20240118-0023 AI-001', 'INC-20240118-0023 AI-002', 'INC-20240118-0023 AI-003', 'INC-20240118-0023 AI-004', 'INC-20240118-0023 AI-005'];

/** This repository's configuration (.postmortemrc.yml: `database` says nothing about recurrence), with changes. */
function repositoryConfig(sync: Partial<ResolvedConfig['sync']> = {}): ResolvedConfig {
  const config = loadConfig(REPO);
  return { ...config, sync: { ...config.sync, ...sync } };
}

const bundled = readdirSync(join(REPO, 'postmortems'))
  .filter((name) => /^\d{4}-\d\d-\d\d-.*\.md$/.test(name))
  .map((name) => ({ path: `postmortems/${name}`, text: readFileSync(join(REPO, 'postmortems', name), 'utf8') }));
const later = readdirSync(join(FIXTURES, 'kb')).map((name) => ({ path: `postmortems/${name}`, text: readFileSync(join(FIXTURES, 'kb', name), 'utf8') }));

/**
 * A pull request that adds `added` (of the later N+1 postmortems) to the knowledge base, reviewed as the shell
 * would: the knowledge base indexed, the added files linted, and a reader of earlier incidents that records what it was asked.
 */
function reviewOf(added: string[], options: { config?: ResolvedConfig; tracked?: TrackedIssues; review?: string[] } = {}): { review: PullRequestReview; asked: string[][] } {
  const config = options.config ?? repositoryConfig();
  const files = [...bundled, ...later.filter((file) => added.includes(file.path))].map((file) => parse(file.text, config, file.path));
  const knowledgeBase = buildKnowledgeBase(
    files.flatMap((file) => indexEntryOf(file, config)),
    config.knowledgeBase,
  );
  const underReview = files.filter((file) => (options.review ?? added).includes(file.path));
  const byId = new Map(files.map((file) => [file.postmortem?.meta.id, file]));
  const asked: string[][] = [];
  const readIncidents = (ids: readonly string[]): ParsedFile[] => {
    asked.push([...ids]);
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  const results = lintFiles(underReview, config, knowledgeBase);
  return { review: reviewDocuments({ parsed: underReview, results, knowledgeBase, readIncidents, config, tracked: options.tracked }), asked };
}

/** An action-item issue carrying the tool's marker for an item, written by `login`. */
function issue(number: number, incident: string, item: string, state: 'open' | 'closed', login = BOT, overrides: Partial<Issue> = {}): Issue {
  return {
    number,
    state,
    title: `[${incident}] ${item}`,
    body: renderBlock({ v: 1, incident, item, due: '2024-02-01', priority: 'P1', type: 'detect', owner: '@platform', severity: 'SEV3', file: 'postmortems/x.md' }, 'The item.'),
    labels: ['postmortem-action-item'],
    assignees: [],
    url: `https://github.com/acme/incidents/issues/${number}`,
    isPullRequest: false,
    author: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
    createdAt: '2024-02-01T00:00:00Z',
    closedAt: state === 'closed' ? '2024-02-10T00:00:00Z' : undefined,
    stateReason: state === 'closed' ? 'completed' : undefined,
    ...overrides,
  };
}

const openItems = (review: PullRequestReview, index = 0) => review.documents[index]!.pattern?.openActionItems.map((item) => `${item.incident} ${item.id}`);

describe('reviewDocuments: the review of a pull request’s postmortems', () => {
  it('names the related incidents and the pattern, with the earlier incidents’ open items by their documents', () => {
    const { review, asked } = reviewOf([FOURTH]);
    expect(review.documents).toHaveLength(1);
    const [document] = review.documents;
    expect(document).toMatchObject({ path: FOURTH, id: 'INC-20240307-0031', title: 'Team Members Page Timeouts From N+1 Queries' });
    // Every earlier N+1 incident is related, ranked above the connection-pool incident, which shares only the service and `database`.
    const related = document!.related;
    expect(related.slice(0, 3).map((entry) => entry.id).sort()).toEqual(['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023']);
    expect(related.slice(0, 3).every((entry) => entry.sharedTags.includes('n-plus-one'))).toBe(true);
    expect(related.slice(3)).toEqual([expect.objectContaining({ id: 'INC-20240115-0042', sharedTags: ['database'] })]);
    expect(related.find((entry) => entry.id === 'INC-20240118-0023')).toMatchObject({ title: 'API Response Time Degradation', date: '2024-01-18' });

    expect(document!.pattern).toMatchObject({ count: 4, incidents: ['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023', 'INC-20240307-0031'] });
    expect(document!.pattern!.text).toMatch(/^4th occurrence of n-plus-one in 180 days/);
    // Items marked done in a Status column are not open; a table without one leaves every item open.
    expect(openItems(review)).toEqual(EARLIER_OPEN);
    expect(document!.pattern!.openActionItems.every((item) => item.url === undefined)).toBe(true);
    // Only the earlier incidents are read, once.
    expect(asked).toEqual([['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023']]);
    expect(review.itemStates).toBe('documents');

    // The sync's preview: the one item becomes an issue on merge.
    expect(document!.plan).toEqual([
      { title: '[INC-20240307-0031] AI-001: Batch-load role grants in the team members endpoint', owner: '@backend', due: '2024-03-21', priority: 'P1', type: 'repair', item: 'AI-001', line: 33, endLine: 33, assignee: 'backend' },
    ]);
    expect(document!.untracked).toEqual([]);
    expect(review.capped).toEqual([]);
  });

  it('a postmortem of no pattern has none, no earlier incident is read, and its timeline is kept as written', () => {
    const { review, asked } = reviewOf([], { review: ['postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md'] });
    expect(review.documents.map((document) => document.id)).toEqual(['INC-20240115-0042']);
    expect(review.documents[0]!.pattern).toBeUndefined();
    expect(asked).toEqual([]);
    // Its timeline as written, for the diagram.
    expect(review.documents[0]!.timeline.slice(0, 2)).toEqual([
      { time: '14:02', event: 'Connection pool hits 100% utilization' },
      { time: '14:05', event: 'PagerDuty alert fires' },
    ]);
  });

  it('an earlier item whose tool-written issue is closed is dropped; one whose issue is open gets its url', () => {
    const tracked = { toolLogin: BOT, issues: [issue(11, 'INC-20231015-0008', 'AI-002', 'closed'), issue(12, 'INC-20231201-0019', 'AI-002', 'open')] };
    const { review } = reviewOf([FOURTH], { tracked });
    expect(review.itemStates).toBe('issues');
    expect(openItems(review)).toEqual(EARLIER_OPEN.filter((item) => item !== 'INC-20231015-0008 AI-002'));
    const items = review.documents[0]!.pattern!.openActionItems;
    expect(items.find((item) => item.incident === 'INC-20231201-0019')?.url).toBe('https://github.com/acme/incidents/issues/12');
    expect(items.filter((item) => item.url !== undefined)).toHaveLength(1);
    // GitHub's logins compare case-insensitively.
    const shouted = reviewOf([FOURTH], { tracked: { toolLogin: BOT.toUpperCase(), issues: tracked.issues } }).review;
    expect(openItems(shouted)).toEqual(openItems(review));
  });

  it('an issue with a copied marker written by someone else does not count: not for an item’s state, not for the preview', () => {
    const tracked = {
      toolLogin: BOT,
      issues: [
        // Mallory "closes" an earlier item and claims the new item's issue exists.
        issue(21, 'INC-20231015-0008', 'AI-002', 'closed', 'mallory'),
        issue(22, 'INC-20231201-0019', 'AI-002', 'open', 'mallory'),
        issue(23, 'INC-20240307-0031', 'AI-001', 'open', 'mallory'),
        // A pull request carrying the tool's marker is not an issue.
        issue(24, 'INC-20240118-0023', 'AI-001', 'closed', BOT, { isPullRequest: true }),
      ],
    };
    const { review } = reviewOf([FOURTH], { tracked });
    expect(openItems(review)).toEqual(EARLIER_OPEN);
    expect(review.documents[0]!.pattern!.openActionItems.every((item) => item.url === undefined)).toBe(true);
    expect(review.documents[0]!.plan).toHaveLength(1);

    // The tool's own issue for the new item: the preview opens none.
    const own = reviewOf([FOURTH], { tracked: { toolLogin: BOT, issues: [issue(25, 'INC-20240307-0031', 'AI-001', 'open')] } }).review;
    expect(own.documents[0]!.plan).toEqual([]);
  });

  it('a postmortem whose status is not synced says when its items become issues', () => {
    const notYet = reviewOf([FOURTH, FIFTH], { review: [FIFTH], config: repositoryConfig({ statuses: ['published'] }) }).review;
    expect(notYet.documents[0]).toMatchObject({ id: 'INC-20240402-0040', plan: { notYet: 'the status is "in-review"; action items become issues once it is published.' } });
    // Its pattern counts the fourth incident too, and the earlier incidents' open items with it.
    expect(notYet.documents[0]!.pattern!.incidents).toHaveLength(5);
    expect(openItems(notYet)).toEqual([...EARLIER_OPEN, 'INC-20240307-0031 AI-001']);

    const synced = reviewOf([FOURTH, FIFTH], { review: [FIFTH] }).review;
    expect(synced.documents[0]!.plan).toEqual([expect.objectContaining({ title: expect.stringContaining('[INC-20240402-0040] AI-001') })]);
  });

  it('caps the issues of a postmortem with more open items than sync.maxItemsPerDocument, and says which', () => {
    const { review } = reviewOf([], { review: [THIRD], config: repositoryConfig({ maxItemsPerDocument: 3 }) });
    expect(review.capped).toEqual([{ incident: 'INC-20240118-0023', file: THIRD, count: 5, cap: 3 }]);
    expect(review.documents[0]!.capped).toEqual(review.capped[0]);
    expect((review.documents[0]!.plan as unknown[]).length).toBe(3);

    const under = reviewOf([], { review: [THIRD], config: repositoryConfig({ maxItemsPerDocument: 5 }) }).review;
    expect(under.capped).toEqual([]);
    expect((under.documents[0]!.plan as unknown[]).length).toBe(5);
  });

  it('carries the findings and their counts, as plain data', () => {
    const broken = parse(readFileSync(join(REPO, THIRD), 'utf8').replace(/^severity: SEV3$/m, 'severity: SEV9'), repositoryConfig(), THIRD);
    const config = repositoryConfig();
    const knowledgeBase = buildKnowledgeBase(indexEntryOf(broken, config), config.knowledgeBase);
    const results = lintFiles([broken], config, knowledgeBase);
    const review = reviewDocuments({ parsed: [broken], results, knowledgeBase, readIncidents: () => [], config });
    expect(review.results).toEqual(results);
    expect(review.counts.errors).toBeGreaterThan(0);
    expect(review.counts.errors + review.counts.warnings).toBe(results.flatMap((result) => result.findings).length);

    const full = reviewOf([FOURTH], { tracked: { toolLogin: BOT, issues: [issue(12, 'INC-20231201-0019', 'AI-002', 'open')] } }).review;
    expect(JSON.parse(JSON.stringify(full))).toEqual(full);
  });
});

describe('withIssueStates', () => {
  it('returns new reports and leaves the given ones as they were', () => {
    const { review } = reviewOf([FOURTH]);
    const before = JSON.stringify(review.documents);
    const after = withIssueStates(review.documents, [issue(11, 'INC-20231015-0008', 'AI-002', 'closed')], BOT);
    expect(JSON.stringify(review.documents)).toBe(before);
    expect(openItems({ ...review, documents: after })).not.toContain('INC-20231015-0008 AI-002');
  });
});
