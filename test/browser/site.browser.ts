import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase } from '../helpers.js';
import { generateKnowledgeBase, type GeneratedIncident } from './generate-kb.js';
import {
  buildSite,
  readResults,
  renderedDiagram,
  resultCount,
  screenshot,
  searchParams,
  serveDirectory,
  watchedTabs,
  type StaticServer,
  type WatchedPage,
} from './harness.js';

// `postmortem site`, used as a person uses it: the site of a knowledge base, served as GitHub Pages would
// serve it, in a real browser that may fetch nothing from outside the site.

const POOL = 'INC-20240115-0042';
const POOL_TITLE = 'API Gateway Connection Pool Exhaustion';
/** The three N+1 incidents, newest first. */
const N_PLUS_ONE = ['INC-20240118-0023', 'INC-20231201-0019', 'INC-20231015-0008'];
const NEWEST_FIRST = ['INC-20240118-0023', POOL, 'INC-20231201-0019', 'INC-20231015-0008'];
const SEVERITY: Record<string, string> = { [POOL]: 'SEV2', 'INC-20240118-0023': 'SEV3', 'INC-20231201-0019': 'SEV3', 'INC-20231015-0008': 'SEV3' };

const counted = (n: number) => (n === 1 ? '1 postmortem' : `${n} postmortems`);
/** The result count says `n postmortem(s)` first; it may go on ("(the first 200 shown: narrow the search)"). */
const countOf = (n: number) => new RegExp(`^${counted(n)}(?![\\w-])`);
const POLL = { timeout: 5_000, interval: 50 };
const FISHBONE_TIMEOUT = 30_000;

const tabs = watchedTabs();

/** A new watched tab on `server`, at `path` (relative to the site's root). */
async function open(server: StaticServer, path: string): Promise<WatchedPage> {
  const watched = await tabs.open(server, path);
  return watched;
}

/** The home page, once its search has run (the result count says a number). */
async function home(server: StaticServer, query = ''): Promise<Page> {
  const { page } = await open(server, `index.html${query}`);
  await page.waitForSelector('input#q');
  await page.waitForFunction(() => /\d/.test(document.querySelector('p#result-count')?.textContent ?? ''));
  return page;
}

const ids = async (page: Page) => (await readResults(page)).map((result) => result.id);
const firstId = async (page: Page) => (await ids(page))[0];
const inputValue = (page: Page, selector: string) => page.$eval(selector, (element) => (element as HTMLInputElement | HTMLSelectElement).value);

/** Clears the search box as a person would: select all, Backspace. */
async function clearSearch(page: Page): Promise<void> {
  await page.focus('#q');
  await page.$eval('#q', (input) => (input as HTMLInputElement).select());
  await page.keyboard.press('Backspace');
}

/** The HTTP status of each of these URLs (relative to the page), fetched by the page. */
function statuses(page: Page, hrefs: string[]): Promise<number[]> {
  return page.evaluate((list) => Promise.all(list.map((href) => fetch(href).then(async (response) => (await response.text(), response.status)))), hrefs);
}

/** The incident page's fishbone, once Mermaid has drawn it. */
async function fishbone(page: Page) {
  await page.waitForSelector('section#fishbone svg', { timeout: FISHBONE_TIMEOUT });
  return renderedDiagram(page, 'section#fishbone svg');
}

