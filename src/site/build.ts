import MiniSearch from 'minisearch';
import { toString } from 'mdast-util-to-string';
import type { KnowledgeBase } from '../kb/index.js';
import { openActionItems } from '../kb/action-items.js';
import { byRecency, incidentRow, type IncidentRow } from '../kb/insights.js';
import { describePattern, findPatterns, patternOf } from '../kb/patterns.js';
import { findRelated, relatedInWords } from '../kb/related.js';
import { isOpenStatus } from '../model/item-status.js';
import type { Postmortem, SectionKey } from '../model/postmortem.js';
import { factorsByCategory, fishboneDiagram } from './fishbone.js';
import { actionItemsPage, type SiteActionItem } from './action-items-page.js';
import { insightsPage } from './insights-page.js';
import { homePage, incidentPage, notFoundPage } from './pages.js';
import { patternEntries, patternsPage } from './patterns-page.js';
import { FIELD_LENGTH, SEARCH_OPTIONS, type ListedIncident, type SearchDocument } from './search.js';

/** The text of a section's own blocks (to its end), for the search index and the list's summary. */
function sectionText(doc: Postmortem, key: SectionKey, max: number, ownOnly = false): string {
  const section = doc.sections.find((candidate) => candidate.key === key);
  if (!section) return '';
  let text = '';
  for (const node of doc.root.children) {
    const line = node.position?.start.line ?? 0;
    if (line <= section.heading.line || line > section.endLine) continue;
    // The summary a list shows is the section's own words, not its Impact subsection's.
    if (node.type === 'heading') {
      if (ownOnly) break;
      continue;
    }
    // List items and table cells are separate phrases, not one run of words.
    text += `${node.type === 'list' ? node.children.map((item) => toString(item)).join('; ') : node.type === 'table' ? node.children.map((row) => row.children.map((cell) => toString(cell)).join(', ')).join('; ') : toString(node)} `;
    if (text.length > max) break;
  }
  return cap(text.replace(/\s+/g, ' ').trim(), max);
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** A file name for an incident's page: its id when that is a plain name, else its characters made safe. */
function pageName(id: string, taken: Set<string>): string {
  let name = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'incident';
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${name.replace(/-\d+$/, '')}-${n}`;
  taken.add(name.toLowerCase());
  return name;
}

export interface BuiltSite {
  /** Path in the site (POSIX) → content. */
  files: Map<string, string>;
  incidents: number;
}

/**
 * The static site of a knowledge base, as files: the home page with its search index and list, one page per
 * incident, the recurring patterns, the open action items (overdue measured against `today`, YYYY-MM-DD; none
 * without it), the insights, and a 404 page for the path the site is published at (`baseUrl`; every other link is
 * relative, so the site works under any path). Pure: the shell writes the files and copies the assets (the page
 * script, Mermaid) and says what day it is.
 */
export function buildSite(postmortems: readonly Postmortem[], knowledgeBase: KnowledgeBase, version: string, baseUrl = '/', today?: string): BuiltSite {
  const rows: { row: IncidentRow; doc: Postmortem }[] = [];
  for (const doc of postmortems) {
    const row = incidentRow(doc);
    if (row) rows.push({ row, doc });
  }
  rows.sort((a, b) => byRecency(a.row, b.row));
  const taken = new Set<string>();
  const hrefs = new Map<string, string>();
  const listed: ListedIncident[] = rows.map(({ row, doc }) => {
    const href = hrefs.get(row.id) ?? `incidents/${pageName(row.id, taken)}.html`;
    hrefs.set(row.id, href);
    return { id: row.id, title: row.title, date: row.date, severity: row.severity, status: row.status, tags: row.tags, services: row.services, summary: sectionText(doc, 'summary', 240, true), href };
  });

  const search = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  const files = new Map<string, string>();
  const seen = new Set<string>();
  /** The incidents that have a page (the first document of each id). */
  const paged: { row: IncidentRow; doc: Postmortem; entry: ListedIncident }[] = [];
  rows.forEach(({ row, doc }, index) => {
    const entry = listed[index]!;
    if (seen.has(entry.href)) return;
    seen.add(entry.href);
    paged.push({ row, doc, entry });
    const items = doc.actionItems?.items ?? [];
    search.add({
      id: entry.href,
      title: cap(row.title, FIELD_LENGTH.title),
      summary: sectionText(doc, 'summary', FIELD_LENGTH.summary),
      rootCause: sectionText(doc, 'root-cause-analysis', FIELD_LENGTH.rootCause),
      lessons: cap(row.lessons.join(' '), FIELD_LENGTH.lessons),
      tags: cap(row.tags.join(' '), FIELD_LENGTH.tags),
      services: cap(row.services.join(' '), FIELD_LENGTH.services),
      actions: cap(items.map((item) => item.fields.description?.text ?? '').join(' '), FIELD_LENGTH.actions),
    });
    const pattern = patternOf(knowledgeBase, row.id);
    const related = findRelated(knowledgeBase, row.id, 8).results.map((result) => ({
      id: result.incident.id,
      title: result.incident.meta.title ?? '',
      date: result.incident.meta.date ?? '',
      // Pages sit side by side in incidents/.
      href: (hrefs.get(result.incident.id) ?? `incidents/${pageName(result.incident.id, taken)}.html`).slice('incidents/'.length),
      reasons: relatedInWords(knowledgeBase, result),
    }));
    for (const result of related) if (!hrefs.has(result.id)) hrefs.set(result.id, `incidents/${result.href}`);
    const page = incidentPage(
      {
        listed: { ...entry, summary: '' },
        authors: doc.meta.authors ?? [],
        root: doc.root,
        pattern: pattern ? describePattern(pattern) : undefined,
        related,
        fishbone: fishboneDiagram(row.title || row.id, doc.contributingFactors),
        factors: factorsByCategory(doc.contributingFactors),
        items: items.map((item) => ({
          id: item.fields.id?.text ?? '',
          description: item.fields.description?.text ?? '',
          owner: item.fields.owner?.text ?? '',
          due: item.fields.due?.text ?? '',
          state: isOpenStatus(item.fields.status?.text) ? 'open' : (item.fields.status?.text ?? 'done'),
        })),
        source: doc.path,
      },
      version,
    );
    files.set(entry.href, page);
  });
  files.set('index.html', homePage(listed, version));
  files.set('patterns.html', patternsPageOf(knowledgeBase, paged, version));
  const items: SiteActionItem[] = paged.flatMap(({ doc, entry }) =>
    openActionItems(doc).map((item) => ({ item, incident: { id: entry.id, title: entry.title, severity: entry.severity, href: entry.href } })),
  );
  files.set('action-items.html', actionItemsPage(items, today, version));
  files.set(
    'insights.html',
    insightsPage(
      {
        rows: paged.map(({ row }) => row),
        factors: paged.map(({ row, doc }) => ({ date: row.date, factors: doc.contributingFactors })),
        filterable: { tags: new Set(listed.flatMap((incident) => incident.tags)), services: new Set(listed.flatMap((incident) => incident.services)) },
      },
      version,
    ),
  );
  files.set('404.html', notFoundPage(baseUrl, version));
  files.set('incidents.json', JSON.stringify(listed));
  files.set('search-index.json', JSON.stringify(search));
  return { files, incidents: listed.length };
}

/** patterns.html: the knowledge base's patterns, each incident linked to its page when it has one. */
function patternsPageOf(knowledgeBase: KnowledgeBase, paged: readonly { entry: ListedIncident }[], version: string): string {
  const byId = new Map(paged.map(({ entry }) => [entry.id, entry]));
  const entries = patternEntries(findPatterns(knowledgeBase), (id) => {
    const entry = byId.get(id);
    const meta = knowledgeBase.incidentById.get(id)?.meta;
    return { id, title: entry?.title ?? meta?.title ?? '', date: entry?.date ?? meta?.date ?? '', href: entry?.href };
  });
  return patternsPage(entries, new Set(paged.flatMap(({ entry }) => entry.tags)), version);
}
