import MiniSearch from 'minisearch';
import { toString } from 'mdast-util-to-string';
import type { KnowledgeBase } from '../kb/index.js';
import { openActionItems } from '../kb/action-items.js';
import { byRecency, incidentRow, type IncidentRow } from '../kb/insights.js';
import { describePattern, findPatterns, patternOf } from '../kb/patterns.js';
import { findRelated, relatedInWords } from '../kb/related.js';
import { isOpenStatus } from '../model/item-status.js';
import type { ContributingFactor, Postmortem, SectionKey } from '../model/postmortem.js';
import { factorsByCategory, fishboneDiagram } from './fishbone.js';
import { actionItemsPage, type SiteActionItem } from './action-items-page.js';
import { insightsPage } from './insights-page.js';
import { homePage, incidentPage, notFoundPage, unreadablePage } from './pages.js';
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

/** What the site keeps of a postmortem once its page is written: its row, its list entry, its open items, its factors. */
interface Kept {
  row: IncidentRow;
  entry: ListedIncident;
  items: SiteActionItem[];
  factors: ContributingFactor[];
}

/**
 * The static site of a knowledge base, one postmortem at a time (`add` returns its page; its tree can go), then
 * the pages over all of them (`finish`): the home page with its search index and list, the recurring patterns,
 * the open action items (overdue measured against `today`, YYYY-MM-DD; none without it), the insights, and a 404
 * page for the path the site is published at (`baseUrl`; every other link is relative, so the site works under
 * any path). Pure: the shell reads the documents, writes the files and copies the assets. A page's name comes
 * from the index (every incident's, newest first), so a page can link one not read yet.
 */
export class SiteBuilder {
  private readonly hrefs = new Map<string, string>();
  private readonly kept: Kept[] = [];
  private readonly paged = new Set<string>();
  private readonly search = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);

  constructor(
    private readonly knowledgeBase: KnowledgeBase,
    private readonly version: string,
    private readonly baseUrl = '/',
    private readonly today?: string,
  ) {
    const taken = new Set<string>();
    const byRecency = [...knowledgeBase.incidents].sort((a, b) => (b.meta.date ?? '').localeCompare(a.meta.date ?? '') || a.id.localeCompare(b.id));
    for (const incident of byRecency) this.hrefs.set(incident.id, `incidents/${pageName(incident.id, taken)}.html`);
  }

  /** A postmortem's page, as [path, html]; undefined for a document without an id, or another one of an id already paged. */
  add(doc: Postmortem): [string, string] | undefined {
    const row = incidentRow(doc);
    if (!row) return undefined;
    const incident = this.knowledgeBase.incidentById.get(row.id);
    // The index's first document of an id has the page; another one of the same id is a duplicate the lint reports.
    if (incident !== undefined && incident.path !== doc.path) return undefined;
    const href = this.hrefs.get(row.id);
    if (href === undefined || this.paged.has(href)) return undefined;
    this.paged.add(href);
    const { knowledgeBase } = this;
    const entry: ListedIncident = { id: row.id, title: row.title, date: row.date, severity: row.severity, status: row.status, tags: row.tags, services: row.services, summary: sectionText(doc, 'summary', 240, true), href };
    const items = doc.actionItems?.items ?? [];
    this.search.add({
      id: href,
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
      href: (this.hrefs.get(result.incident.id) ?? '').slice('incidents/'.length),
      reasons: relatedInWords(knowledgeBase, result),
    }));
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
      this.version,
    );
    this.kept.push({
      row,
      entry,
      items: openActionItems(doc).map((item) => ({ item, incident: { id: entry.id, title: entry.title, severity: entry.severity, href } })),
      factors: doc.contributingFactors,
    });
    return [href, page];
  }

  /**
   * The pages over every postmortem added, as [path, content]; and a page for each incident of the index whose
   * document was never added (it could not be read), since other pages may link it.
   */
  finish(): [string, string][] {
    const unread: [string, string][] = [];
    for (const incident of this.knowledgeBase.incidents) {
      const href = this.hrefs.get(incident.id);
      if (href === undefined || this.paged.has(href)) continue;
      this.paged.add(href);
      unread.push([href, unreadablePage({ id: incident.id, title: incident.meta.title ?? '', date: incident.meta.date ?? '', source: incident.path }, this.version)]);
    }
    const kept = [...this.kept].sort((a, b) => byRecency(a.row, b.row));
    const listed = kept.map(({ entry }) => entry);
    const paged = kept.map(({ row, entry }) => ({ row, entry }));
    return [
      ['index.html', homePage(listed, this.version)],
      ['patterns.html', patternsPageOf(this.knowledgeBase, paged, this.version)],
      ['action-items.html', actionItemsPage(kept.flatMap(({ items }) => items), this.today, this.version)],
      [
        'insights.html',
        insightsPage(
          {
            rows: kept.map(({ row }) => row),
            factors: kept.map(({ row, factors }) => ({ date: row.date, factors })),
            filterable: { tags: new Set(listed.flatMap((incident) => incident.tags)), services: new Set(listed.flatMap((incident) => incident.services)) },
          },
          this.version,
        ),
      ],
      ['404.html', notFoundPage(this.baseUrl, this.version)],
      ['incidents.json', JSON.stringify(listed)],
      ['search-index.json', JSON.stringify(this.search)],
      ...unread,
    ];
  }

  get incidents(): number {
    return this.kept.length;
  }
}

/** The whole site of these postmortems at once (tests; the CLI streams them through a SiteBuilder). */
export function buildSite(postmortems: readonly Postmortem[], knowledgeBase: KnowledgeBase, version: string, baseUrl = '/', today?: string): BuiltSite {
  const builder = new SiteBuilder(knowledgeBase, version, baseUrl, today);
  const files = new Map<string, string>();
  for (const doc of postmortems) {
    const page = builder.add(doc);
    if (page) files.set(...page);
  }
  for (const [path, content] of builder.finish()) files.set(path, content);
  return { files, incidents: builder.incidents };
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
