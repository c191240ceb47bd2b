import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase } from '../helpers.js';
import { generateKnowledgeBase, type GeneratedIncident } from './generate-kb.js';
import { buildSite, watchedTabs, screenshot, serveDirectory, type StaticServer, type WatchedPage } from './harness.js';

// The site's patterns, action items and insights pages, in a real browser that may fetch nothing from outside the
// site: reached from the navigation of every page, each without a console error, their numbers as a person reads them.

const AS_OF = '2024-02-10';
const SECTIONS = [
  { link: 'Postmortems', path: 'index.html', h1: 'Postmortems' },
  { link: 'Patterns', path: 'patterns.html', h1: 'Recurring patterns' },
  { link: 'Action items', path: 'action-items.html', h1: 'Open action items' },
  { link: 'Insights', path: 'insights.html', h1: 'Insights' },
];

const tabs = watchedTabs();

/** A new watched tab on `server`, at `path` (relative to the site's root), once its heading is there. */
async function open(server: StaticServer, path: string): Promise<WatchedPage> {
  const watched = await tabs.open(server, path);
  await watched.page.waitForSelector('h1');
  return watched;
}

const h1 = (page: Page) => page.$eval('h1', (element) => element.textContent?.trim() ?? '');
const texts = (page: Page, selector: string) => page.$$eval(selector, (elements) => elements.map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim()));
/** Each row's cells as a person reads them (lines within a cell joined by a space), cells joined by " | ". */
const rows = (page: Page, selector: string) =>
  page.$$eval(selector, (elements) => elements.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText.replace(/\s+/g, ' ').trim()).join(' | ')));

/** Clicks the site navigation's link named `name` and waits for the page it leads to. */
async function follow(page: Page, name: string): Promise<void> {
  const links = await page.$$('header nav[aria-label="Site"] a');
  for (const link of links) {
    if ((await link.evaluate((element) => element.textContent?.trim())) !== name) continue;
    await Promise.all([page.waitForNavigation(), link.click()]);
    return;
  }
  throw new Error(`no link "${name}" in the site navigation of ${page.url()}`);
}

/** What the insights chart shows: its tick labels, its bars' tooltips, its accessible name, and the table beside it. */
function readChart(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg#incidents-chart');
    return {
      role: svg?.getAttribute('role') ?? null,
      label: svg?.getAttribute('aria-label') ?? '',
      ticks: [...(svg?.querySelectorAll('g.tick text') ?? [])].map((text) => text.textContent ?? ''),
      bars: [...(svg?.querySelectorAll('rect') ?? [])].map((rect) => rect.querySelector('title')?.textContent ?? ''),
      width: svg?.getBoundingClientRect().width ?? 0,
      table: [...document.querySelectorAll('table#per-period tbody tr')].map((row) => [row.querySelector('th')?.textContent ?? '', Number(row.querySelector('td')?.textContent)] as const),
    };
  });
}

