import { countAxisMax, countBy, perQuarter, type IncidentRow } from '../kb/insights.js';
import { incidentsOverTime } from '../kb/periods.js';
import type { Pattern } from '../kb/patterns.js';
import { dayNumber } from '../model/dates.js';
import { formatMinutes } from '../model/durations.js';
import { linkUrl, markdownText } from './inert.js';
import { mermaidText } from './mermaid.js';

const text = markdownText;
const MEASURES = [
  ['detect', 'Time to detect'],
  ['mitigate', 'Time to mitigate'],
  ['resolve', 'Time to resolve'],
] as const;

/** The front page stays a page: the latest incidents, the last two years' patterns, the latest incidents' lessons. */
export const LATEST = 100;
const PATTERN_YEARS = 2;
const TOP_VALUES = 20;
const IDS_SHOWN = 10;

/** An open action item as the front page counts it by owner. */
export interface FrontPageItem {
  incident: string;
  owner: string | undefined;
  /** YYYY-MM-DD when it is one. */
  due: string | undefined;
}

export interface FrontPageOptions {
  /** YYYY-MM-DD: what "overdue" is measured against (default: the newest incident's date). */
  today?: string | undefined;
  /** The open action items of every postmortem, by their Status column. */
  openItems?: readonly FrontPageItem[] | undefined;
  /** The published site (`site.url` in the config), linked from the top. */
  siteUrl?: string | undefined;
  /** The full list's file, relative to the front page (`INCIDENTS.md`). */
  fullList?: string | undefined;
}

/** A Mermaid xychart of per-period values; labels and numbers only, so nothing from documents reaches it. */
function xychart(title: string, axis: string, periods: readonly string[], series: { kind: 'bar' | 'line'; values: number[] }[], wholeNumbers: boolean): string[] {
  const max = Math.max(1, ...series.flatMap((entry) => entry.values));
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidText(title)}"`,
    `    x-axis [${periods.map((period) => `"${mermaidText(period)}"`).join(', ')}]`,
    // Counts: an axis of at least 10 has whole-number ticks only.
    `    y-axis "${mermaidText(axis)}" 0 --> ${wholeNumbers ? countAxisMax(max) : Math.ceil(max * 1.1)}`,
    ...series.map((entry) => `    ${entry.kind} [${entry.values.join(', ')}]`),
    '```',
  ];
}

function incidentTable(rows: readonly IncidentRow[], linkOf: (row: IncidentRow) => string): string[] {
  const lines = ['| Date | Incident | Title | Severity | Status | Tags | Time to resolve | Action items done |', '|---|---|---|---|---|---|---:|---:|'];
  for (const row of rows) {
    const resolve = row.durations.resolve === undefined ? '–' : formatMinutes(row.durations.resolve);
    const items = row.items.known ? `${row.items.done}/${row.items.total}` : row.items.total === 0 ? '–' : `?/${row.items.total}`;
    lines.push(`| ${text(row.date)} | [${text(row.id)}](${linkUrl(linkOf(row))}) | ${text(row.title)} | ${text(row.severity)} | ${text(row.status)} | ${row.tags.map(text).join(', ')} | ${resolve} | ${items} |`);
  }
  return lines;
}

function listed(values: readonly string[], shown: number): string {
  return values.length <= shown ? values.join(', ') : `${values.slice(0, shown).join(', ')} and ${values.length - shown} more`;
}

