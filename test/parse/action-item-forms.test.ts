import { describe, expect, it } from 'vitest';
import { isOpenStatus, openActionItems } from '../../src/kb/action-items.js';
import type { ActionItem } from '../../src/model/postmortem.js';
import { readItemText } from '../../src/parse/item-text.js';
import { syncDocuments } from '../../src/sync/documents.js';
import { fixture, lineOf, lint, parse } from '../helpers.js';

const FORMS = 'forms/action-items/';

/** The items of a fixture, with the text of each field. */
function itemsOf(name: string): { line: number; done: boolean; fields: Record<string, string> }[] {
  const doc = parse(fixture(`${FORMS}${name}.md`)).postmortem!;
  return (doc.actionItems?.items ?? []).map((item: ActionItem) => ({
    line: item.row.line,
    done: item.done === true,
    fields: Object.fromEntries(Object.entries(item.fields).map(([key, cell]) => [key, cell!.text])),
  }));
}

/** `ruleId:messageId@line` of the action-item findings of a fixture. */
function itemFindings(name: string): string[] {
  return lint(fixture(`${FORMS}${name}.md`))
    .filter((finding) => finding.ruleId.startsWith('action-item'))
    .map((finding) => `${finding.ruleId}:${finding.messageId}@${finding.line}`);
}

