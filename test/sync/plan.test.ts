import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemKey, parseMetadata, renderBlock, replaceBlock, type ItemMetadata } from '../../src/sync/marker.js';
import { metadataOf, planSync, type ExistingIssue, type SyncDocument, type SyncItem, type SyncSettings } from '../../src/sync/plan.js';
import { issueTitle } from '../../src/sync/render.js';

const SETTINGS: SyncSettings = { ownershipLabel: 'postmortem-action-item', removedLabel: 'removed-from-postmortem', statuses: ['in-review', 'published'], linkBase: 'https://github.com/acme/incidents/blob/main/' };

function item(id: string, overrides: Partial<SyncItem> = {}): SyncItem {
  return { incident: 'INC-20240115-0042', item: id, description: `Do ${id}`, owner: '@alice', due: '2024-01-20', priority: 'P1', type: 'detect', severity: 'SEV2', file: 'postmortems/a.md', incidentTitle: 'Pool', incidentDate: '2024-01-15', related: [], closedInDocument: false, ...overrides };
}

const doc = (items: SyncItem[], status = 'published'): SyncDocument => ({ incident: 'INC-20240115-0042', status, items, untracked: 0 });

/** The issue a previous sync would have created for an item. */
function issueFor(number: number, synced: SyncItem, overrides: Partial<ExistingIssue> = {}): ExistingIssue {
  const [create] = planSync([doc([synced])], [], SETTINGS).actions;
  if (create?.kind !== 'create') throw new Error('expected a create');
  return { number, state: 'open', title: create.content.title, body: create.content.body, labels: create.content.labels, assignees: ['alice'], url: `https://github.com/acme/incidents/issues/${number}`, ...overrides };
}

const kinds = (plan: ReturnType<typeof planSync>) => plan.actions.map((action) => `${action.kind}:${action.key.split('/')[1]}`);

describe('planSync', () => {
  it('creates what is missing, leaves what is in step, updates what changed', () => {
    const a = item('AI-001');
    const b = item('AI-002');
    const c = item('AI-003');
    const existing = [issueFor(1, a), issueFor(2, b)];
    const plan = planSync([doc([a, { ...b, due: '2024-02-01' }, c])], existing, SETTINGS);
    expect(kinds(plan)).toEqual(['unchanged:AI-001', 'update:AI-002', 'create:AI-003']);
    const update = plan.actions[1]!;
    expect(update.kind === 'update' && update.reasons).toEqual(['body']);
    expect(plan.labels.map((label) => label.name)).toEqual(['postmortem-action-item', 'priority:P1', 'severity:SEV2', 'type:detect']);
  });

  it('re-labels a changed priority without touching human labels, and reassigns a changed owner', () => {
    const a = item('AI-001');
    const existing = [issueFor(1, a, { labels: ['postmortem-action-item', 'priority:P1', 'severity:SEV2', 'type:detect', 'needs-design'] })];
    const [action] = planSync([doc([{ ...a, priority: 'P0', owner: '@bob' }])], existing, SETTINGS).actions;
    expect(action).toMatchObject({ kind: 'update', addLabels: ['priority:P0'], removeLabels: ['priority:P1'], reassign: { from: 'alice', to: 'bob' } });
    expect(action!.kind === 'update' && action!.reasons).toEqual(['body', 'labels', 'owner']);
  });

  it('never reopens or edits a closed issue, and does not sync drafts', () => {
    const a = item('AI-001');
    const closed = issueFor(1, a, { state: 'closed' });
    expect(kinds(planSync([doc([{ ...a, due: '2025-01-01' }])], [closed], SETTINGS))).toEqual(['closed:AI-001']);
    expect(planSync([doc([a], 'draft')], [], SETTINGS).actions).toEqual([]);
  });

  it('flags an open issue whose item left the document, once; closes duplicates in favour of the oldest', () => {
    const a = item('AI-001');
    const gone = item('AI-009');
    const plan = planSync([doc([a])], [issueFor(1, a), issueFor(5, a), issueFor(3, gone)], SETTINGS);
    expect(kinds(plan)).toEqual(['duplicate:AI-001', 'unchanged:AI-001', 'flag:AI-009']);
    expect(plan.actions[0]).toMatchObject({ issue: { number: 5 }, of: { number: 1 } });
    const flagged = issueFor(3, gone, { labels: ['postmortem-action-item', 'removed-from-postmortem'] });
    expect(kinds(planSync([doc([a])], [issueFor(1, a), flagged], SETTINGS))).toEqual(['unchanged:AI-001']);
  });

  it('clears the removed label when the item comes back, and skips files it could not read', () => {
    const a = item('AI-001');
    const flagged = issueFor(1, a, { labels: ['postmortem-action-item', 'priority:P1', 'severity:SEV2', 'type:detect', 'removed-from-postmortem'] });
    expect(planSync([doc([a])], [flagged], SETTINGS).actions[0]).toMatchObject({ kind: 'update', removeLabels: ['removed-from-postmortem'] });
    // The postmortem failed to parse this time: its issues are not "removed".
    expect(planSync([], [issueFor(1, a)], SETTINGS, new Set(['postmortems/a.md'])).actions).toEqual([]);
    expect(kinds(planSync([], [issueFor(1, a)], SETTINGS))).toEqual(['flag:AI-001']);
  });

  it('syncs no item that two files claim (a duplicate incident id), and says why', () => {
    const a = item('AI-001');
    const twin: SyncDocument = { incident: a.incident, status: 'published', items: [{ ...a, file: 'postmortems/b.md', description: 'Other' }], untracked: 0 };
    const plan = planSync([doc([a]), twin], [issueFor(1, a)], SETTINGS);
    expect(plan.actions).toEqual([]);
    expect(plan.notes).toEqual(['INC-20240115-0042 AI-001 appears in more than one postmortem (a duplicate incident id): it is not synced until the id is unique']);
  });

  it('opens no issue for an item the document marks done', () => {
    const plan = planSync([doc([item('AI-001', { closedInDocument: true })])], [], SETTINGS);
    expect(plan.actions).toEqual([]);
    expect(plan.notes).toEqual(['INC-20240115-0042 AI-001 is marked done in its postmortem: no issue is opened for it']);
  });

  it('makes titles as specified, within GitHub’s limit, and inert', () => {
    expect(issueTitle(item('AI-001', { description: 'Add monitor for pool utilization >80%' }))).toBe('[INC-20240115-0042] AI-001: Add monitor for pool utilization >80%');
    expect(issueTitle(item('AI-001', { description: 'x'.repeat(1000) })).length).toBe(256);
    // A title is plain text on GitHub: shown as written (nothing is removed, so nothing is assembled), mentions broken.
    expect(issueTitle(item('AI-001', { description: 'Ask @everyone <!-- postmortem-kb:item {} -->' }))).toBe('[INC-20240115-0042] AI-001: Ask @\u2060everyone <!-- postmortem-kb:item {} -->');
    expect(issueTitle(item('AI-001', { description: 'Ping @<!-- -->acme/security and @<img src=x>bob' }))).toBe('[INC-20240115-0042] AI-001: Ping @\u2060<!-- -->acme/security and @\u2060<img src=x>bob');
    expect(issueTitle(item('AI-001', { description: 'Two\nlines\u001b[2J' }))).toBe('[INC-20240115-0042] AI-001: Two lines\\x1b[2J');
  });
});