/** Open items by owner: how many, how many overdue and since when; owners with overdue items first. */
function itemsByOwner(items: readonly FrontPageItem[], today: number | undefined): string[] {
  const owners = new Map<string, { open: number; overdue: number; oldest: string | undefined }>();
  for (const item of items) {
    const owner = item.owner?.trim() || 'no owner';
    const entry = owners.get(owner) ?? { open: 0, overdue: 0, oldest: undefined };
    entry.open++;
    const due = item.due === undefined ? undefined : dayNumber(item.due);
    if (due !== undefined && today !== undefined && due < today) {
      entry.overdue++;
      if (entry.oldest === undefined || item.due! < entry.oldest) entry.oldest = item.due;
    }
    owners.set(owner, entry);
  }
  const sorted = [...owners].sort(([a, x], [b, y]) => y.overdue - x.overdue || y.open - x.open || a.localeCompare(b));
  return [
    '| Owner | Open | Overdue | Overdue since |',
    '|---|---:|---:|---|',
    ...sorted.slice(0, 50).map(([owner, entry]) => `| ${text(owner)} | ${entry.open} | ${entry.overdue} | ${entry.oldest ? text(entry.oldest) : '–'} |`),
    ...(sorted.length > 50 ? ['', `And ${sorted.length - 50} more owners.`] : []),
  ];
}

/** Each lesson once, with the incidents that learned it and their tags. */
function lessons(rows: readonly IncidentRow[]): string[] {
  const byLesson = new Map<string, { words: string; ids: string[]; tags: Set<string> }>();
  for (const row of rows) {
    for (const lesson of row.lessons) {
      const words = lesson.replace(/\s+/g, ' ').trim();
      const entry = byLesson.get(words.toLowerCase()) ?? { words, ids: [], tags: new Set<string>() };
      byLesson.set(words.toLowerCase(), entry);
      entry.ids.push(row.id);
      for (const tag of row.tags) entry.tags.add(tag);
    }
  }
  return [...byLesson.values()].map((entry) => {
    const tags = [...entry.tags].sort();
    return `- ${text(entry.words)} (${listed(entry.ids.map(text), 5)}${tags.length > 0 ? `; ${listed(tags.map(text), 8)}` : ''})`;
  });
}

/**
 * The knowledge base's front page, generated by `postmortem index`: the same bytes for the same documents,
 * bounded whatever the knowledge base's size (the latest incidents, the last two years' patterns, the latest
 * incidents' lessons once each; the rest in the full list). Links are relative to the page's folder.
 */
