import { countBy, perQuarter, type IncidentRow, type PeriodStat } from '../kb/insights.js';
import type { ContributingFactor } from '../model/postmortem.js';
import { incidentsOverTime, monthIndex } from '../kb/periods.js';
import { barChart } from './charts.js';
import { CATEGORIES, factorsByCategory } from './fishbone.js';
import { esc, page } from './html.js';

/** The columns of the factors table: the method's categories, then what fits none of them. */
export const FACTOR_COLUMNS = [...CATEGORIES, 'other'] as const;

/** How many tags and services the page ranks. */
export const TOP = 15;

const MEASURES = [
  { key: 'detect', name: 'MTTD', words: 'Time to detect' },
  { key: 'mitigate', name: 'MTTM', words: 'Time to mitigate' },
  { key: 'resolve', name: 'MTTR', words: 'Time to resolve' },
] as const;
type MeasureKey = (typeof MEASURES)[number]['key'];

export interface QuarterDurations {
  period: string;
  /** Per measure: the incidents that state it, their median and p90 minutes from impact start. */
  measures: Record<MeasureKey, Omit<PeriodStat, 'period'> | undefined>;
}

/** Detect, mitigate and resolve times per quarter (perQuarter's median and p90), quarters in order, a quarter where any is known. */
export function durationsPerQuarter(rows: readonly IncidentRow[]): QuarterDurations[] {
  const dated = rows.filter((row) => monthIndex(row.date) !== undefined);
  const byMeasure = new Map(MEASURES.map(({ key }) => [key, new Map(perQuarter(dated, key).map(({ period, ...stat }) => [period, stat]))]));
  const periods = [...new Set([...byMeasure.values()].flatMap((stats) => [...stats.keys()]))].sort();
  return periods.map((period) => ({
    period,
    measures: Object.fromEntries(MEASURES.map(({ key }) => [key, byMeasure.get(key)!.get(period)])) as QuarterDurations['measures'],
  }));
}

export interface YearFactors {
  year: string;
  /** Factors per column of FACTOR_COLUMNS (each distinct factor of an incident once). */
  counts: Record<(typeof FACTOR_COLUMNS)[number], number>;
  total: number;
}

/**
 * Contributing factors by category per year, every year from the first incident with factors to the last (years
 * without any included, as zeros). Incidents without a real date are left out.
 */
export function factorsPerYear(incidents: readonly { date: string; factors: readonly ContributingFactor[] }[]): YearFactors[] {
  const years = new Map<number, YearFactors['counts']>();
  const empty = () => Object.fromEntries(FACTOR_COLUMNS.map((column) => [column, 0])) as YearFactors['counts'];
  for (const incident of incidents) {
    const month = monthIndex(incident.date);
    const groups = factorsByCategory(incident.factors);
    if (month === undefined || groups.length === 0) continue;
    const year = Math.floor(month / 12);
    const counts = years.get(year) ?? empty();
    for (const [category, factors] of groups) counts[category as keyof typeof counts] += factors.length;
    years.set(year, counts);
  }
  if (years.size === 0) return [];
  const first = Math.min(...years.keys());
  const last = Math.max(...years.keys());
  const result: YearFactors[] = [];
  for (let year = first; year <= last; year++) {
    const counts = years.get(year) ?? empty();
    result.push({ year: String(year).padStart(4, '0'), counts, total: FACTOR_COLUMNS.reduce((sum, column) => sum + counts[column], 0) });
  }
  return result;
}

/** The `top` most frequent values (each counted once per incident), the most frequent first, then alphabetically. */
export function topValues(rows: readonly IncidentRow[], pick: (row: IncidentRow) => readonly string[], top = TOP): [string, number][] {
  return countBy(rows, (row) => [...new Set(pick(row).map((value) => value.trim()).filter(Boolean))]).slice(0, top);
}

const minutes = (value: number | undefined) => (value === undefined ? '–' : String(Math.round(value * 10) / 10));
const incidentsWord = (n: number) => (n === 1 ? '1 incident' : `${n} incidents`);

function chartSection(rows: readonly IncidentRow[]): string {
  const { unit, periods } = incidentsOverTime(rows.map((row) => row.date));
  if (periods.length === 0) return '<p class="empty">No incident has a date yet.</p>';
  const per = unit;
  const first = periods[0]!.period;
  const last = periods[periods.length - 1]!.period;
  const total = periods.reduce((sum, entry) => sum + entry.count, 0);
  const busiest = periods.reduce((best, entry) => (entry.count > best.count ? entry : best));
  const label = `Bar chart of incidents per ${per}, ${first} to ${last}: ${incidentsWord(total)}, at most ${busiest.count} in a ${per} (${busiest.period}). The table after it gives each ${per}'s number.`;
  const table = `<table class="visually-hidden" id="per-period"><caption>Incidents per ${per}</caption><thead><tr><th scope="col">${unit[0]!.toUpperCase()}${unit.slice(1)}</th><th scope="col">Incidents</th></tr></thead><tbody>${periods
    .map((entry) => `<tr><th scope="row">${esc(entry.period)}</th><td>${entry.count}</td></tr>`)
    .join('')}</tbody></table>`;
  const note = unit === 'quarter' ? ' By quarter: the incidents span more than three years.' : unit === 'year' ? ' By year: the incidents span more than ten years.' : '';
  return `<figure class="chart-figure"><div class="chart-scroll">${barChart(periods, label, 'incidents-chart')}</div><figcaption>Incidents per ${per}, ${esc(first)} to ${esc(last)}, periods without an incident included.${note}</figcaption></figure>${table}`;
}

