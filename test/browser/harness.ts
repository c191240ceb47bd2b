import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { REPO } from '../helpers.js';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/**
 * What the browser suites (`npm run test:browser`, *.browser.ts) stand on: a static file server
 * like the one a site is published to, a headless Chromium that is never let out of that server,
 * and the built CLI run as users run it.
 */

export const SCREENSHOTS = join(REPO, 'test/browser/screenshots');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  origin: string;
  /** Where the site is: `origin + base` (base is `/` unless served under a path such as `/repo/`). */
  root: string;
  /** Every request the server answered, as `<status> <path and query>`. */
  log: string[];
  close(): Promise<void>;
}

/**
 * Serves `folder` over HTTP on 127.0.0.1 at a random port, as GitHub Pages would: `base` is the path the
 * site is published under (`/` or `/repo/`); a folder's URL serves its index.html (a folder without the
 * trailing slash is redirected to it); the query string is ignored; anything missing, outside `base`
 * or outside the folder is a 404. Types by extension; X-Content-Type-Options: nosniff, so that a
 * script or a style served with a wrong type fails as it would on a strict host.
 */
export async function serveDirectory(folder: string, options: { base?: string } = {}): Promise<StaticServer> {
  const base = options.base ?? '/';
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must start and end with "/": ${base}`);
  const top = resolve(folder);
  const log: string[] = [];

  const answer = (request: IncomingMessage, response: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer | string) => {
    log.push(`${status} ${request.url ?? ''}`);
    response.writeHead(status, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  const notFound = (request: IncomingMessage, response: ServerResponse) =>
    answer(request, response, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');

  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      answer(request, response, 405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, 'Method not allowed\n');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      notFound(request, response);
      return;
    }
    if (!pathname.startsWith(base) || pathname.includes('\0')) {
      notFound(request, response);
      return;
    }
    const relativePath = pathname.slice(base.length);
    const path = resolve(top, `.${sep}${relativePath}`);
    if (path !== top && !path.startsWith(top + sep)) {
      notFound(request, response);
      return;
    }
    let file = path;
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        answer(request, response, 301, { Location: `${pathname}/` });
        return;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      notFound(request, response);
      return;
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    answer(request, response, 200, { 'Content-Type': type }, readFileSync(file));
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    root: `${origin}${base}`,
    log,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A page that records what went wrong on it. */
export interface WatchedPage {
  page: Page;
  /** console.error and errors Chromium logs (a failed load, a CSP refusal), with where they came from. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Requests that left the site's origin: aborted before they were sent. */
  blockedRequests: string[];
  /** Responses of 400 or more from the site (a broken link, a missing asset). */
  httpErrors: string[];
  /** alert(), confirm() and prompt() calls: dismissed, and recorded. */
  dialogs: string[];
  /** All of the above, labelled: `[]` when the page behaved. */
  problems(): string[];
  /**
   * Resolves once no request of the page has been in flight for `quietMs` (at most `timeoutMs`):
   * what `waitUntil: 'networkidle0'` means, which hangs when a request was aborted by interception.
   */
  settled(quietMs?: number, timeoutMs?: number): Promise<void>;
}

export interface BrowserSession {
  browser: Browser;
  newPage(origin: string): Promise<WatchedPage>;
  close(): Promise<void>;
}

const isFavicon = (url: string | undefined) => url !== undefined && /\/favicon\.ico(?:[?#]|$)/.test(url);

/** Headless Chromium: CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export async function openBrowser(): Promise<BrowserSession> {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  return {
    browser,
    newPage: (origin) => newPage(browser, origin),
    close: () => browser.close(),
  };
}

/**
 * A new tab that may load only from `origin` (and data: and blob: URLs): any other request is aborted
 * and recorded, so that nothing leaves the machine and a page that tries is caught. Console errors,
 * page errors, dialogs and HTTP errors are recorded, except the 404 of /favicon.ico that Chromium asks
 * for on its own.
 */
export async function newPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const site = new URL(origin).origin;
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const watched: WatchedPage = {
    page,
    consoleErrors: [],
    pageErrors: [],
    blockedRequests: [],
    httpErrors: [],
    dialogs: [],
    problems: () => [
      ...watched.consoleErrors.map((text) => `console error: ${text}`),
      ...watched.pageErrors.map((text) => `page error: ${text}`),
      ...watched.blockedRequests.map((url) => `request to another origin, blocked: ${url}`),
      ...watched.httpErrors.map((text) => `HTTP error: ${text}`),
      ...watched.dialogs.map((text) => `dialog: ${text}`),
    ],
    settled: async (quietMs = 300, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        if (inFlight.size > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= quietMs) return;
        await new Promise((done) => setTimeout(done, 25));
      }
      throw new Error(`requests still in flight after ${timeoutMs} ms: ${[...inFlight].map((request) => request.url()).join(', ')}`);
    },
  };
  // A request is done when its response has come (a fetch whose body the page never reads never "finishes").
  const inFlight = new Set<HTTPRequest>();
  page.on('response', (response) => inFlight.delete(response.request()));
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => inFlight.delete(request));

  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url;
    if (isFavicon(where)) return;
    // A blocked request is recorded as such; Chromium's own "Failed to load resource" line about it says nothing more.
    if (where !== undefined && watched.blockedRequests.includes(where) && message.text().startsWith('Failed to load resource')) return;
    watched.consoleErrors.push(where ? `${message.text()} (${where})` : message.text());
  });
  page.on('pageerror', (error) => {
    watched.pageErrors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  });
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('response', (response) => {
    const url = response.url();
    if (response.status() >= 400 && !isFavicon(url)) watched.httpErrors.push(`${response.status()} ${url}`);
  });

  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    let allowed = url.startsWith('data:') || url.startsWith('blob:');
    if (!allowed) {
      try {
        allowed = new URL(url).origin === site;
      } catch {
        allowed = false;
      }
    }
    if (allowed) {
      inFlight.add(request);
      void request.continue().catch(() => undefined);
    } else {
      watched.blockedRequests.push(url);
      void request.abort('blockedbyclient').catch(() => undefined);
    }
  });
  return watched;
}

/** A PNG of the page (the whole page, unless `fullPage: false`) in test/browser/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI bundle the suites run: POSTMORTEM_KB_CLI, or this repository's dist/cli.js. */
export function cliPath(): string {
  return process.env.POSTMORTEM_KB_CLI || join(REPO, 'dist/cli.js');
}

/** Runs the CLI bundle with `args` in `cwd`, with only PATH and HOME in the environment (and NO_COLOR). */
export function runCli(args: string[], cwd: string, cli = cliPath()): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' }, maxBuffer: 1 << 28, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/**
 * `postmortem site --out <out> [...extra]` in `workspace`, as a user runs it; fails (with what the CLI
 * printed) unless it exits 0. Returns the run, for a test that looks at what it printed.
 */
export async function buildSite(workspace: string, out: string, extra: string[] = [], cli = cliPath()): Promise<CliRun> {
  const run = await runCli(['site', '--out', out, ...extra], workspace, cli);
  if (run.code !== 0) {
    throw new Error(
      `\`${cli} site --out ${out}${extra.length ? ` ${extra.join(' ')}` : ''}\` in ${workspace} exited ${run.code}, not 0\n` +
        `--- stdout\n${run.stdout}--- stderr\n${run.stderr}`,
    );
  }
  return run;
}

