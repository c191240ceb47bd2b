// The site's first search, measured in headless Chromium (CHROMIUM_PATH or /usr/bin/chromium): the home page
// of a built site loads its index, then a query is typed; the time is from the input event to the results drawn.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

export async function firstSearch(site, query) {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) return undefined;
  const { default: puppeteer } = await import('puppeteer-core');
  const server = createServer((request, response) => {
    const path = normalize(join(site, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!path.startsWith(site) || !existsSync(path) || statSync(path).isDirectory()) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const started = Date.now();
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
    const readyMs = Date.now() - started;
    const searchMs = await page.evaluate(
      (text) =>
        new Promise((resolve) => {
          const list = document.querySelector('#results');
          const input = document.querySelector('#q');
          const begin = performance.now();
          new MutationObserver((_, observer) => {
            observer.disconnect();
            resolve(performance.now() - begin);
          }).observe(list, { childList: true });
          input.value = text;
          input.dispatchEvent(new Event('input'));
        }),
      query,
    );
    return { readyMs, searchMs };
  } finally {
    await browser.close();
    server.close();
  }
}
