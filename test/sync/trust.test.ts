import { describe, expect, it } from 'vitest';
import type { GitHubPort, Issue } from '../../src/github/port.js';
import { formatSyncSummary } from '../../src/report/sync.js';
import { applySync } from '../../src/sync/apply.js';
import { renderBlock } from '../../src/sync/marker.js';
import { metadataOf, planSync, raceDuplicates, type ExistingIssue, type SyncDocument, type SyncItem, type SyncSettings } from '../../src/sync/plan.js';

const BOT = 'github-actions[bot]';
const SETTINGS: SyncSettings = { ownershipLabel: 'postmortem-action-item', removedLabel: 'removed-from-postmortem', statuses: ['published'], linkBase: '', toolLogin: BOT };

function item(id: string, overrides: Partial<SyncItem> = {}): SyncItem {
  return { incident: 'INC-1', item: id, description: `Do ${id}`, owner: '@alice', due: '2024-01-20', priority: 'P1', type: 'detect', severity: 'SEV2', file: 'postmortems/a.md', incidentTitle: 'Pool', incidentDate: '2024-01-15', related: [], closedInDocument: false, ...overrides };
}

const doc = (items: SyncItem[]): SyncDocument => ({ incident: 'INC-1', status: 'published', items, untracked: 0 });

/** The issue the tool made for an item, written by `login`. */
function issueFor(number: number, synced: SyncItem, login = BOT): ExistingIssue & Issue {
  const [create] = planSync([doc([synced])], [], SETTINGS).actions;
  if (create?.kind !== 'create') throw new Error('expected a create');
  return {
    number,
    state: 'open',
    title: create.content.title,
    body: create.content.body,
    labels: create.content.labels,
    assignees: [],
    url: `u/${number}`,
    author: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
    isPullRequest: false,
    createdAt: '2024-01-16T00:00:00Z',
    closedAt: undefined,
    stateReason: undefined,
  };
}

const kinds = (plan: ReturnType<typeof planSync>) => plan.actions.map((action) => `${action.kind}:${'issue' in action ? action.issue.number : action.key}`);

describe('planSync trusts only the tool’s own issues', () => {
  it('never adopts, edits, closes or flags an issue someone else wrote, and names each one once', () => {
    const a = item('AI-001');
    const copied = issueFor(1, a, 'carol');
    const nope = { ...issueFor(3, a, 'carol'), body: renderBlock(metadataOf(item('AI-001', { incident: 'INC-NOPE', owner: '@acme/everyone' })), 'x') };
    const plan = planSync([doc([a])], [copied, issueFor(2, a), nope], SETTINGS);
    expect(kinds(plan)).toEqual(['unchanged:2']);
    expect(plan.ignored).toEqual([
      { number: 1, url: 'u/1', author: 'carol' },
      { number: 3, url: 'u/3', author: 'carol' },
    ]);
    // Without an issue of its own, the tool opens one rather than adopt theirs; a deleted account ("ghost") is no one.
    expect(kinds(planSync([doc([a])], [copied, { ...issueFor(4, a), author: undefined }], SETTINGS))).toEqual(['create:INC-1/AI-001']);
    // Logins compare as GitHub's do.
    expect(kinds(planSync([doc([a])], [issueFor(2, a, 'GitHub-Actions[bot]')], SETTINGS))).toEqual(['unchanged:2']);
    expect(formatSyncSummary({ created: [], updated: [], unchanged: [], flagged: [], duplicatesClosed: [], pending: [], notices: [], budgetExhausted: false, stopped: undefined, writtenAs: undefined }, false, plan)).toContain(
      '- [#1](u/1) ignored: a tool marker in an issue written by @carol\n- [#3](u/3) ignored: a tool marker in an issue written by @carol\n',
    );
  });

  it('after creating, closes only the tool’s own newer duplicate, never its issue in favour of someone else’s older one', () => {
    const a = item('AI-001');
    expect(raceDuplicates([issueFor(1, a, 'carol'), issueFor(2, a)], BOT)).toEqual([]);
    expect(raceDuplicates([issueFor(1, a, 'carol'), issueFor(2, a), issueFor(3, a)], BOT).map(({ keep, duplicate }) => [keep.number, duplicate.number])).toEqual([[2, 3]]);
  });

  it('a plan made without the tool’s login is a preview: applying it is refused before any request', async () => {
    const preview = planSync([doc([item('AI-001')])], [], { ...SETTINGS, toolLogin: undefined });
    await expect(applySync(preview, {} as GitHubPort, { ownershipLabel: 'l' })).rejects.toThrow(/preview/);
  });
});

describe('sync.maxItemsPerDocument', () => {
  it('opens issues for the first open items only, keeps existing issues past the cap in step, and reports the document once', () => {
    const items = [item('AI-001', { closedInDocument: true }), ...['AI-002', 'AI-003', 'AI-004', 'AI-005', 'AI-006'].map((id) => item(id))];
    const existing = [issueFor(9, { ...items[5]!, due: '2023-12-01' })];
    const plan = planSync([doc(items)], existing, { ...SETTINGS, maxItemsPerDocument: 3 });
    expect(kinds(plan)).toEqual(['create:INC-1/AI-002', 'create:INC-1/AI-003', 'create:INC-1/AI-004', 'update:9']);
    expect(plan.capped).toEqual([{ incident: 'INC-1', file: 'postmortems/a.md', count: 5, cap: 3 }]);
    expect(planSync([doc(items.slice(0, 4))], [], { ...SETTINGS, maxItemsPerDocument: 3 }).capped).toEqual([]);
    // 50 by default.
    const many = Array.from({ length: 60 }, (_, index) => item(`AI-${index}`));
    expect(planSync([doc(many)], [], SETTINGS).actions).toHaveLength(50);
  });
});
