/// <reference lib="dom" />
/**
 * The site's one script (bundled with MiniSearch into assets/site.js): instant search and filters on the home
 * page, the state in the URL; the fishbone diagram on an incident page. Document text only ever reaches the page
 * as text (textContent), never as markup.
 */
import MiniSearch from 'minisearch';
import { QUERY_OPTIONS, SEARCH_OPTIONS, type ListedIncident, type SearchDocument } from '../search.js';

const FILTERS = ['severity', 'status', 'tag', 'service', 'year'] as const;
/** The most results listed at once; the count says how many matched. */
const SHOWN = 200;

declare global {
  interface Window {
    mermaid?: { initialize(config: Record<string, unknown>): void; render(id: string, text: string): Promise<{ svg: string }> };
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function resultItem(incident: ListedIncident): HTMLLIElement {
  const item = element('li', 'result');
  item.dataset.id = incident.id;
  item.dataset.severity = incident.severity;
  const link = element('a', 'result-title', incident.title || incident.id);
  link.href = incident.href;
  const meta = element('p', 'result-meta', [incident.id, incident.date, incident.severity, incident.status].filter(Boolean).join(' · '));
  for (const tag of incident.tags) {
    meta.append(' ');
    meta.append(element('span', 'chip', tag));
  }
  item.append(link, meta);
  if (incident.summary) item.append(element('p', 'result-summary', incident.summary));
  return item;
}

async function home(): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('#q');
  const list = document.querySelector<HTMLOListElement>('#results');
  const count = document.querySelector<HTMLElement>('#result-count');
  if (!input || !list || !count) return;
  const selects = Object.fromEntries(FILTERS.map((name) => [name, document.querySelector<HTMLSelectElement>(`#${name}`)])) as Record<(typeof FILTERS)[number], HTMLSelectElement | null>;
  // The state a shared link carries, set before anything is loaded; what someone typed or chose meanwhile is kept.
  const params = new URLSearchParams(location.search);
  if (input.value === '' && params.get('q')) input.value = params.get('q')!;
  for (const name of FILTERS) {
    const select = selects[name];
    const value = params.get(name);
    if (select && select.value === '' && value !== null && [...select.options].some((option) => option.value === value)) select.value = value;
  }
  const [incidents, index] = await Promise.all([fetch('incidents.json').then((response) => response.json() as Promise<ListedIncident[]>), fetch('search-index.json').then((response) => response.text())]);
  const search = MiniSearch.loadJSON<SearchDocument>(index, SEARCH_OPTIONS);
  const byHref = new Map(incidents.map((incident) => [incident.href, incident]));

  const update = () => {
    const query = input.value.trim();
    const chosen = Object.fromEntries(FILTERS.map((name) => [name, selects[name]?.value ?? '']));
    const ranked = query === '' ? incidents : search.search(query, QUERY_OPTIONS).map((result) => byHref.get(String(result.id))).filter((incident): incident is ListedIncident => incident !== undefined);
    const shown = ranked.filter(
      (incident) =>
        (!chosen.severity || incident.severity === chosen.severity) &&
        (!chosen.status || incident.status === chosen.status) &&
        (!chosen.tag || incident.tags.includes(chosen.tag)) &&
        (!chosen.service || incident.services.includes(chosen.service)) &&
        (!chosen.year || incident.date.startsWith(chosen.year)),
    );
    list.replaceChildren(...shown.slice(0, SHOWN).map(resultItem));
    count.textContent = `${shown.length} ${shown.length === 1 ? 'postmortem' : 'postmortems'}${shown.length > SHOWN ? ` (the first ${SHOWN} shown: narrow the search)` : ''}`;
    const next = new URLSearchParams();
    if (query) next.set('q', query);
    for (const name of FILTERS) if (chosen[name]) next.set(name, chosen[name]!);
    const search_ = next.toString();
    history.replaceState(null, '', `${location.pathname}${search_ ? `?${search_}` : ''}`);
  };
  input.addEventListener('input', update);
  for (const name of FILTERS) selects[name]?.addEventListener('change', update);
  document.querySelector('#search')?.addEventListener('submit', (event) => {
    event.preventDefault();
    update();
  });
  // Arrow keys move between the search box and the results.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a.result-title')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (document.activeElement === input && event.key === 'ArrowDown' && links.length > 0) links[0]!.focus();
    else if (at >= 0) (event.key === 'ArrowDown' ? links[at + 1] : (links[at - 1] ?? input))?.focus();
    else return;
    event.preventDefault();
  });
  update();
  document.body.dataset.ready = 'true';
}

async function fishbone(): Promise<void> {
  const diagram = document.querySelector<HTMLPreElement>('#fishbone pre.mermaid');
  if (!diagram || !window.mermaid) return;
  // strict: labels are text, no click handlers, no HTML; errors are reported here, never drawn into the page.
  window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true, theme: 'neutral' });
  try {
    const { svg } = await window.mermaid.render('fishbone-diagram', diagram.textContent ?? '');
    const figure = element('figure', 'fishbone');
    figure.setAttribute('role', 'img');
    figure.setAttribute('aria-label', 'Fishbone diagram of the contributing factors by category (listed below)');
    figure.innerHTML = svg;
    diagram.replaceWith(figure);
  } catch {
    diagram.hidden = true;
  }
}

void (async () => {
  await Promise.all([home(), fishbone()]);
  document.body.dataset.ready = 'true';
})();
