import { describe, expect, it } from 'vitest';
import type { OpenActionItem } from '../../src/kb/action-items.js';
import type { IncidentRow } from '../../src/kb/insights.js';
import type { ContributingFactor } from '../../src/model/postmortem.js';
import { actionItemsPage, ITEMS_PER_OWNER, countsBySeverity, groupByOwner, overdueDays, standing, type SiteActionItem } from '../../src/site/action-items-page.js';
import { siteNav } from '../../src/site/html.js';
import { durationsPerQuarter, factorsPerYear, insightsPage, topValues } from '../../src/site/insights-page.js';
import { patternEntries, patternsPage } from '../../src/site/patterns-page.js';

/** The numbers of the patterns, action items and insights pages, as pure functions, and their pages' text as text. */

const item = (fields: Partial<OpenActionItem> & { severity?: string; incident?: string }): SiteActionItem => ({
  item: { incident: fields.incident ?? 'INC-1', id: fields.id, description: fields.description ?? 'Do it', owner: fields.owner, due: fields.due, status: fields.status ?? 'open' },
  incident: { id: fields.incident ?? 'INC-1', title: 'An incident', severity: fields.severity ?? 'SEV2', href: `incidents/${fields.incident ?? 'INC-1'}.html` },
});

describe('overdue action items', () => {
  it('an item is overdue by the days between its YYYY-MM-DD due date and today, when that is before today', () => {
    expect(overdueDays('2024-01-29', '2024-02-10')).toBe(12);
    expect(overdueDays('2023-12-31', '2024-03-01')).toBe(61); // across a year end and a leap day
    expect(overdueDays('2024-02-09', '2024-02-10')).toBe(1);
    expect(overdueDays('2024-02-10', '2024-02-10')).toBeUndefined();
    expect(overdueDays('2024-02-11', '2024-02-10')).toBeUndefined();
    // Dues that are not dates are never overdue; nor is anything without a today.
    for (const due of [undefined, 'Q3', 'next sprint', '2024-02-30', '10/02/2024', ' ']) expect(overdueDays(due, '2024-06-01'), String(due)).toBeUndefined();
    expect(overdueDays('2024-01-01', undefined)).toBeUndefined();
  });

  it('says where an item stands in words', () => {
    expect(standing('2024-01-29', '2024-02-10')).toBe('overdue by 12 days');
    expect(standing('2024-02-09', '2024-02-10')).toBe('overdue by 1 day');
    expect(standing('2024-02-10', '2024-02-10')).toBe('due today');
    expect(standing('2024-02-11', '2024-02-10')).toBe('due in 1 day');
    expect(standing('2024-03-01', '2024-02-10')).toBe('due in 20 days');
    expect(standing('soon', '2024-02-10')).toBe('');
    expect(standing('2024-03-01', undefined)).toBe('');
  });

  it('groups items by owner, owners sorted, "no owner" last, each owner’s items by due date, overdue counted', () => {
    const items = [
      item({ owner: '@zed', id: 'AI-2', due: '2024-03-01' }),
      item({ owner: undefined, id: 'AI-9', due: '2024-01-01' }),
      item({ owner: '@amy', id: 'AI-3', due: 'next sprint' }),
      item({ owner: '  ', id: 'AI-8' }),
      item({ owner: '@Bob', id: 'AI-4', due: '2024-01-05' }),
      item({ owner: '@amy', id: 'AI-1', due: '2024-02-01' }),
      item({ owner: '@amy', id: 'AI-5' }),
      item({ owner: '@amy', id: 'AI-6', due: '2023-12-01', incident: 'INC-0' }),
    ];
    const groups = groupByOwner(items, '2024-02-10');
    expect(groups.map((group) => group.owner)).toEqual(['@amy', '@Bob', '@zed', undefined]);
    expect(groups[0]!.items.map((entry) => entry.item.id)).toEqual(['AI-6', 'AI-1', 'AI-3', 'AI-5']);
    expect(groups.map((group) => group.overdue)).toEqual([2, 1, 0, 1]);
    expect(groups[3]!.items.map((entry) => entry.item.id)).toEqual(['AI-9', 'AI-8']);
  });

  it('counts open and overdue items by their incident’s severity, SEV2 before SEV10, none last', () => {
    const items = [item({ severity: 'SEV10' }), item({ severity: 'SEV2', due: '2024-01-01' }), item({ severity: '' }), item({ severity: 'SEV2', due: '2025-01-01' }), item({ severity: 'SEV1', due: '2024-02-01' })];
    expect(countsBySeverity(items, '2024-02-10')).toEqual([
      { severity: 'SEV1', open: 1, overdue: 1 },
      { severity: 'SEV2', open: 2, overdue: 1 },
      { severity: 'SEV10', open: 1, overdue: 0 },
      { severity: '', open: 1, overdue: 0 },
    ]);
  });

  it('the page says "overdue by" in text, and holds an owner’s or a description’s markup as text', () => {
    const html = actionItemsPage([item({ owner: '<b onmouseover=x>me</b>', description: '<script>alert(1)</script>', due: '2024-01-29' }), item({ due: '2024-03-01' })], '2024-02-10', '0.0.0');
    expect(html).toContain('<span class="overdue">overdue by 12 days</span>');
    expect(html).toContain('<span class="standing">due in 20 days</span>');
    expect(html).toContain('2 open action items from 1 incident. As of 2024-02-10: 1 overdue.');
    expect(html).toContain('&#60;b onmouseover=x&#62;me&#60;/b&#62;');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<em>No owner</em>');
    expect(html).toContain('<a href="action-items.html" aria-current="page">Action items</a>');
    expect(actionItemsPage([], '2024-02-10', '0.0.0')).toContain('No open action item');
  });

  it('lists at most 50 items of an owner, the earliest due first, and counts the rest: the page stays a page at any size', () => {
    const many = Array.from({ length: 120 }, (_, index) => item({ owner: '@busy', id: `AI-${index}`, due: `2024-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}` }));
    const html = actionItemsPage(many, '2024-06-01', '0.0.0');
    expect(html.match(/<tr(?: class="late")?><td><a href=/g)).toHaveLength(ITEMS_PER_OWNER);
    // The earliest due are listed (the overdue among them): the last listed is due no later than any left out.
    const listedDue = [...html.matchAll(/<td>(2024-\d\d-\d\d)<span/g)].map((match) => match[1]!);
    expect(listedDue).toHaveLength(ITEMS_PER_OWNER);
    expect(listedDue.at(-1)! <= [...many].map((entry) => entry.item.due!).sort()[ITEMS_PER_OWNER]!).toBe(true);
    expect(html).toContain('And 70 more open items of @busy, due later: in their postmortems.');
    expect(html).toContain('120 open action items from 1 incident.');
  });
});