describe('action items as people write them', () => {
  it('reads every list and table of the section, under its subheadings too', () => {
    const text = fixture(`${FORMS}subheadings.md`);
    const items = itemsOf('subheadings');
    expect(items.map((item) => item.line)).toEqual([
      lineOf(text, 'Rolled back the config push'),
      lineOf(text, 'Drained the backlog'),
      lineOf(text, 'AI-001'),
      lineOf(text, 'AI-002'),
      lineOf(text, '| AI-003'),
    ]);
    // "Immediate actions (completed)" files its items as finished.
    expect(items.map((item) => item.done)).toEqual([true, true, false, false, false]);
    expect(items[2]!.fields).toMatchObject({ id: 'AI-001', owner: '@queue-team', priority: 'P1', due: '2024-03-20', type: 'repair' });
    expect(items[4]!.fields).toMatchObject({ id: 'AI-003', owner: '@sre', type: 'detect' });
    const doc = parse(text).postmortem!;
    expect(doc.actionItems!.items.map((item) => item.kind)).toEqual(['list', 'list', 'list', 'list', 'table']);
    expect(itemFindings('subheadings')).toEqual([]);
  });

  it('skips a table that is there for something else when a later one has the item columns', () => {
    const items = itemsOf('table-after-metrics');
    expect(items.map((item) => item.fields.id)).toEqual(['AI-001', 'AI-002']);
    expect(items[0]!.fields.description).toBe('Set a default ack timeout in the consumer template');
    expect(itemFindings('table-after-metrics')).toEqual([]);
  });

  it('reads group lines as headings of the nested items, and nested details as fields of their item', () => {
    const text = fixture(`${FORMS}groups.md`);
    const items = itemsOf('groups');
    expect(items.map((item) => item.fields.id)).toEqual(['AI-001', 'AI-002', 'AI-003', 'AI-004', 'AI-005']);
    expect(items.map((item) => item.fields.description)).not.toContain('Monitoring:');
    expect(items.map((item) => item.fields.description)).not.toContain('Improve config safety');
    expect(items[4]!.fields).toEqual({
      id: 'AI-005',
      description: 'Add a canary stage to config pushes for the consumer fleet',
      owner: '@deploy-team',
      due: '2024-04-20',
      priority: 'P2',
      type: 'prevent',
    });
    // Each field stands where it was written: the owner at its own bullet.
    const doc = parse(text).postmortem!;
    expect(doc.actionItems!.items[4]!.fields.owner!.span.line).toBe(lineOf(text, 'Owner: @deploy-team'));
    expect(itemFindings('groups')).toEqual([]);
  });

  it('keeps one item with a detail bullet (a link) as one item, and a bold lead-in as part of it', () => {
    const text = '## Action Items\n\n- **Split the node groups per zone**: lets the scheduler spread the load\n\n- Set up a dashboard for consumer errors\n  - See https://example.com/metrics-guide\n';
    const items = parse(text).postmortem!.actionItems!.items;
    expect(items.map((item) => item.fields.description?.text)).toEqual([
      'Split the node groups per zone: lets the scheduler spread the load',
      'Set up a dashboard for consumer errors',
    ]);
  });

  it('reads finished items in every usual form, and TODO as open', () => {
    const text = fixture(`${FORMS}finished.md`);
    const items = itemsOf('finished');
    const state = Object.fromEntries(items.map((item) => [item.fields.id ?? item.fields.description, item.done]));
    expect(state).toEqual({
      'Roll back the config push to the previous release': true,
      'Drain the backlog with two extra consumers': true,
      'Notify the teams that publish to the queue': true,
      'Pause the scheduled config pushes': true,
      'Restart the stuck consumer pods': true,
      'Clear the dead-letter queue after replay': true,
      'Confirm no messages were lost': true,
      'Page the database team (not needed after all)': true,
      'AI-001': false,
      'AI-002': true,
      'AI-003': true,
      'AI-004': true,
      'AI-005': false,
      'Wrote the customer notice for the delayed webhooks': true,
      'Archived the stale consumer group': true,
    });
    expect(items.find((item) => item.fields.id === 'AI-001')!.fields).toMatchObject({ status: 'open', description: 'Add a default ack timeout of 30 seconds to the template' });
    // Finished items are asked for nothing: the done rows lack owner, priority and due, the done bullets an ID and a type.
    expect(itemFindings('finished')).toEqual([]);
    // Sync closes the finished ones; the knowledge base lists only the open ones.
    const [document] = syncDocuments([parse(text)]);
    expect(document!.items.map((item) => [item.item, item.closedInDocument])).toEqual([
      ['AI-001', false],
      ['AI-002', true],
      ['AI-003', true],
      ['AI-004', true],
      ['AI-005', false],
    ]);
    expect(openActionItems(parse(text).postmortem!).map((item) => item.id)).toEqual(['AI-001', 'AI-005']);
  });

  it('reads DONE and TODO in a column of the SRE book table', () => {
    const items = itemsOf('sre-status');
    expect(items.map((item) => [item.fields.status, item.done])).toEqual([
      ['done', true],
      ['open', false],
      ['open', false],
    ]);
  });

  it('reads inline owners, due dates, priorities and types', () => {
    const items = itemsOf('inline-fields');
    expect(items.map(({ fields }) => [fields.owner, fields.due, fields.priority, fields.type])).toEqual([
      ['@queue-team', '2024-03-20', 'P1', undefined],
      ['@platform', '2024-03-25', 'P2', 'prevent'],
      ['@sre', '2024-03-30', 'P1', 'detect'],
      ['@docs-team', undefined, undefined, undefined],
      ['@deploy-team', undefined, undefined, undefined],
      ['@queue-team', '2024-04-10', undefined, undefined],
      ['Jane Doe', '2024-04-12', undefined, undefined],
      ['@ops', 'next sprint', 'high', undefined],
    ]);
    // The field notes closing an item are fields, not part of what is to be done (the issue title sync writes).
    expect(items.map(({ fields }) => fields.description)).toEqual([
      'Add a default ack timeout to the consumer template.',
      'Validate the consumer config schema in CI',
      'Alert on a zero ack rate for five minutes',
      'Document the ack timeout in the consumer runbook',
      'Add a config diff to the deploy summary',
      'Review the consumer defaults for the other queues.',
      'Rotate the queue credentials after the replay.',
      'Retire the legacy consumer binary.',
    ]);
    expect(readItemText('Pair on the runbook with @alice').description).toBe('Pair on the runbook with @alice');
    const findings = itemFindings('inline-fields');
    // A plain name is kept as the owner and reported as a table cell would be; words are kept for the rules to name.
    expect(findings).toContain(`action-item-owner:notHandle@${lineOf(fixture(`${FORMS}inline-fields.md`), 'Jane Doe')}`);
    expect(findings).toContain(`action-item-due:invalid@${lineOf(fixture(`${FORMS}inline-fields.md`), 'next sprint')}`);
    expect(findings).toContain(`action-item-priority:unknown@${lineOf(fixture(`${FORMS}inline-fields.md`), 'next sprint')}`);
    expect(findings.filter((finding) => finding.startsWith('action-item-owner'))).toHaveLength(1);
  });

  it('reads numbered items whose bullets were written at the margin as details of the item before', () => {
    const text = fixture(`${FORMS}numbered-with-loose-bullets.md`);
    const items = itemsOf('numbered-with-loose-bullets');
    expect(items.map((item) => [item.line, item.done])).toEqual([
      [lineOf(text, 'Reverted the template change'), true],
      [lineOf(text, 'Redeployed the consumers'), true],
      [lineOf(text, 'Deeper queue monitoring'), false],
      [lineOf(text, 'Config schema checks in CI'), false],
    ]);
  });

  it('names an item without an ID by its place in its own table, or among the list items', () => {
    const text = '## Action Items\n\n- Add a retry budget to the client @sre P1 due 2024-03-01\n\n### Later\n\n| Description | Owner |\n|---|---|\n| Add a canary stage to config pushes | @ops |\n';
    const messages = lint(text).filter((finding) => finding.ruleId === 'action-item-id').map((finding) => finding.message);
    expect(messages).toEqual([expect.stringMatching(/^Action item 1 has no ID/), expect.stringMatching(/^The action item in row 1 has no ID/)]);
  });

  it('knows the item columns by more of the names people give them', () => {
    const text = '## Action Items\n\n| Item | Assigned To | Prio | Target Date |\n|---|---|---|---|\n| Add a retry budget to the client | @sre | P1 | 2024-03-01 |\n';
    expect(parse(text).postmortem!.actionItems!.items[0]!.fields).toMatchObject({ description: { text: 'Add a retry budget to the client' }, owner: { text: '@sre' }, priority: { text: 'P1' }, due: { text: '2024-03-01' } });
  });

  it('reads items that only look finished as open: hyphenated words, deadlines, asides, descriptions, headings', () => {
    const text = fixture(`${FORMS}look-alikes.md`);
    const items = itemsOf('look-alikes');
    const state = items.map((item) => [item.fields.id ?? item.fields.description, item.done]);
    expect(state).toEqual([
      // "Fixed-size …" is a word, "Done by …" a deadline, "(fixed 1s interval)" an aside; "Must be done by March" files nothing as done.
      ['Fixed-size thread pool for the importer', false],
      ['Done by 2024-03-01: rotate the importer API keys', false],
      ['Replace retries (fixed 1s interval) with exponential backoff', false],
      ['Make queue alerts a priority for the on-call team', false],
      ['Raise the priority of paging alerts', false],
      ['Publish the saturation dashboard for alert owners', false],
      ['Write the runbook for the owner team', false],
      ['Make importer latency a priority target', false],
      ['Move the importer credentials to the vault', false],
      // Under "Closed-loop alerting": an item keeps its nested notes and steps; a short label over instructions is a group.
      ['Add pool saturation alert', false],
      ['Add a canary stage to importer deploys', false],
      ['Alert on importer queue age', false],
      ['Page the importer owner on saturation', false],
      // No Status column: the description is never searched for a status word; the Bug column's last word in capitals is.
      ['AI-010', false],
      ['AI-011', false],
      ['AI-012', true],
      // "Finished items", "**Completed:**" and the usual leading and closing marks still say done.
      ['Drained the importer backlog by hand', true],
      ['Paused the tenant backfill jobs', true],
      ['Restarted the stuck importer workers', true],
      ['Raised the upstream API timeout', true],
      ['Notified the affected tenants', true],
      ['Flushed the retry queue', true],
      ['Disabled the tenant sync cron', true],
    ]);
    const byDescription = (start: string) => items.find((item) => item.fields.description?.startsWith(start))!.fields;
    expect(byDescription('Fixed-size thread pool')).toEqual({ description: 'Fixed-size thread pool for the importer', owner: '@alice', due: '2024-03-01', priority: 'P1' });
    expect(byDescription('Done by')).toMatchObject({ owner: '@alice', due: '2024-03-01', priority: 'P1' });
    expect(byDescription('Done by').status).toBeUndefined();
    // "a priority for …", "the priority of …", "a priority target" are words of the sentence; the priority is the P-value written after.
    expect(byDescription('Make queue alerts').priority).toBe('P2');
    expect(byDescription('Raise the priority').priority).toBe('P1');
    expect(byDescription('Make importer latency').priority).toBe('P2');
    // The note under an item gives it nothing but its own fields, and is no item of its own.
    expect(items.map((item) => item.fields.description)).not.toContain('Alice suggested an 80% threshold');
    expect(items.map((item) => item.fields.description)).not.toContain('staging first');
    expect(items.map((item) => item.fields.description)).not.toContain('Alerting gaps');
    expect(byDescription('Add pool saturation alert')).toMatchObject({ owner: '@alice', due: '2024-04-05', priority: 'P2' });
    // A day that does not exist is kept as written, and the due rule says so.
    expect(byDescription('Move the importer credentials').due).toBe('Feb 31, 2024');
    expect(itemFindings('look-alikes')).toContain(`action-item-due:invalid@${lineOf(text, 'Move the importer credentials')}`);
    expect(byDescription('Disabled the tenant sync cron')).toMatchObject({ status: 'done', owner: '@alice' });
    // Sync is told only AI-012 is done; the knowledge base lists the other two rows as open.
    const [document] = syncDocuments([parse(text)]);
    expect(document!.items.map((item) => [item.item, item.closedInDocument])).toEqual([
      ['AI-010', false],
      ['AI-011', false],
      ['AI-012', true],
    ]);
    expect(openActionItems(parse(text).postmortem!).map((item) => item.id).filter(Boolean)).toEqual(['AI-010', 'AI-011']);
  });

  it('reads the status words teams write in a Status column: Finished, Shipped, Deployed … close an item', () => {
    const items = itemsOf('status-words');
    expect(items.map((item) => [item.fields.id, item.fields.status, item.done])).toEqual([
      ['AI-001', 'Finished', true],
      ['AI-002', 'Shipped', true],
      ['AI-003', 'Implemented', true],
      ['AI-004', 'Deployed', true],
      ['AI-005', 'Merged', true],
      ['AI-006', 'Done, not verified', false],
      ['AI-007', 'In progress', false],
      ['AI-008', 'TODO', false],
      ['AI-009', 'not done', false],
    ]);
    // The finished rows are asked for no owner, priority or due date.
    expect(itemFindings('status-words')).toEqual([]);
    const [document] = syncDocuments([parse(fixture(`${FORMS}status-words.md`))]);
    expect(document!.items.filter((item) => item.closedInDocument).map((item) => item.item)).toEqual(['AI-001', 'AI-002', 'AI-003', 'AI-004', 'AI-005']);
  });

  it('finds no items in prose', () => {
    expect(parse(fixture(`${FORMS}prose-only.md`)).postmortem!.actionItems).toBeUndefined();
    expect(itemFindings('prose-only')).toEqual([]);
  });
});

