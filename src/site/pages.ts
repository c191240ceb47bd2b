import type { Root } from 'mdast';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { OpenActionItem } from '../kb/action-items.js';
import type { ListedIncident } from './search.js';
import { esc, page } from './html.js';

export interface IncidentPageData {
  listed: ListedIncident;
  authors: string[];
  /** The document's Markdown tree, as the lint read it (never parsed again). */
  root: Root;
  pattern: string | undefined;
  related: { title: string; date: string; href: string; id: string; reasons: string }[];
  fishbone: string | undefined;
  factors: [string, string[]][];
  items: { id: string; description: string; owner: string; due: string; state: string }[];
  source: string;
}

/** The postmortem's body as HTML: remark → rehype, sanitised (postmortems are untrusted), raw HTML dropped, its H1 aside. */
export function renderMarkdown(root: Root): string {
  const h1 = root.children.findIndex((node) => node.type === 'heading' && node.depth === 1);
  const body: Root = { type: 'root', children: root.children.filter((_, index) => index !== h1) };
  const processor = unified().use(remarkRehype).use(rehypeSanitize).use(rehypeStringify);
  return processor.stringify(processor.runSync(body));
}

function chips(values: readonly string[]): string {
  return values.map((value) => `<span class="chip">${esc(value)}</span>`).join(' ');
}

export function incidentPage(data: IncidentPageData, version: string): string {
  const { listed } = data;
  const meta = [
    ['Id', esc(listed.id)],
    ['Date', esc(listed.date)],
    ['Severity', esc(listed.severity)],
    ['Status', esc(listed.status)],
    ['Tags', chips(listed.tags)],
    ['Services', chips(listed.services)],
    ['Authors', esc(data.authors.join(', '))],
  ].filter(([, value]) => value !== '');
  const related =
    data.related.length === 0
      ? '<p>No related incident in the knowledge base.</p>'
      : `<ul>${data.related.map((entry) => `<li><a href="${esc(entry.href)}">${esc(entry.id)} · ${esc(entry.title)}</a> (${esc(entry.date)}): ${esc(entry.reasons)}</li>`).join('')}</ul>`;
  const factors =
    data.factors.length === 0
      ? '<p>No contributing factors are listed.</p>'
      : `${data.fishbone ? `<pre class="mermaid" aria-hidden="true">${esc(data.fishbone)}</pre>` : ''}<ul class="factors">${data.factors.map(([category, list]) => `<li><strong>${esc(category)}</strong>: ${list.map(esc).join('; ')}</li>`).join('')}</ul>`;
  const items =
    data.items.length === 0
      ? '<p>No action items.</p>'
      : `<table><caption>Action items and their state, from the postmortem's Status column</caption><thead><tr><th scope="col">Id</th><th scope="col">Description</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">State</th></tr></thead><tbody>${data.items
          .map((item) => `<tr><td>${esc(item.id)}</td><td>${esc(item.description)}</td><td>${esc(item.owner)}</td><td>${esc(item.due)}</td><td class="state state-${item.state === 'open' ? 'open' : 'done'}">${esc(item.state)}</td></tr>`)
          .join('')}</tbody></table>`;
  const body = `<article>
<h1>${esc(listed.title || listed.id)}</h1>
<dl class="meta">${meta.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('')}</dl>
${data.pattern ? `<p class="pattern" role="note">${esc(data.pattern)}</p>` : ''}
<section id="related" aria-labelledby="related-title"><h2 id="related-title">Related incidents</h2>${related}</section>
<section id="fishbone" aria-labelledby="fishbone-title"><h2 id="fishbone-title">Contributing factors</h2>${factors}</section>
<section id="action-items" aria-labelledby="items-title"><h2 id="items-title">Action items</h2>${items}</section>
<section id="document" aria-labelledby="document-title"><h2 id="document-title">The postmortem</h2><p class="source">${esc(data.source)}</p>
<div class="markdown">${renderMarkdown(data.root)}</div></section>
</article>`;
  return page({ title: `${listed.id} · ${listed.title}`, root: '../', body, scripts: data.fishbone ? ['assets/mermaid.min.js'] : [], version });
}