describe('the patterns, action items and insights of this repository’s knowledge base', () => {
  let workspace: string;
  let server: StaticServer;

  beforeAll(async () => {
    workspace = copyOfKnowledgeBase('pm-site-pages-');
    await buildSite(workspace, '_site', ['--as-of', AS_OF]);
    server = await serveDirectory(join(workspace, '_site'));
  });

  afterAll(async () => {
    await server?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('the navigation reaches each page from the home page, and back, marking where the reader is', async () => {
    const { page } = await open(server, 'index.html');
    for (const section of [...SECTIONS.slice(1), SECTIONS[0]!]) {
      await follow(page, section.link);
      expect(page.url(), section.link).toBe(`${server.root}${section.path}`);
      expect(await h1(page), section.link).toBe(section.h1);
      expect(await texts(page, 'header nav[aria-label="Site"] a[aria-current="page"]'), section.link).toEqual([section.link]);
    }
  });

  it('an incident page’s navigation leads up to the pages at the root', async () => {
    const { page } = await open(server, 'incidents/INC-20240115-0042.html');
    expect(await texts(page, 'header nav[aria-label="Site"] a')).toEqual(SECTIONS.map((section) => section.link));
    await follow(page, 'Insights');
    expect(page.url()).toBe(`${server.root}insights.html`);
  });

  it('patterns: the N+1 pattern, its three incidents on a timeline, oldest first, each linking to its page', async () => {
    const { page } = await open(server, 'patterns.html');
    expect(await texts(page, '.pattern-entry h2')).toEqual(['3rd occurrence of n-plus-one in 180 days (shared tags: n-plus-one, orm, performance)']);
    const timeline = await page.$$eval('.pattern-entry ol.timeline li', (items) => items.map((item) => ({ date: item.querySelector('time')?.getAttribute('datetime'), href: item.querySelector('a')?.getAttribute('href') })));
    expect(timeline).toEqual([
      { date: '2023-10-15', href: 'incidents/INC-20231015-0008.html' },
      { date: '2023-12-01', href: 'incidents/INC-20231201-0019.html' },
      { date: '2024-01-18', href: 'incidents/INC-20240118-0023.html' },
    ]);
    await screenshot(page, 'patterns');
    await Promise.all([page.waitForNavigation(), page.click('.pattern-entry ol.timeline li:first-child a')]);
    expect(await h1(page)).toBe('User Listing Endpoint Slow Under N+1 Queries');
  });

  it(`action items: by owner, overdue as of ${AS_OF} said in words, counts by severity`, async () => {
    const { page } = await open(server, 'action-items.html');
    expect(await texts(page, 'p.count')).toEqual([`12 open action items from 4 incidents. As of ${AS_OF}: 9 overdue.`]);
    expect(await texts(page, 'section.owner h2')).toEqual([
      '@acme-example/backend 3 open items, 2 overdue',
      '@acme-example/eng-mgr 3 open items, 2 overdue',
      '@acme-example/platform 5 open items, 4 overdue',
      '@acme-example/qa 1 open item, 1 overdue',
    ]);
    const items = await rows(page, 'section.owner tbody tr');
    expect(items[0]).toBe('INC-20231015-0008 User Listing Endpoint Slow Under N+1 Queries | AI-002 | Add a query count assertion to the listing endpoint tests | 2023-11-15 overdue by 87 days | open');
    expect(items.filter((row) => row.includes('overdue by'))).toHaveLength(9);
    expect(await rows(page, 'table.compact tbody tr')).toEqual(['SEV2 | 5 | 4', 'SEV3 | 7 | 5']);
    // The word says it; colour only repeats it.
    const overdue = await page.$eval('.overdue', (element) => ({ text: element.textContent, visible: element.checkVisibility() }));
    expect(overdue).toEqual({ text: 'overdue by 87 days', visible: true });
    await screenshot(page, 'action-items');
    // On a phone, the page keeps its width: a wide table scrolls inside itself.
    await page.setViewport({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'action-items-phone', { fullPage: false });
    await page.setViewport({ width: 1280, height: 900 });
    await Promise.all([page.waitForNavigation(), page.click('section.owner tbody tr:first-child a')]);
    expect(page.url()).toBe(`${server.root}incidents/INC-20231015-0008.html#action-items`);
  });

  it('insights: an SVG chart of the four months (November’s zero included) with integer ticks, its table, the durations, factors and rankings', async () => {
    const { page } = await open(server, 'insights.html');
    const chart = await readChart(page);
    expect(chart.role).toBe('img');
    expect(chart.label).toMatch(/incidents per month, 2023-10 to 2024-01/);
    expect(chart.ticks.length).toBeGreaterThanOrEqual(2);
    for (const tick of chart.ticks) expect(tick).toMatch(/^\d+$/);
    expect(chart.ticks).toEqual(['0', '1', '2']);
    expect(chart.bars).toEqual(['2023-10: 1', '2023-12: 1', '2024-01: 2']);
    expect(chart.table).toEqual([
      ['2023-10', 1],
      ['2023-11', 0],
      ['2023-12', 1],
      ['2024-01', 2],
    ]);
    expect(chart.width).toBeGreaterThan(300);
    expect(await texts(page, 'table.durations tbody th')).toEqual(['2023-Q4', '2024-Q1']);
    expect(await rows(page, 'table.factors-by-year tbody tr')).toEqual(['2024 | 0 | 3 | 1 | 0 | 0 | 0 | 4']);
    expect((await rows(page, '#top-tags tbody tr')).slice(0, 2)).toEqual(['database | 4', 'n-plus-one | 3']);
    expect(await rows(page, '#top-services tbody tr')).toEqual(['control-plane-api | 4', 'dashboard | 1']);
    await screenshot(page, 'insights');
    await page.setViewport({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'insights-phone', { fullPage: false });
    await page.setViewport({ width: 1280, height: 900 });
    // A ranked tag opens the home page filtered by it.
    await Promise.all([page.waitForNavigation(), page.click('#top-tags a[href="index.html?tag=pagination"]')]);
    await page.waitForFunction(() => document.querySelectorAll('ol#results > li.result').length === 2 && (document.querySelector<HTMLSelectElement>('#tag')?.value ?? '') === 'pagination');
  });
});

describe('the insights and action items of a generated knowledge base of 300 postmortems over four years', () => {
  let workspace: string;
  let server: StaticServer;
  let incidents: GeneratedIncident[];

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'pm-site-pages-300-'));
    incidents = generateKnowledgeBase(workspace, { count: 300 });
    await buildSite(workspace, '_site', ['--as-of', '2025-06-01']);
    server = await serveDirectory(join(workspace, '_site'));
  });

  afterAll(async () => {
    await server?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('the chart counts by quarter (the span is over 36 months), every quarter, 300 in all, integer ticks', async () => {
    const { page } = await open(server, 'insights.html');
    const chart = await readChart(page);
    expect(chart.label).toMatch(/incidents per quarter, 2021-Q1 to 2025-Q1/);
    expect(chart.table.map(([period]) => period)).toEqual(Array.from({ length: 17 }, (_, index) => `${2021 + Math.floor(index / 4)}-Q${(index % 4) + 1}`));
    expect(chart.table.reduce((sum, [, count]) => sum + count, 0)).toBe(incidents.length);
    for (const tick of chart.ticks) expect(tick).toMatch(/^\d+$/);
    expect(Number(chart.ticks.at(-1))).toBeGreaterThanOrEqual(Math.max(...chart.table.map(([, count]) => count)));
    expect(await page.$$eval('svg#incidents-chart text.period', (labels) => labels.length)).toBeLessThanOrEqual(12);
    expect(await rows(page, '#top-tags tbody tr')).toHaveLength(15);
    expect(await texts(page, 'table.factors-by-year tbody th')).toEqual(['2021', '2022', '2023', '2024', '2025']);
    await screenshot(page, 'insights-300');
  });

  it('the action items page lists every owner and says how late each item is', async () => {
    const { page } = await open(server, 'action-items.html');
    expect(await texts(page, 'section.owner h2 .tally')).toHaveLength(3);
    const late = await texts(page, '.overdue');
    expect(late.length).toBeGreaterThan(0);
    for (const words of late) expect(words).toMatch(/^overdue by \d+ days?$/);
    await screenshot(page, 'action-items-300', { fullPage: false });
  });
});