describe('the words of one item', () => {
  it('takes off leading marks and an ID, keeping the rest as the description', () => {
    expect(readItemText('✅ DONE: AI-007: Rotate the keys')).toEqual({ description: 'Rotate the keys', fields: { id: 'AI-007', status: 'done' } });
    expect(readItemText('~~Page the DBA~~')).toEqual({ description: 'Page the DBA', fields: { status: 'done' } });
    expect(readItemText('TODO Add a retry budget').fields.status).toBe('open');
    expect(readItemText('Add a retry budget [AI-9] Status: in progress').fields.status).toBe('in progress');
  });

  it('takes a leading status word as a mark only before a colon or a spaced dash, and a closing one only as a whole aside', () => {
    for (const text of ['Done: Rotate the keys', 'DONE - Rotate the keys', '[done] Rotate the keys', 'DONE Rotate the keys', 'Fixed — Rotate the keys', 'Rotate the keys (done)', 'Rotate the keys (completed) @sre due 2024-03-01 P1']) {
      expect(readItemText(text), text).toMatchObject({ description: 'Rotate the keys', fields: { status: 'done' } });
    }
    for (const text of ['Fixed-size thread pool for the importer', 'Done by 2024-03-01: rotate the keys', 'DONE by Friday: rotate the keys', 'Replace retries (fixed 1s interval) with exponential backoff', 'Completed-order events lack a tenant ID: add it']) {
      expect(readItemText(text).fields.status, text).toBeUndefined();
    }
    expect(readItemText('Open-source the retry helper').description).toBe('Open-source the retry helper');
  });

  it('reads a priority only after a colon or when the value looks like one', () => {
    expect(readItemText('Make queue alerts a priority for the on-call team').fields.priority).toBeUndefined();
    expect(readItemText('Raise the priority of paging alerts').fields.priority).toBeUndefined();
    expect(readItemText('Rotate the keys, priority P1').fields.priority).toBe('P1');
    expect(readItemText('Rotate the keys. Priority - high').fields.priority).toBe('high');
    expect(readItemText('Rotate the keys. Priority: soon').fields.priority).toBe('soon');
  });

  it('strips only real field notes from the end of the description', () => {
    expect(readItemText('Publish the saturation dashboard for alert owners').description).toBe('Publish the saturation dashboard for alert owners');
    expect(readItemText('Write the runbook for the owner team')).toEqual({ description: 'Write the runbook for the owner team', fields: {} });
    expect(readItemText('Make importer latency a priority target')).toEqual({ description: 'Make importer latency a priority target', fields: {} });
    expect(readItemText('Write the runbook. Owner: @sre, due 2024-03-01, Priority: P1').description).toBe('Write the runbook.');
    expect(readItemText('Write the runbook (@sre) by 2024-03-01 [P1]').description).toBe('Write the runbook');
  });

  it('keeps a spelled due date that does not exist as written', () => {
    expect(readItemText('Rotate the keys due Feb 31, 2024').fields.due).toBe('Feb 31, 2024');
    expect(readItemText('Rotate the keys due 31 April 2024').fields.due).toBe('31 April 2024');
    expect(readItemText('Rotate the keys due Feb 29, 2024').fields.due).toBe('2024-02-29');
  });

  it('prefers a labelled owner and due date to the first ones mentioned', () => {
    expect(readItemText('Ask @bob to review the 2024-01-02 change. Owner: @alice, due 2024-02-01').fields).toMatchObject({ owner: '@alice', due: '2024-02-01' });
    expect(readItemText('Write the runbook (due 1 March 2024) Owner: Jane Doe due soon').fields).toMatchObject({ owner: 'Jane Doe', due: '2024-03-01' });
  });

  it('counts check marks and closing words with more after them as closed statuses', () => {
    for (const status of ['done', '✅', '✅ Done', 'Done ✅', '[x]', '**DONE**', 'Completed (2024-03-02)', 'Fixed in #123', "won't do", 'Finished', 'Shipped', 'Implemented', 'Deployed', 'Merged', 'Shipped in v2.3']) expect(isOpenStatus(status), status).toBe(false);
    for (const status of ['', 'open', 'TODO', 'In progress', 'Done, not verified', 'not done', 'Doneness review', 'Merged, awaiting deploy', 'Deployed to staging']) expect(isOpenStatus(status), status).toBe(true);
  });
});