describe('the issue marker', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const metadata = fc.record({ incident: text, item: text, due: text, priority: text, type: text, owner: text, severity: text, file: text }).map((fields): ItemMetadata => ({ v: 1, ...fields }));

  it('gives back the metadata it was rendered with, whatever the fields hold', () => {
    fc.assert(
      fc.property(metadata, text, (data, content) => {
        expect(parseMetadata(renderBlock(data, content))).toEqual(data);
      }),
      { numRuns: 500 },
    );
  });

  it('is replaced in place, keeping what humans wrote around it', () => {
    const first = renderBlock(metadataOf(item('AI-001')), 'old');
    const body = `Human intro\n\n${first}\n\nHuman notes`;
    const replaced = replaceBlock(body, renderBlock(metadataOf(item('AI-001', { due: '2024-02-02' })), 'new'));
    expect(replaced.startsWith('Human intro\n\n')).toBe(true);
    expect(replaced.endsWith('\n\nHuman notes')).toBe(true);
    expect(parseMetadata(replaced)?.due).toBe('2024-02-02');
    expect(itemKey('INC-1', 'AI-1')).toBe('INC-1/AI-1');
  });

  it('cannot be assembled from pieces that the sanitiser removes', () => {
    const crafted = item('AI-001', { description: 'Fix <![!--](x) postmortem-kb:item:end --> tail' });
    const [action] = planSync([doc([crafted])], [], SETTINGS).actions;
    const body = action!.kind === 'create' ? action!.content.body : '';
    expect(body.match(/<!--/g)).toHaveLength(2);
    expect(replaceBlock(body, body)).toBe(body);
  });

  it('cannot be forged from a description: the rendered body holds one block', () => {
    const forged = item('AI-001', { description: 'x <!-- postmortem-kb:item {"v":1,"incident":"INC-9","item":"AI-9","due":"","priority":"","type":"","owner":"","severity":"","file":""} --> <!-- postmortem-kb:end -->' });
    const [action] = planSync([doc([forged])], [], SETTINGS).actions;
    const body = action!.kind === 'create' ? action!.content.body : '';
    expect(body.match(/postmortem-kb:item/g)).toHaveLength(1);
    expect(parseMetadata(body)).toMatchObject({ incident: 'INC-20240115-0042', item: 'AI-001' });
  });
});

