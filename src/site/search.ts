import type { IncidentRow } from '../kb/insights.js';

/**
 * The site's search, shared by the build (which indexes every postmortem with MiniSearch) and the page (which
 * loads the index): the same fields and the same terms on both sides, or a query would not find what was indexed.
 */

/** What is searched, besides the id: each field capped, so that the index of 10,000 incidents stays a few MB. */
export const SEARCH_FIELDS = ['title', 'summary', 'rootCause', 'lessons', 'tags', 'services', 'actions'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export type SearchDocument = { id: string } & Record<SearchField, string>;

/** The most characters of one field that are indexed. */
export const FIELD_LENGTH: Record<SearchField, number> = { title: 200, summary: 600, rootCause: 400, lessons: 400, tags: 300, services: 200, actions: 600 };

const STOP_WORDS = new Set('a an and are as at be by for from has have in is it its of on or that the this to was were with we our not no but'.split(' '));

/** A term as indexed and as searched: lower case, without stop words and one-letter words. */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  return lower.length < 2 || STOP_WORDS.has(lower) ? null : lower;
}

export const SEARCH_OPTIONS = { idField: 'id', fields: [...SEARCH_FIELDS], storeFields: [] as string[], processTerm };

/** How a query is searched: words as prefixes, one typo forgiven in longer words, the title weighing most. */
export const QUERY_OPTIONS = { prefix: true, fuzzy: 0.2, combineWith: 'AND' as const, boost: { title: 3, tags: 2, services: 2, summary: 1.5 } };

/** One incident as the home page lists and filters it (incidents.json): its row's fields, its summary, its page. */
export type ListedIncident = Pick<IncidentRow, 'id' | 'title' | 'date' | 'severity' | 'status' | 'tags' | 'services'> & {
  summary: string;
  /** Relative to the site's root. */
  href: string;
};