describe('the site of this repository’s knowledge base', () => {
  let workspace: string;
  let server: StaticServer;

  beforeAll(async () => {
    workspace = copyOfKnowledgeBase('pm-site-');
    await buildSite(workspace, '_site');
    server = await serveDirectory(join(workspace, '_site'));
  });

  afterAll(async () => {
    await server?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('the home page lists the 4 incidents, newest first, each linking to its page', async () => {
    const page = await home(server);
    expect(await resultCount(page)).toMatch(countOf(4));
    const results = await readResults(page);
    expect(results.map((result) => result.id)).toEqual(NEWEST_FIRST);
    for (const result of results) {
      expect(result.severity, result.id).toBe(SEVERITY[result.id]);
      expect(result.href, result.id).toMatch(new RegExp(`(^|/)incidents/${result.id}\\.html$`));
    }
    expect(results.find((result) => result.id === POOL)?.title).toContain(POOL_TITLE);
    expect(await statuses(page, results.map((result) => result.href))).toEqual([200, 200, 200, 200]);
    await screenshot(page, 'home');
  });

  it('the search form: a labelled search box in a search landmark, and the filters, each with "all"', async () => {
    const page = await home(server);
    const form = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input#q');
      const label = document.querySelector('label[for="q"]');
      const options = (id: string) => [...document.querySelectorAll<HTMLOptionElement>(`select#${id} option`)].map((option) => option.value);
      return {
        type: input?.type,
        inSearchForm: input?.closest('form[role="search"]') !== null,
        label: label?.textContent?.trim() ?? null,
        severity: options('severity'),
        status: options('status'),
        tag: options('tag'),
        service: options('service'),
        year: options('year'),
      };
    });
    expect(form).toMatchObject({ type: 'search', inSearchForm: true });
    expect(form.label).toMatch(/\S/);
    for (const filter of ['severity', 'status', 'tag', 'service', 'year'] as const) expect(form[filter], filter).toContain('');
    expect(form.severity).toEqual(expect.arrayContaining(['SEV2', 'SEV3']));
    expect(form.status).toContain('published');
    expect(form.tag).toEqual(expect.arrayContaining(['connection-pool', 'n-plus-one', 'pagination']));
    expect(form.service).toEqual(expect.arrayContaining(['control-plane-api', 'dashboard']));
    expect(form.year).toEqual(expect.arrayContaining(['2023', '2024']));
  });

  it('typing "pool" shows the connection-pool incident first at once, and puts the query in the URL; clearing it brings all back', async () => {
    const page = await home(server);
    const entries = await page.evaluate(() => history.length);
    await page.type('#q', 'pool');
    await expect.poll(() => firstId(page), POLL).toBe(POOL);
    await expect.poll(async () => (await searchParams(page)).q, POLL).toBe('pool');
    const shown = await readResults(page);
    expect(await resultCount(page)).toMatch(countOf(shown.length));
    // The URL is replaced, not pushed: Back leaves the search rather than stepping back through each keystroke.
    expect(await page.evaluate(() => history.length)).toBe(entries);

    await clearSearch(page);
    await expect.poll(() => ids(page), POLL).toEqual(NEWEST_FIRST);
    await expect.poll(async () => (await searchParams(page)).q ?? '', POLL).toBe('');
    expect(await resultCount(page)).toMatch(countOf(4));
  });

  it('the severity filter: SEV3 shows only the three SEV3 incidents, SEV2 the one, "all" the four', async () => {
    const page = await home(server);
    await page.select('#severity', 'SEV3');
    await expect.poll(() => ids(page), POLL).toEqual(N_PLUS_ONE);
    expect((await readResults(page)).map((result) => result.severity)).toEqual(['SEV3', 'SEV3', 'SEV3']);
    expect(await resultCount(page)).toMatch(countOf(3));
    await expect.poll(async () => (await searchParams(page)).severity, POLL).toBe('SEV3');

    await page.select('#severity', 'SEV2');
    await expect.poll(() => ids(page), POLL).toEqual([POOL]);
    expect(await resultCount(page)).toMatch(countOf(1));

    await page.select('#severity', '');
    await expect.poll(() => ids(page), POLL).toEqual(NEWEST_FIRST);
    await expect.poll(async () => (await searchParams(page)).severity ?? '', POLL).toBe('');
  });

  it('the tag, service and year filters, alone and together', async () => {
    const page = await home(server);
    await page.select('#tag', 'pagination');
    await expect.poll(() => ids(page), POLL).toEqual(['INC-20240118-0023', 'INC-20231201-0019']);
    await page.select('#year', '2023');
    await expect.poll(() => ids(page), POLL).toEqual(['INC-20231201-0019']);
    await page.select('#tag', '');
    await expect.poll(() => ids(page), POLL).toEqual(['INC-20231201-0019', 'INC-20231015-0008']);
    await page.select('#year', '');
    await page.select('#service', 'dashboard');
    await expect.poll(() => ids(page), POLL).toEqual(['INC-20231201-0019']);
    await expect.poll(async () => (await searchParams(page)).service, POLL).toBe('dashboard');
  });

  it('a shared URL restores the search: index.html?q=pool sets the box and shows the incident', async () => {
    const page = await home(server, '?q=pool');
    await expect.poll(() => inputValue(page, '#q'), POLL).toBe('pool');
    await expect.poll(() => firstId(page), POLL).toBe(POOL);

    const filtered = await home(server, '?q=pool&severity=SEV3');
    await expect.poll(() => inputValue(filtered, '#q'), POLL).toBe('pool');
    await expect.poll(() => inputValue(filtered, '#severity'), POLL).toBe('SEV3');
    await expect.poll(async () => (await readResults(filtered)).every((result) => result.severity === 'SEV3'), POLL).toBe(true);
    const results = await readResults(filtered);
    expect(results.map((result) => result.id)).not.toContain(POOL);
    expect(await resultCount(filtered)).toMatch(countOf(results.length));

    const byYear = await home(server, '?severity=SEV3&year=2023');
    await expect.poll(() => inputValue(byYear, '#severity'), POLL).toBe('SEV3');
    await expect.poll(() => inputValue(byYear, '#year'), POLL).toBe('2023');
    await expect.poll(() => ids(byYear), POLL).toEqual(['INC-20231201-0019', 'INC-20231015-0008']);
    expect(await resultCount(byYear)).toMatch(countOf(2));
  });

  it('ArrowDown from the search box focuses the first result’s link; Enter opens it', async () => {
    const page = await home(server);
    await page.type('#q', 'pool');
    await expect.poll(() => firstId(page), POLL).toBe(POOL);
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => {
      const first = [...document.querySelectorAll('ol#results > li.result')].find((item) => item.checkVisibility());
      return document.activeElement !== null && document.activeElement === first?.querySelector('a.result-title');
    });
    expect(focused).toBe(true);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toMatch(new RegExp(`/incidents/${POOL}\\.html$`));
  });

  it('the connection-pool incident, opened from a search: its title, related incidents, a drawn fishbone, its action items', async () => {
    const page = await home(server);
    await page.type('#q', 'pool');
    await expect.poll(() => firstId(page), POLL).toBe(POOL);
    await Promise.all([page.waitForNavigation(), page.click('ol#results > li.result a.result-title')]);
    expect(page.url()).toMatch(new RegExp(`/incidents/${POOL}\\.html$`));

    expect(await page.$eval('h1', (h1) => h1.textContent)).toContain(POOL_TITLE);

    const related = await page.$$eval('section#related li', (items) =>
      items.map((item) => ({ href: item.querySelector('a[href$=".html"]')?.getAttribute('href') ?? null, link: item.querySelector('a')?.textContent ?? '', text: item.textContent ?? '' })),
    );
    expect(related.length).toBeGreaterThan(0);
    for (const item of related) {
      expect(item.href, item.text).toMatch(/INC-\d{8}-\d{4}\.html$/);
      // Each says why it is related, beyond its link.
      expect(item.text.replace(item.link, '').trim(), item.text).toMatch(/\w{3,}/);
    }
    for (const item of related) expect(N_PLUS_ONE, item.text).toContain(item.href?.match(/INC-\d{8}-\d{4}/)?.[0]);
    expect(await statuses(page, related.map((item) => item.href!))).toEqual(related.map(() => 200));

    const diagram = await fishbone(page);
    expect(diagram).toMatchObject({ kind: 'ishikawa', error: false });
    const labels = diagram.labels.map((label) => label.toLowerCase());
    expect(labels).toEqual(expect.arrayContaining(['process', 'technology']));
    expect(labels.some((label) => label.includes('load testing'))).toBe(true);

    const actions = await page.$$eval('section#action-items table tr', (rows) => rows.map((row) => row.textContent?.replace(/\s+/g, ' ').trim() ?? ''));
    for (const id of ['AI-001', 'AI-002', 'AI-003', 'AI-004', 'AI-005']) expect(actions.some((row) => row.includes(id)), id).toBe(true);
    expect(actions.some((row) => row.includes('Add monitor for pool utilization >80%'))).toBe(true);

    await screenshot(page, `incident-${POOL}`);
  });

  it('the newest N+1 incident relates the two earlier ones, and a related link leads to its page', async () => {
    const { page } = await open(server, `incidents/${N_PLUS_ONE[0]}.html`);
    await page.waitForSelector('section#related');
    const hrefs = await page.$$eval('section#related li a[href$=".html"]', (links) => links.map((link) => link.getAttribute('href') ?? ''));
    const linked = hrefs.map((href) => href.match(/INC-\d{8}-\d{4}/)?.[0]);
    expect(linked.slice(0, 2).sort()).toEqual([N_PLUS_ONE[1], N_PLUS_ONE[2]].sort());
    const reasons = await page.$eval('section#related', (section) => section.textContent ?? '');
    expect(reasons).toMatch(/n-plus-one|pagination|tag/i);

    await Promise.all([page.waitForNavigation(), page.click(`section#related a[href$="${N_PLUS_ONE[1]}.html"]`)]);
    expect(await page.$eval('h1', (h1) => h1.textContent)).toContain('Organization Dashboard Timeouts From N+1 Queries');
  });

  it('every incident page loads without an error, its title in the h1, a fishbone drawn when it lists contributing factors', async () => {
    const documents = readdirSync(join(workspace, 'postmortems'))
      .filter((name) => /^\d{4}-/.test(name))
      .map((name) => {
        const text = readFileSync(join(workspace, 'postmortems', name), 'utf8');
        return { id: text.match(/^id: (.+)$/m)![1]!, title: text.match(/^title: (.+)$/m)![1]!, factors: /^#+ Contributing Factors/m.test(text) };
      });
    expect(documents.map((document) => document.id).sort()).toEqual([...NEWEST_FIRST].sort());
    expect(documents.filter((document) => document.factors).map((document) => document.id)).toEqual([POOL]);
    for (const { id, title, factors } of documents) {
      const { page } = await open(server, `incidents/${id}.html`);
      expect(await page.$eval('h1', (h1) => h1.textContent), id).toContain(title);
      if (factors) expect(await fishbone(page), id).toMatchObject({ kind: 'ishikawa', error: false });
      else expect(await page.$$eval('section#fishbone .error-text', (found) => found.length), id).toBe(0);
    }
  });

  it('its data and assets are in the site: search-index.json, incidents.json, assets/', async () => {
    const page = await home(server);
    const fetched = await page.evaluate(async () => {
      const get = async (path: string) => {
        const response = await fetch(path);
        return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
      };
      return { index: await get('search-index.json'), incidents: await get('incidents.json'), js: await get('assets/site.js'), css: await get('assets/site.css'), mermaid: await get('assets/mermaid.min.js') };
    });
    for (const [name, file] of Object.entries(fetched)) expect(file.status, name).toBe(200);
    expect(() => JSON.parse(fetched.index.text)).not.toThrow();
    for (const id of NEWEST_FIRST) expect(fetched.incidents.text, id).toContain(id);
    // No page of the site loads a script or a style from elsewhere (the browser would be stopped; this reads every page).
    const html = readdirSync(join(workspace, '_site'), { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.html'));
    expect(html.length).toBeGreaterThanOrEqual(5);
    for (const path of html) {
      const text = readFileSync(join(workspace, '_site', path), 'utf8');
      expect(text.match(/<script\b[^>]*\bsrc\s*=\s*["']?(?:[a-z][\w+.-]*:)?\/\/[^>]*>/gi) ?? [], path).toEqual([]);
      expect(text.match(/<link\b[^>]*\bhref\s*=\s*["']?(?:[a-z][\w+.-]*:)?\/\/[^>]*>/gi)?.filter((tag) => /stylesheet|preload|icon|import/i.test(tag)) ?? [], path).toEqual([]);
    }
  });

  describe('published under a path (--base-url /kb/)', () => {
    let under: StaticServer;

    beforeAll(async () => {
      await buildSite(workspace, '_site_kb', ['--base-url', '/kb/']);
      under = await serveDirectory(join(workspace, '_site_kb'), { base: '/kb/' });
    });

    afterAll(async () => {
      await under?.close();
    });

    it('its home, search, incident pages and assets all load from under /kb/', async () => {
      const { page } = await open(under, '');
      await page.waitForFunction(() => /\d/.test(document.querySelector('p#result-count')?.textContent ?? ''));
      expect(await ids(page)).toEqual(NEWEST_FIRST);
      await page.type('#q', 'pool');
      await expect.poll(() => firstId(page), POLL).toBe(POOL);
      await Promise.all([page.waitForNavigation(), page.click('ol#results > li.result a.result-title')]);
      expect(page.url()).toBe(`${under.root}incidents/${POOL}.html`);
      expect(await fishbone(page)).toMatchObject({ kind: 'ishikawa', error: false });
      await Promise.all([page.waitForNavigation(), page.click('section#related li a[href$=".html"]')]);
      expect(page.url()).toMatch(new RegExp(`^${under.root.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}incidents/INC-\\d{8}-\\d{4}\\.html$`));
    });
  });
});

describe('the site of a generated knowledge base of 300 postmortems', () => {
  const PLANTED = 'quetzalcoatlus';
  const PLANTED_AT = 137;
  let workspace: string;
  let server: StaticServer;
  let incidents: GeneratedIncident[];

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'pm-site-300-'));
    incidents = generateKnowledgeBase(workspace, { count: 300, plant: { [PLANTED_AT]: PLANTED } });
    await buildSite(workspace, '_site');
    server = await serveDirectory(join(workspace, '_site'));
  });

  afterAll(async () => {
    await server?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const newestFirst = () => [...incidents].sort((a, b) => b.date.localeCompare(a.date));

  it('the home page counts all 300, newest first', async () => {
    const page = await home(server);
    expect(await resultCount(page)).toMatch(countOf(300));
    const shown = await ids(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(newestFirst().slice(0, shown.length).map((incident) => incident.id));
    await screenshot(page, 'home-300', { fullPage: false });
  });

  it('a word in one incident’s summary finds that incident, first and alone, as it is typed', async () => {
    const page = await home(server);
    const started = Date.now();
    await page.type('#q', PLANTED);
    await expect.poll(() => firstId(page), POLL).toBe(incidents[PLANTED_AT]!.id);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => resultCount(page), POLL).toMatch(countOf(1));
    await expect.poll(async () => (await searchParams(page)).q, POLL).toBe(PLANTED);
  });

  it('the severity and year filters together show exactly the matching incidents', async () => {
    const expected = newestFirst().filter((incident) => incident.severity === 'SEV1' && incident.date.startsWith('2022'));
    expect(expected.length).toBeGreaterThan(0);
    const page = await home(server);
    await page.select('#severity', 'SEV1');
    await page.select('#year', '2022');
    await expect.poll(() => resultCount(page), POLL).toMatch(countOf(expected.length));
    const results = await readResults(page);
    expect(results.map((result) => result.id)).toEqual(expected.map((incident) => incident.id));
    expect(new Set(results.map((result) => result.severity))).toEqual(new Set(['SEV1']));
    expect(await searchParams(page)).toMatchObject({ severity: 'SEV1', year: '2022' });
  });

  it('a shared URL with a tag and a service filter shows the incidents that have both', async () => {
    const { tags, services } = incidents[42]!;
    const [tag, service] = [tags[0]!, services[0]!];
    const expected = newestFirst().filter((incident) => incident.tags.includes(tag) && incident.services.includes(service));
    const page = await home(server, `?tag=${tag}&service=${service}`);
    await expect.poll(() => inputValue(page, '#tag'), POLL).toBe(tag);
    await expect.poll(() => inputValue(page, '#service'), POLL).toBe(service);
    await expect.poll(() => resultCount(page), POLL).toMatch(countOf(expected.length));
    expect(await ids(page)).toEqual(expected.map((incident) => incident.id));
  });

  it('the planted incident’s page shows its summary, and its fishbone', async () => {
    const planted = incidents[PLANTED_AT]!;
    const { page } = await open(server, `incidents/${planted.id}.html`);
    expect(await page.$eval('h1', (h1) => h1.textContent)).toContain(planted.title);
    expect(await page.evaluate(() => document.body.textContent ?? '')).toContain(PLANTED);
    expect(await fishbone(page)).toMatchObject({ kind: 'ishikawa', error: false });
  });
});