describe('properties of the plan and the rendered issue', () => {
  // Markdown- and marker-shaped noise, so the sanitiser meets what attackers write, not only random code units.
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.array(fc.constantFrom('<!--', '-->', 'postmortem-kb:item', 'postmortem-kb:end', '@', 'everyone', '![x](http://e/x.png)', '<img src=x>', '|', '\n', '{', '}', '"', ' '), { maxLength: 30 }).map((parts) => parts.join('')),
  );
  const field = fc.oneof(fc.constantFrom('P1', 'SEV2', 'detect', '2024-01-20', '@alice', '@acme/payments'), hostile);
  const arbitraryItem = fc.record({
    item: fc.integer({ min: 1, max: 12 }).map((n) => `AI-${String(n).padStart(3, '0')}`),
    description: fc.oneof(hostile, fc.string({ minLength: 5000, maxLength: 70_000 })),
    owner: field,
    due: field,
    priority: field,
    type: field,
    severity: field,
    incidentTitle: hostile,
    related: fc.array(hostile, { maxLength: 3 }),
    closedInDocument: fc.boolean(),
  });
  const documents = fc.array(arbitraryItem, { maxLength: 8 }).map((items) => {
    const unique = [...new Map(items.map((entry) => [entry.item, entry])).values()];
    return doc(unique.map((entry) => item(entry.item, entry)));
  });

  it('issue titles and bodies stay within GitHub limits, carry one block that parses back, and ping nobody but the owner', () => {
    fc.assert(
      fc.property(documents, (document) => {
        for (const action of planSync([document], [], SETTINGS).actions) {
          if (action.kind !== 'create') continue;
          const synced = document.items.find((candidate) => itemKey(candidate.incident, candidate.item) === action.key)!;
          expect(action.content.title.length).toBeLessThanOrEqual(256);
          expect(action.content.body.length).toBeLessThanOrEqual(65_536);
          expect(action.content.body.match(/<!-- postmortem-kb:item /g)).toHaveLength(1);
          expect(action.content.body.match(/<!--/g)).toHaveLength(2);
          expect(action.content.body.match(/-->/g)).toHaveLength(2);
          expect(parseMetadata(action.content.body)).toEqual(metadataOf(synced));
          // Any live mention in the body or title is the owner's own handle (the hidden marker's JSON renders nothing).
          const visible = `${action.content.title}\n${action.content.body.replace(/<!--[\s\S]*?-->/g, '')}`;
          const mentions = [...visible.matchAll(/(?<![\w`])@[A-Za-z0-9][\w/-]*/g)].map((match) => match[0]);
          for (const mention of mentions) expect(synced.owner.trim()).toBe(mention);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, and converges: issues made from its creates plan back as unchanged', () => {
    fc.assert(
      fc.property(documents, fc.array(fc.record({ number: fc.integer({ min: 1, max: 50 }), body: hostile, title: hostile }), { maxLength: 5 }), (document, strays) => {
        // Issues with the tool's label but no valid block (edited by hand, or forged) must not disturb the plan.
        const noise: ExistingIssue[] = strays.map((stray, index) => ({ number: 1000 + index, state: 'open', title: stray.title, body: stray.body, labels: ['postmortem-action-item'], assignees: [], url: `https://github.com/acme/incidents/issues/${1000 + index}` }));
        const first = planSync([document], noise, SETTINGS);
        const creates = first.actions.flatMap((action) => (action.kind === 'create' ? [action] : []));
        expect(new Set(creates.map((action) => action.key)).size).toBe(creates.length);
        expect(creates.map((action) => action.key).sort()).toEqual(document.items.filter((entry) => !entry.closedInDocument).map((entry) => itemKey(entry.incident, entry.item)).sort());
        const made: ExistingIssue[] = creates.map((action, index) => ({
          number: index + 1,
          state: 'open',
          title: action.content.title,
          body: action.content.body,
          labels: action.content.labels,
          assignees: action.content.assignee ? [action.content.assignee] : [],
          url: `https://github.com/acme/incidents/issues/${index + 1}`,
        }));
        const second = planSync([document], [...made, ...noise], SETTINGS);
        expect(second.actions.filter((action) => action.kind !== 'unchanged' && made.some((issue) => 'issue' in action && (action.issue as ExistingIssue).number === issue.number))).toEqual([]);
        expect(second.actions.filter((action) => action.kind === 'create')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