describe('patterns', () => {
  const incidents: Record<string, { title: string; date: string }> = {
    'INC-A': { title: 'First <i>one</i>', date: '2023-10-15' },
    'INC-B': { title: 'Second', date: '2023-12-01' },
    'INC-C': { title: 'Third', date: '2024-01-18' },
    'INC-D': { title: 'Pool', date: '2024-03-01' },
    'INC-E': { title: 'Pool again', date: '2024-03-05' },
  };
  const incidentOf = (id: string) => ({ id, ...incidents[id]!, href: id === 'INC-E' ? undefined : `incidents/${id}.html` });
  const pattern = (tags: string[], ids: string[]) => ({ tags, count: ids.length, windowDays: 180, incidents: ids });

  it('lists every pattern, the one whose latest incident is the most recent first, its incidents by date with the days between', () => {
    const entries = patternEntries([pattern(['n-plus-one', 'orm'], ['INC-A', 'INC-B', 'INC-C']), pattern(['connection-pool'], ['INC-D', 'INC-E'])], incidentOf);
    expect(entries.map((entry) => entry.latest)).toEqual(['2024-03-05', '2024-01-18']);
    expect(entries[0]!.words).toBe('2nd occurrence of connection-pool in 180 days');
    expect(entries[1]!.words).toBe('3rd occurrence of n-plus-one in 180 days (shared tags: n-plus-one, orm)');
    expect(entries[1]!.incidents.map((incident) => [incident.id, incident.daysAfter])).toEqual([
      ['INC-A', undefined],
      ['INC-B', 47],
      ['INC-C', 48],
    ]);
  });

  it('the page: each incident on the timeline links to its page with its date and title, as text; an empty state', () => {
    const entries = patternEntries([pattern(['n-plus-one'], ['INC-C', 'INC-A']), pattern(['<svg onload=x>'], ['INC-D', 'INC-E'])], incidentOf);
    const html = patternsPage(entries, new Set(['n-plus-one']), '0.0.0');
    expect(html).toContain('<li><time datetime="2023-10-15">2023-10-15</time> <a href="incidents/INC-A.html">INC-A · First &#60;i&#62;one&#60;/i&#62;</a></li>');
    expect(html).toContain('<a class="chip" href="index.html?tag=n-plus-one">n-plus-one</a>');
    expect(html).toContain('<span class="chip">&#60;svg onload=x&#62;</span>');
    expect(html).not.toContain('<svg onload');
    // An incident without a page is named, not linked.
    expect(html).toContain('<time datetime="2024-03-05">2024-03-05</time> INC-E · Pool again');
    expect(html.indexOf('INC-D')).toBeLessThan(html.indexOf('INC-A'));
    expect(patternsPage([], new Set(), '0.0.0')).toContain('<p class="empty">No recurring pattern');
  });
});