/** The filters of the home page: each a select of the values the incidents have, '' for all. */
function select(id: string, label: string, values: readonly string[]): string {
  return `<div class="filter"><label for="${id}">${esc(label)}</label><select id="${id}" name="${id}"><option value="">All</option>${values.map((value) => `<option value="${esc(value)}">${esc(value)}</option>`).join('')}</select></div>`;
}

/** How many incidents the home page lists before its script runs (the script lists every match). */
export const PRERENDERED = 200;

export function resultItem(incident: ListedIncident): string {
  return `<li class="result" data-id="${esc(incident.id)}" data-severity="${esc(incident.severity)}"><a class="result-title" href="${esc(incident.href)}">${esc(incident.title || incident.id)}</a><p class="result-meta">${esc([incident.id, incident.date, incident.severity, incident.status].filter(Boolean).join(' · '))}${incident.tags.length > 0 ? ` · ${chips(incident.tags)}` : ''}</p>${incident.summary ? `<p class="result-summary">${esc(incident.summary)}</p>` : ''}</li>`;
}

export function homePage(incidents: readonly ListedIncident[], version: string): string {
  const values = (pick: (incident: ListedIncident) => readonly string[]) => [...new Set(incidents.flatMap(pick).filter(Boolean))].sort();
  const years = [...new Set(incidents.map((incident) => incident.date.slice(0, 4)).filter((year) => /^\d{4}$/.test(year)))].sort().reverse();
  const body = `<h1>Postmortems</h1>
<p>Every incident of this knowledge base: search titles, summaries, root causes, lessons, tags, services and action items.</p>
<form role="search" id="search" action="index.html">
<div class="query"><label for="q">Search postmortems</label><input id="q" name="q" type="search" autocomplete="off" placeholder="e.g. connection pool"></div>
<div class="filters">
${select('severity', 'Severity', values((incident) => [incident.severity]))}
${select('status', 'Status', values((incident) => [incident.status]))}
${select('tag', 'Tag', values((incident) => incident.tags))}
${select('service', 'Service', values((incident) => incident.services))}
${select('year', 'Year', years)}
</div>
</form>
<p id="result-count" role="status">${incidents.length} ${incidents.length === 1 ? 'postmortem' : 'postmortems'}</p>
<ol id="results">${incidents.slice(0, PRERENDERED).map(resultItem).join('')}</ol>`;
  return page({ title: 'Postmortems', root: '', body, version, current: 'home' });
}

/**
 * The page of an incident the index knows (from its frontmatter) whose document could not be read for the site:
 * other pages link it, so it exists and says what is known and how to find out what went wrong.
 */
export function unreadablePage(incident: { id: string; title: string; date: string; source: string }, version: string): string {
  const body = `<article>
<h1>${esc(incident.title || incident.id)}</h1>
<dl class="meta"><div><dt>Id</dt><dd>${esc(incident.id)}</dd></div>${incident.date ? `<div><dt>Date</dt><dd>${esc(incident.date)}</dd></div>` : ''}</dl>
<p role="note">This postmortem could not be read when the site was built, so only its frontmatter is known. Run <code>postmortem lint ${esc(incident.source)}</code> to see why.</p>
<p class="source">${esc(incident.source)}</p>
</article>`;
  return page({ title: `${incident.id} · ${incident.title}`, root: '../', body, version });
}

/**
 * GitHub Pages answers a missing path at any depth with the site's 404.html: its links are absolute, under the
 * path the site is published at (`--base-url`), since no relative link holds at every depth.
 */
export function notFoundPage(base: string, version: string): string {
  const body = `<h1>No such page</h1>\n<p>This postmortem or page is not in the knowledge base (it may have moved with a new id). <a href="${esc(base)}index.html">Search the postmortems</a>.</p>`;
  return page({ title: 'Not found · Postmortems', root: base, body, version });
}
