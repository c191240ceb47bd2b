import { dayNumber } from '../model/dates.js';
import { describePattern, type Pattern } from '../kb/patterns.js';
import { esc, page } from './html.js';

/** An incident as the site links to it. */
export interface LinkedIncident {
  id: string;
  title: string;
  date: string;
  /** Relative to the site's root; undefined when the incident has no page. */
  href: string | undefined;
}

export interface PatternEntry {
  /** "3rd occurrence of n-plus-one in 180 days (shared tags: …)". */
  words: string;
  tags: string[];
  /** The incidents, oldest first, each with the days since the one before (undefined for the first, or without dates). */
  incidents: (LinkedIncident & { daysAfter: number | undefined })[];
  /** The date of its latest incident. */
  latest: string;
}

/**
 * Every pattern with its incidents on a timeline, the pattern whose latest incident is the most recent first
 * (then the larger, then by tags: the same order on every run).
 */
export function patternEntries(patterns: readonly Pattern[], incidentOf: (id: string) => LinkedIncident): PatternEntry[] {
  const entries = patterns.map((pattern) => {
    const incidents = pattern.incidents.map(incidentOf).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    const timeline = incidents.map((incident, index) => {
      const before = index === 0 ? undefined : dayNumber(incidents[index - 1]!.date);
      const day = dayNumber(incident.date);
      return { ...incident, daysAfter: before === undefined || day === undefined ? undefined : day - before };
    });
    return { words: describePattern(pattern), tags: pattern.tags, incidents: timeline, latest: incidents[incidents.length - 1]?.date ?? '' };
  });
  return entries.sort((a, b) => b.latest.localeCompare(a.latest) || b.incidents.length - a.incidents.length || a.tags.join(',').localeCompare(b.tags.join(',')));
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** A tag, linking to the home page filtered by it when the home page's tag filter offers it. */
function tagChip(tag: string, filterable: ReadonlySet<string>): string {
  return filterable.has(tag) ? `<a class="chip" href="index.html?tag=${esc(encodeURIComponent(tag))}">${esc(tag)}</a>` : `<span class="chip">${esc(tag)}</span>`;
}

function incidentItem(incident: PatternEntry['incidents'][number]): string {
  const name = `${incident.id}${incident.title ? ` · ${incident.title}` : ''}`;
  const link = incident.href === undefined ? esc(name) : `<a href="${esc(incident.href)}">${esc(name)}</a>`;
  const gap = incident.daysAfter === undefined ? '' : ` <span class="gap">${esc(days(incident.daysAfter))} after the one before</span>`;
  return `<li><time datetime="${esc(incident.date)}">${esc(incident.date || 'undated')}</time> ${link}${gap}</li>`;
}

/** patterns.html: every recurring pattern, most recent first, each with its incidents on a timeline. */
export function patternsPage(entries: readonly PatternEntry[], filterableTags: ReadonlySet<string>, version: string): string {
  const list =
    entries.length === 0
      ? '<p class="empty">No recurring pattern: no tag is on enough incidents within the window, more often than its usual rate. An incident that recurs shows here, with those before it.</p>'
      : `<ol class="patterns">${entries
          .map(
            (entry, index) => `<li class="pattern-entry">
<h2 id="pattern-${index}">${esc(entry.words)}</h2>
<p class="pattern-tags">${entry.tags.length === 1 ? 'Tag' : 'Tags'}: ${entry.tags.map((tag) => tagChip(tag, filterableTags)).join(' ')} · latest on ${esc(entry.latest || 'an unknown date')}</p>
<ol class="timeline" aria-label="Its incidents, oldest first">${entry.incidents.map(incidentItem).join('')}</ol>
</li>`,
          )
          .join('\n')}</ol>`;
  const body = `<h1>Recurring patterns</h1>
<p>Incidents that share a tag, close together in time and more often than the tag's usual rate: the pattern whose latest incident is the most recent first.</p>
<p class="count" role="status">${entries.length} ${entries.length === 1 ? 'pattern' : 'patterns'}</p>
${list}`;
  return page({ title: 'Recurring patterns · Postmortems', root: '', body, version, current: 'patterns' });
}