/** A result of the home page's list, as a person sees it (hidden items are not shown, so not read). */
export interface Result {
  id: string;
  severity: string;
  title: string;
  href: string;
}

/** The shown `ol#results > li.result`, in order. */
export function readResults(page: Page): Promise<Result[]> {
  return page.$$eval('ol#results > li.result', (items) =>
    items
      .filter((item) => item.checkVisibility())
      .map((item) => {
        const link = item.querySelector('a.result-title');
        return {
          id: item.getAttribute('data-id') ?? '',
          severity: item.getAttribute('data-severity') ?? '',
          title: link?.textContent?.trim() ?? '',
          href: link?.getAttribute('href') ?? '',
        };
      }),
  );
}

/** The text of `p#result-count`, trimmed and with runs of white space as one space. */
export async function resultCount(page: Page): Promise<string> {
  return page.$eval('p#result-count', (element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/** The page's query string, parsed (the state the home page keeps in its URL). */
export async function searchParams(page: Page): Promise<Record<string, string>> {
  const search = await page.evaluate(() => location.search);
  return Object.fromEntries(new URLSearchParams(search));
}

/** What a Mermaid diagram rendered in `selector` shows: whether it is the error diagram, its kind, its labels. */
export interface RenderedDiagram {
  /** The svg's aria-roledescription: the diagram type Mermaid rendered (`ishikawa`, or `error`). */
  kind: string | null;
  /** Mermaid's "Syntax error in text" picture, in place of the diagram. */
  error: boolean;
  /** The text of each label, its wrapped lines joined with a space. */
  labels: string[];
}

export function renderedDiagram(page: Page, selector: string): Promise<RenderedDiagram> {
  return page.$eval(selector, (svg) => ({
    kind: svg.getAttribute('aria-roledescription'),
    error: svg.querySelector('.error-text, .error-icon') !== null,
    labels: [...svg.querySelectorAll('text')].map((text) => {
      const lines = [...text.querySelectorAll('tspan')].filter((tspan) => tspan.querySelector('tspan') === null);
      const words = lines.length > 0 ? lines.map((line) => line.textContent ?? '') : [text.textContent ?? ''];
      return words.join(' ').replace(/\s+/g, ' ').trim();
    }),
  }));
}

/**
 * What of a hostile document's markup survived into the page's DOM as markup: each entry is a finding,
 * `[]` when the page holds the document only as text or as sanitised HTML. It looks for what
 * test/browser/hostile.browser.ts plants: scripts and handlers that set `window.__pwned`, frames,
 * javascript:/data: links, forms, <base> and <meta refresh> elsewhere, styles loading from evil.example.com,
 * and the frontmatter's <b>Stampede</b>, <b>tag</b>, <i>svc</i> as elements.
 */
export function survivingMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const here = location.origin;
    const describe = (element: Element) => element.outerHTML.slice(0, 160);
    for (const element of document.querySelectorAll('iframe, frame, object, embed, applet, portal')) found.push(`embedded content: ${describe(element)}`);
    for (const script of document.querySelectorAll('script')) {
      const type = (script.getAttribute('type') ?? '').trim().toLowerCase();
      const executable = type === '' || type === 'module' || /^(text|application)\/(x-)?(java|ecma)script$/.test(type);
      if (executable && (script.textContent ?? '').includes('__pwned')) found.push(`script from the document: ${describe(script)}`);
      if (script.src && new URL(script.src).origin !== here) found.push(`script from elsewhere: ${script.src}`);
    }
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (attribute.name.toLowerCase().startsWith('on') && attribute.value.includes('__pwned')) found.push(`event handler from the document: ${describe(element)}`);
      }
      // Navigations (a link's href, a form's action) may not be javascript:, vbscript: or data:; loads (src) may be
      // data: images only; a <link> (as <link rel="icon" href="data:,">, which spares the favicon request) loads, never runs.
      const navigating = ['a', 'area', 'form', 'button', 'input'].includes(element.localName);
      for (const name of ['href', 'xlink:href', 'action', 'formaction', 'src', 'data', 'poster', 'background']) {
        const value = element.getAttribute(name);
        if (value === null) continue;
        let protocol = '';
        try {
          protocol = new URL(value.trim(), location.href).protocol;
        } catch {
          continue;
        }
        const navigates = navigating && ['href', 'xlink:href', 'action', 'formaction'].includes(name);
        const image = /^data:image\//i.test(value.trim());
        if (protocol === 'javascript:' || protocol === 'vbscript:' || (protocol === 'data:' && (navigates || (!image && element.localName !== 'link')))) found.push(`${name}=${protocol} URL: ${describe(element)}`);
      }
    }
    for (const form of document.querySelectorAll('form')) if (new URL(form.action, location.href).origin !== here) found.push(`form posting elsewhere: ${describe(form)}`);
    for (const base of document.querySelectorAll('base[href]')) if (new URL(base.getAttribute('href')!, location.href).origin !== here) found.push(`base elsewhere: ${describe(base)}`);
    for (const meta of document.querySelectorAll('meta[http-equiv]')) if (/refresh/i.test(meta.getAttribute('http-equiv') ?? '')) found.push(`meta refresh: ${describe(meta)}`);
    for (const style of document.querySelectorAll('style')) if ((style.textContent ?? '').includes('evil.example.com')) found.push(`style from the document: ${describe(style)}`);
    for (const element of document.querySelectorAll('[style*="evil.example.com"]')) found.push(`style attribute from the document: ${describe(element)}`);
    // The frontmatter's markup is text: no <b>Stampede</b>, <b>tag</b> or <i>svc</i> element.
    for (const element of document.querySelectorAll('b, strong, i, em')) {
      if (['Stampede', 'tag', 'svc'].includes((element.textContent ?? '').trim())) found.push(`frontmatter markup as an element: ${describe(element)}`);
    }
    return found;
  });
}

/**
 * One browser for a test file, and the tabs its tests open: after each test, every tab it opened must have
 * behaved (no console or page error, no broken link or asset, nothing fetched from elsewhere).
 */
export function watchedTabs(): { open(server: StaticServer, path: string): Promise<WatchedPage> } {
  let session: BrowserSession;
  const opened: WatchedPage[] = [];
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async () => {
    const pages = opened.splice(0);
    const problems: string[] = [];
    for (const watched of pages) {
      if (!watched.page.isClosed()) {
        await watched.settled().catch((error: unknown) => problems.push(String(error)));
        problems.push(...watched.problems().map((problem) => `${watched.page.url()}: ${problem}`));
        await watched.page.close();
      } else {
        problems.push(...watched.problems());
      }
    }
    expect(problems, 'problems on the pages this test opened').toEqual([]);
  });
  return {
    /** A new watched tab on `server`, at `path` (relative to the site's root). */
    async open(server, path) {
      const watched = await session.newPage(server.origin);
      opened.push(watched);
      await watched.page.goto(`${server.root}${path}`);
      return watched;
    },
  };
}
