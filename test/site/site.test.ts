import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/kb/index.js';
import { buildSite } from '../../src/site/build.js';
import { fishboneDiagram, mermaidLabel } from '../../src/site/fishbone.js';
import { QUERY_OPTIONS, SEARCH_OPTIONS, type ListedIncident, type SearchDocument } from '../../src/site/search.js';
import { runCli } from '../support/cli.js';
import { copyOfKnowledgeBase, parse } from '../helpers.js';

/** `postmortem site` without a browser: the files, their links, the index the page searches, documents as text. (test/browser/ opens them.) */

async function site(root = copyOfKnowledgeBase()) {
  const run = await runCli(['site', '--out', 'public'], root);
  expect(run.code, run.stderr).toBe(0);
  const read = (path: string) => readFileSync(join(root, 'public', path), 'utf8');
  return { root, run, read };
}

describe('postmortem site', () => {
  it('writes a home page, a page per incident, the search data and the assets, every link inside the site', async () => {
    const { root, run, read } = await site();
    expect(run.stdout).toBe('public/index.html\n');
    expect(run.stderr).toContain('Wrote the site of 4 incidents to public/');
    const listed = JSON.parse(read('incidents.json')) as ListedIncident[];
    expect(listed.map((incident) => incident.id)).toEqual(['INC-20240118-0023', 'INC-20240115-0042', 'INC-20231201-0019', 'INC-20231015-0008']);
    for (const incident of listed) expect(existsSync(join(root, 'public', incident.href))).toBe(true);
    // A result's summary: the Summary section's own words (not its Impact subsection's list).
    expect(listed[3]!.summary).toBe('For 110 minutes the user listing endpoint answered in 4–9 seconds instead of 300 ms. Admins of large organisations could not load the member list; no data was lost.');
    expect(listed[1]!.summary).not.toMatch(/users affected|data loss/);
    for (const asset of ['site.js', 'site.css', 'mermaid.min.js', 'mermaid.LICENSE']) expect(existsSync(join(root, 'public/assets', asset))).toBe(true);

    const home = read('index.html');
    expect(home.match(/<li class="result"/g)).toHaveLength(4);
    expect(home).toContain('<label for="q">Search postmortems</label><input id="q" name="q" type="search"');
    expect(home).toContain('<option value="SEV2">SEV2</option>');
    // Nothing the page loads comes from elsewhere, and the browser is told so.
    expect(home).toContain("Content-Security-Policy\" content=\"default-src 'self'");
    for (const page of [home, read('incidents/INC-20240115-0042.html')]) {
      for (const [, url] of page.matchAll(/(?:src|href)="([^"]+)"/g)) expect(url).not.toMatch(/^(?:https?:)?\/\//);
    }

    const page = read('incidents/INC-20240115-0042.html');
    expect(page).toContain('<h1>API Gateway Connection Pool Exhaustion</h1>');
    expect(page).toMatch(/<section id="related"[^]*<a href="INC-20240118-0023\.html">INC-20240118-0023 · API Response Time Degradation<\/a> \(2024-01-18\): shares the common tag database/);
    expect(page).toContain('<pre class="mermaid" aria-hidden="true">ishikawa-beta\n    API Gateway Connection Pool Exhaustion\n    Process\n        No load testing for bulk execution');
    expect(page).toMatch(/<td>AI-001<\/td><td>Add monitor for pool utilization &#62;80%<\/td>|<td>AI-001<\/td><td>Add monitor for pool utilization >80%<\/td>/);
    // The postmortem itself, rendered: its tables and lists, its own H1 left out (the page has one).
    expect(page).toContain('<h2>Timeline</h2>');
    expect(page.match(/<h1>/g)).toHaveLength(1);
  });

  it('indexes what the page searches: "pool" finds the connection-pool incident first, and a lesson is searchable', async () => {
    const { read } = await site();
    const search = MiniSearch.loadJSON<SearchDocument>(read('search-index.json'), SEARCH_OPTIONS);
    expect(search.search('pool', QUERY_OPTIONS)[0]!.id).toBe('incidents/INC-20240115-0042.html');
    expect(search.search('gradual rollout', QUERY_OPTIONS).map((result) => result.id)).toContain('incidents/INC-20240115-0042.html');
    expect(search.search('n+1 pagination', QUERY_OPTIONS).length).toBeGreaterThan(0);
  });

  it('shows a hostile postmortem as text: no script, handler, frame or script link reaches its page', async () => {
    const root = copyOfKnowledgeBase();
    const hostile = readFileSync(join(root, 'postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md'), 'utf8')
      .replace(/^title: .*$/m, 'title: "Pool <b onmouseover=alert(1)>exhaustion</b> \\"quoted\\""')
      .replace(/^id: .*$/m, 'id: INC-20240116-0001')
      .replace('## Summary', '## Summary\n\n<script>window.__pwned=1</script>\n\n<img src=x onerror="window.__pwned=2"> [click](javascript:window.__pwned=3) <iframe src="https://evil.example.com"></iframe> <a href="#" onclick="window.__pwned=4">x</a>\n');
    writeFileSync(join(root, 'postmortems/2024-01-16-hostile.md'), hostile);
    const { read } = await site(root);
    const page = read('incidents/INC-20240116-0001.html');
    // As markup: no script of the document's, no frame, no element with a handler, no script link (as text they may stay).
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script src="../assets/mermaid.min.js" defer>', '<script src="../assets/site.js" defer>']);
    expect(page).not.toMatch(/<iframe|<img\b|<[a-z][^>]*\son[a-z]+=|href="\s*javascript:/i);
    expect(page).toContain('<h1>Pool &#60;b onmouseover=alert(1)&#62;exhaustion&#60;/b&#62; &#34;quoted&#34;</h1>');
    const home = read('index.html');
    expect(home).not.toContain('<b onmouseover');
  });
});

describe('an incident whose document could not be read', () => {
  it('still has a page, since the pages of its related incidents link it: its frontmatter and how to find out why', () => {
    const files = ['2024-01-15-api-gateway-connection-pool-exhaustion.md', '2024-01-18-workflow-listing-n-plus-one-queries.md', '2023-12-01-organization-dashboard-n-plus-one-queries.md'];
    const docs = files.map((name) => parse(readFileSync(join('postmortems', name), 'utf8'), undefined, `postmortems/${name}`).postmortem!);
    const knowledgeBase = buildKnowledgeBase(docs.map((doc) => ({ path: doc.path, meta: doc.meta })));
    // The index knows all three (their frontmatter); the body of the last could not be parsed, so it is never added.
    const { files: site, incidents } = buildSite(docs.slice(0, 2), knowledgeBase, '1.0.0');
    expect(incidents).toBe(2);
    const unread = site.get('incidents/INC-20231201-0019.html');
    expect(unread).toContain('<h1>Organization Dashboard Timeouts From N+1 Queries</h1>');
    expect(unread).toContain('<code>postmortem lint postmortems/2023-12-01-organization-dashboard-n-plus-one-queries.md</code>');
    // Every link between incident pages lands on a page.
    for (const [path, html] of site) {
      if (!path.startsWith('incidents/')) continue;
      for (const [, href] of html.matchAll(/<a href="(INC-[^"]+)"/g)) expect(site.has(`incidents/${href}`), `${path} → ${href}`).toBe(true);
    }
    expect(site.get('incidents/INC-20240118-0023.html')).toContain('<a href="INC-20231201-0019.html">');
    // It is not listed or searchable as if it had been read.
    expect((JSON.parse(site.get('incidents.json')!) as ListedIncident[]).map((incident) => incident.id)).not.toContain('INC-20231201-0019');
  });
});

describe('postmortem site: the patterns, action items and insights pages', () => {
  it('writes the three pages, each linked from every page\'s navigation, relative to where the page is', async () => {
    const root = copyOfKnowledgeBase();
    const run = await runCli(['site', '--out', 'public', '--as-of', '2024-02-10'], root);
    expect(run.code, run.stderr).toBe(0);
    const read = (path: string) => readFileSync(join(root, 'public', path), 'utf8');
    for (const [path, prefix] of [['index.html', ''], ['patterns.html', ''], ['action-items.html', ''], ['insights.html', ''], ['incidents/INC-20240115-0042.html', '../']] as const) {
      const nav = read(path).match(/<nav aria-label="Site">(.*?)<\/nav>/)?.[1] ?? '';
      expect(nav.match(/href="([^"]+)"/g), path).toEqual(['index.html', 'patterns.html', 'action-items.html', 'insights.html'].map((href) => `href="${prefix}${href}"`));
      for (const [, url] of read(path).matchAll(/(?:src|href)="([^"]+)"/g)) expect(url, path).not.toMatch(/^(?:[a-z][\w+.-]*:)?\/\//);
    }
    const patterns = read('patterns.html');
    expect(patterns).toContain('3rd occurrence of n-plus-one in 180 days');
    expect(patterns).toMatch(/<time datetime="2023-10-15">2023-10-15<\/time> <a href="incidents\/INC-20231015-0008\.html">INC-20231015-0008 · User Listing Endpoint Slow Under N\+1 Queries<\/a>/);

    // As of 2024-02-10: AI-002 of the October incident (due 2023-11-15) is 87 days late; the pool incident's items have no Status column, so all 5 are open.
    const items = read('action-items.html');
    expect(items).toContain('12 open action items from 4 incidents. As of 2024-02-10: 9 overdue.');
    expect(items).toContain('<td>AI-002</td><td>Add a query count assertion to the listing endpoint tests</td><td>2023-11-15<span class="overdue">overdue by 87 days</span></td>');
    expect(items).toContain('<tr><th scope="row">SEV2</th><td class="number">5</td><td class="number">4</td></tr><tr><th scope="row">SEV3</th><td class="number">7</td><td class="number">5</td></tr>');
    expect([...items.matchAll(/<h2 id="owner-\d+">([^ <]+)/g)].map((match) => match[1])).toEqual(['@acme-example/backend', '@acme-example/eng-mgr', '@acme-example/platform', '@acme-example/qa']);

    const insights = read('insights.html');
    expect(insights).toContain('<tbody><tr><th scope="row">2023-10</th><td>1</td></tr><tr><th scope="row">2023-11</th><td>0</td></tr><tr><th scope="row">2023-12</th><td>1</td></tr><tr><th scope="row">2024-01</th><td>2</td></tr></tbody>');
    expect(insights).toContain('<tr><th scope="row">2024</th><td class="number">0</td><td class="number">3</td><td class="number">1</td>');
    expect(insights).toContain('<a href="index.html?service=control-plane-api">control-plane-api</a></th><td class="number">4</td>');

    // Another day, another count; a day that is no date is refused.
    const later = await runCli(['site', '--out', 'public', '--as-of', '2024-06-01'], root);
    expect(later.code, later.stderr).toBe(0);
    expect(read('action-items.html')).toContain('As of 2024-06-01: 12 overdue.');
    const bad = await runCli(['site', '--as-of', '2024-02-30'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of must be a date as YYYY-MM-DD, not "2024-02-30"');
  });
});

describe('postmortem site --base-url', () => {
  it('links the 404 page absolutely under the published path; refuses a value that is no path', async () => {
    const root = copyOfKnowledgeBase();
    const run = await runCli(['site', '--base-url', '/kb/'], root);
    expect(run.code, run.stderr).toBe(0);
    const notFound = readFileSync(join(root, '_site/404.html'), 'utf8');
    expect(notFound).toContain('<a href="/kb/index.html">Search the postmortems</a>');
    expect(notFound).toContain('<link rel="stylesheet" href="/kb/assets/site.css">');
    // Every other page links relatively: the same files work under any path.
    expect(readFileSync(join(root, '_site/index.html'), 'utf8')).toContain('<link rel="stylesheet" href="assets/site.css">');
    const bad = await runCli(['site', '--base-url', 'kb" onload="x'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base-url must be a path or an http(s) URL ending with "/"');
  });
});

describe('the fishbone diagram', () => {
  it('draws a bone per category of the method, labels as Mermaid text that no input can turn into syntax', () => {
    const span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const cell = (text: string) => ({ text, span });
    const factors = [
      { kind: 'table', span, factor: cell('Pool too small; <b>50%</b> #1 "used"'), category: cell('Technology'), preventable: undefined },
      { kind: 'table', span, factor: cell('No load test'), category: cell('process'), preventable: undefined },
      { kind: 'table', span, factor: cell('%%{init: {"theme":"dark"}}%%'), category: cell('vendor'), preventable: undefined },
    ] as unknown as Parameters<typeof fishboneDiagram>[1];
    expect(fishboneDiagram('ishikawa-beta outage', factors)).toBe(
      [
        'ishikawa-beta',
        '    #105;shikawa-beta outage',
        '    Process',
        '        No load test',
        '    Technology',
        '        Pool too small#59; #60;b#62;50#37;#60;/b#62; #35;1 #34;used#34;',
        '    Other',
        '        #37;#37;{init: {#34;theme#34;:#34;dark#34;}}#37;#37;',
      ].join('\n'),
    );
    expect(mermaidLabel('')).toBe('(untitled)');
    expect(fishboneDiagram('x', [])).toBeUndefined();
  });
});