export function formatIndexPage(rows: readonly IncidentRow[], patterns: readonly Pattern[], linkOf: (row: IncidentRow) => string, options: FrontPageOptions = {}): string {
  const latest = rows.slice(0, LATEST);
  const newest = rows.find((row) => dayNumber(row.date) !== undefined)?.date;
  const today = dayNumber(options.today ?? newest ?? '');
  const lines = [
    '<!-- Generated by `postmortem index`: edit the postmortems, then run it again. `postmortem index --check` fails when this page is stale. -->',
    '',
    '# Postmortems',
    '',
    `${rows.length} incident${rows.length === 1 ? '' : 's'}. Durations are measured from the start of impact (FireHydrant's definitions): time to detect, to mitigate and to resolve.${options.siteUrl ? ` Search them all on [the knowledge base's site](${linkUrl(options.siteUrl)}).` : ''}`,
    '',
    rows.length > LATEST ? `## The latest ${LATEST} incidents` : '## Incidents',
    '',
    ...incidentTable(latest, linkOf),
  ];
  if (rows.length > LATEST && options.fullList) lines.push('', `All ${rows.length} incidents, by year: [the full list](${linkUrl(options.fullList)}).`);

  if (options.openItems !== undefined) {
    const overdue = options.openItems.filter((item) => item.due !== undefined && today !== undefined && (dayNumber(item.due) ?? Infinity) < today).length;
    const asOf = options.today ?? newest;
    const on = asOf === undefined ? '' : ` on ${text(asOf)}${options.today ? '' : ' (the newest incident\'s date: `postmortem index --as-of` for another day)'}`;
    lines.push('', '## Open action items', '', `${options.openItems.length} open, ${overdue} overdue${on}, by their postmortems' Status column.`, '');
    if (options.openItems.length > 0) lines.push(...itemsByOwner(options.openItems, today));
  }

  lines.push('', '## At a glance', '');
  for (const [title, counts] of [
    ['By severity', countBy(rows, (row) => (row.severity ? [row.severity] : []))],
    ['By tag', countBy(rows, (row) => row.tags)],
    ['By service', countBy(rows, (row) => row.services)],
  ] as const) {
    if (counts.length === 0) continue;
    const shown = counts.slice(0, TOP_VALUES).map(([key, count]) => `${text(key)} (${count})`).join(', ');
    lines.push(`**${title}:** ${shown}${counts.length > TOP_VALUES ? ` and ${counts.length - TOP_VALUES} more` : ''}`, '');
  }

  const dayOf = new Map(rows.map((row) => [row.id, dayNumber(row.date) ?? -Infinity]));
  const recent = patterns
    .map((pattern) => ({ pattern, last: Math.max(-Infinity, ...pattern.incidents.map((id) => dayOf.get(id) ?? -Infinity)) }))
    .filter(({ last }) => today === undefined || last >= today - PATTERN_YEARS * 365)
    .sort((a, b) => b.last - a.last);
  lines.push(`## Recurring patterns of the last ${PATTERN_YEARS} years`, '');
  if (recent.length === 0) lines.push('None: no tag recurs in a burst of 3 incidents within 180 days.', '');
  for (const { pattern } of recent) {
    lines.push(`- **${pattern.tags.map(text).join(' + ')}**: ${pattern.count} incidents within ${pattern.windowDays} days: ${listed(pattern.incidents.map(text), IDS_SHOWN)}`);
  }
  if (recent.length > 0) lines.push('');

  lines.push('## Trends', '');
  const { unit, periods } = incidentsOverTime(rows.map((row) => row.date));
  if (periods.length > 0) lines.push(...xychart(`Incidents per ${unit}`, 'incidents', periods.map((entry) => entry.period), [{ kind: 'bar', values: periods.map((entry) => entry.count) }], true), '');
  for (const [measure, title] of MEASURES) {
    const quarters = perQuarter(rows, measure).slice(-12);
    if (quarters.length === 0) continue;
    lines.push(
      `**${title}** per quarter, in minutes (the last ${quarters.length}; bars: median, line: p90; ${quarters.map((quarter) => `${quarter.period}: ${quarter.count} incident${quarter.count === 1 ? '' : 's'}`).join(', ')}):`,
      '',
      ...xychart(`${title} (minutes)`, 'minutes', quarters.map((quarter) => quarter.period), [
        { kind: 'bar', values: quarters.map((quarter) => quarter.median ?? 0) },
        { kind: 'line', values: quarters.map((quarter) => quarter.p90 ?? 0) },
      ], false),
      '',
    );
  }

  const learned = lessons(latest);
  lines.push(rows.length > LATEST ? `## Lessons learned in the latest ${LATEST} incidents` : '## Lessons learned', '');
  lines.push(...(learned.length > 0 ? learned : ['None written yet.']), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The full list beside the front page: every incident, newest first, a section per year with an index of the years. */
export function formatFullList(rows: readonly IncidentRow[], linkOf: (row: IncidentRow) => string, frontPage: string): string {
  const years = new Map<string, IncidentRow[]>();
  for (const row of rows) {
    const year = /^\d{4}/.test(row.date) ? row.date.slice(0, 4) : 'Undated';
    years.set(year, [...(years.get(year) ?? []), row]);
  }
  const lines = [
    '<!-- Generated by `postmortem index`: edit the postmortems, then run it again. -->',
    '',
    '# All incidents',
    '',
    `${rows.length} incident${rows.length === 1 ? '' : 's'}, newest first. Back to [the front page](${linkUrl(frontPage)}).`,
    '',
    [...years].map(([year, list]) => `[${year}](#${year.toLowerCase()}) (${list.length})`).join(' · '),
  ];
  for (const [year, list] of years) lines.push('', `## ${year}`, '', ...incidentTable(list, linkOf));
  return `${lines.join('\n').trimEnd()}\n`;
}