describe('insights', () => {
  const row = (date: string, fields: Partial<IncidentRow> = {}): IncidentRow => ({
    id: `INC-${date}`,
    title: '',
    date,
    severity: 'SEV3',
    status: 'published',
    tags: [],
    services: [],
    path: '',
    durations: {},
    items: { total: 0, done: 0, wontDo: 0, open: 0, known: true },
    lessons: [],
    ...fields,
  });

  it('times to detect, mitigate and resolve per quarter, in minutes, from perQuarter', () => {
    const rows = [row('2023-10-15', { durations: { detect: 25, mitigate: 90, resolve: 110 } }), row('2023-12-01', { durations: { detect: 12, mitigate: 45 } }), row('2024-01-15', { durations: { resolve: 23 } }), row('undated', { durations: { detect: 1 } })];
    const quarters = durationsPerQuarter(rows);
    expect(quarters.map((quarter) => quarter.period)).toEqual(['2023-Q4', '2024-Q1']);
    expect(quarters[0]!.measures.detect).toEqual({ count: 2, median: 18.5, p90: 25 });
    expect(quarters[0]!.measures.resolve).toEqual({ count: 1, median: 110, p90: 110 });
    expect(quarters[1]!.measures.detect).toBeUndefined();
    expect(quarters[1]!.measures.resolve).toEqual({ count: 1, median: 23, p90: 23 });
  });

  it('contributing factors per year and category, each distinct factor of an incident once, quiet years as zeros', () => {
    const span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const factor = (text: string, category?: string) => ({ kind: 'table', span, factor: { text, span }, category: category === undefined ? undefined : { text: category, span }, preventable: undefined }) as unknown as ContributingFactor;
    const years = factorsPerYear([
      { date: '2021-05-01', factors: [factor('No alert', 'Technology'), factor('Runbook stale', 'process'), factor('Runbook stale', 'process'), factor('Vendor down', 'vendor')] },
      { date: '2023-02-01', factors: [factor('New on call', 'people')] },
      { date: '2022-07-01', factors: [] },
      { date: '', factors: [factor('Lost', 'people')] },
    ]);
    expect(years).toEqual([
      { year: '2021', counts: { people: 0, process: 1, technology: 1, environment: 0, external: 0, other: 1 }, total: 3 },
      { year: '2022', counts: { people: 0, process: 0, technology: 0, environment: 0, external: 0, other: 0 }, total: 0 },
      { year: '2023', counts: { people: 1, process: 0, technology: 0, environment: 0, external: 0, other: 0 }, total: 1 },
    ]);
    expect(factorsPerYear([])).toEqual([]);
  });

  it('the 15 most frequent tags and services, each once per incident, ties alphabetically', () => {
    const rows = Array.from({ length: 20 }, (_, index) => row(`2024-01-${String(index + 1).padStart(2, '0')}`, { tags: Array.from({ length: 20 - index }, (_, tag) => `t${String(tag).padStart(2, '0')}`).concat(['t00']), services: ['api'] }));
    const top = topValues(rows, (entry) => entry.tags);
    expect(top).toHaveLength(15);
    expect(top[0]).toEqual(['t00', 20]);
    expect(top[14]).toEqual(['t14', 6]);
    expect(topValues(rows, (entry) => entry.services)).toEqual([['api', 20]]);
  });

  it('the page: a chart with the same numbers in a table, the tables, tags and services as text', () => {
    const rows = [row('2023-10-15', { tags: ['<img src=x onerror=alert(1)>'], services: ['api'] }), row('2024-01-18', { tags: ['db'] })];
    const html = insightsPage({ rows, factors: [], filterable: { tags: new Set(['db']), services: new Set() } }, '0.0.0');
    expect(html).toContain('<svg id="incidents-chart" class="chart"');
    expect(html.match(/<tr><th scope="row">20\d\d-\d\d<\/th><td>(\d)<\/td><\/tr>/g)).toHaveLength(4);
    expect(html).toContain('<a href="index.html?tag=db">db</a>');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('<img');
    expect(html).toContain('No dated incident lists contributing factors.');
    expect(insightsPage({ rows: [], factors: [], filterable: { tags: new Set(), services: new Set() } }, '0.0.0')).toContain('No incident has a date yet.');
  });
});

describe('the navigation', () => {
  it('links the four sections relatively from where the page is, the current one marked', () => {
    expect(siteNav('../', 'insights')).toBe(
      '<a href="../index.html">Postmortems</a><a href="../patterns.html">Patterns</a><a href="../action-items.html">Action items</a><a href="../insights.html" aria-current="page">Insights</a>',
    );
  });
});