function durationsSection(rows: readonly IncidentRow[]): string {
  const quarters = durationsPerQuarter(rows);
  if (quarters.length === 0) return '<p class="empty">No incident states when its impact started and when it was detected, mitigated or resolved (the frontmatter\'s started_at… or the timeline).</p>';
  const head = `<thead><tr><th scope="col" rowspan="2">Quarter</th>${MEASURES.map((measure) => `<th scope="colgroup" colspan="3"><abbr title="${measure.words}">${measure.name}</abbr> (${measure.words.toLowerCase()})</th>`).join('')}</tr><tr>${MEASURES.map(() => '<th scope="col">median</th><th scope="col">p90</th><th scope="col">incidents</th>').join('')}</tr></thead>`;
  const body = quarters
    .map(
      (quarter) =>
        `<tr><th scope="row">${esc(quarter.period)}</th>${MEASURES.map(({ key }) => {
          const stat = quarter.measures[key];
          return `<td class="number">${minutes(stat?.median)}</td><td class="number">${minutes(stat?.p90)}</td><td class="number">${stat?.count ?? 0}</td>`;
        }).join('')}</tr>`,
    )
    .join('');
  return `<table class="durations"><caption>Minutes from the start of impact, per quarter: median and 90th percentile over the incidents that state them</caption>${head}<tbody>${body}</tbody></table>`;
}

function factorsSection(docs: readonly { date: string; factors: readonly ContributingFactor[] }[]): string {
  const years = factorsPerYear(docs);
  if (years.length === 0) return '<p class="empty">No dated incident lists contributing factors.</p>';
  const head = `<thead><tr><th scope="col">Year</th>${FACTOR_COLUMNS.map((column) => `<th scope="col">${esc(column)}</th>`).join('')}<th scope="col">total</th></tr></thead>`;
  const body = years.map((year) => `<tr><th scope="row">${esc(year.year)}</th>${FACTOR_COLUMNS.map((column) => `<td class="number">${year.counts[column]}</td>`).join('')}<td class="number">${year.total}</td></tr>`).join('');
  return `<table class="factors-by-year"><caption>Contributing factors per year, by the method's category (a factor of no category counts as other)</caption>${head}<tbody>${body}</tbody></table>`;
}

function rankSection(id: string, title: string, what: string, values: readonly [string, number][], filterable: ReadonlySet<string>, filter: 'tag' | 'service'): string {
  const list =
    values.length === 0
      ? `<p class="empty">No incident has a ${what}.</p>`
      : `<table class="compact"><caption>The ${values.length === 1 ? `${what}` : `${values.length} ${what}s`} on the most incidents</caption><thead><tr><th scope="col">${esc(what[0]!.toUpperCase() + what.slice(1))}</th><th scope="col">Incidents</th></tr></thead><tbody>${values
          .map(([value, count]) => `<tr><th scope="row">${filterable.has(value) ? `<a href="index.html?${filter}=${esc(encodeURIComponent(value))}">${esc(value)}</a>` : esc(value)}</th><td class="number">${count}</td></tr>`)
          .join('')}</tbody></table>`;
  return `<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${esc(title)}</h2>${list}</section>`;
}

export interface InsightsData {
  rows: readonly IncidentRow[];
  /** Each incident's date and contributing factors. */
  factors: readonly { date: string; factors: readonly ContributingFactor[] }[];
  /** The tags and services the home page's filters offer (the rankings link to them). */
  filterable: { tags: ReadonlySet<string>; services: ReadonlySet<string> };
}

/** insights.html: incidents over time (a chart and its table), detection and repair times per quarter, factors per year, the top tags and services. */
export function insightsPage(data: InsightsData, version: string): string {
  const body = `<h1>Insights</h1>
<p>The knowledge base in numbers: ${incidentsWord(data.rows.length)}.</p>
<section id="over-time" aria-labelledby="over-time-title"><h2 id="over-time-title">Incidents over time</h2>${chartSection(data.rows)}</section>
<section id="durations" aria-labelledby="durations-title"><h2 id="durations-title">Time to detect, mitigate and resolve</h2>${durationsSection(data.rows)}</section>
<section id="factors" aria-labelledby="factors-title"><h2 id="factors-title">Contributing factors by category</h2>${factorsSection(data.factors)}</section>
<div class="rankings">
${rankSection('top-tags', 'Most frequent tags', 'tag', topValues(data.rows, (row) => row.tags), data.filterable.tags, 'tag')}
${rankSection('top-services', 'Most affected services', 'service', topValues(data.rows, (row) => row.services), data.filterable.services, 'service')}
</div>`;
  return page({ title: 'Insights · Postmortems', root: '', body, version, current: 'insights' });
}
