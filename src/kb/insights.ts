import { toString } from 'mdast-util-to-string';
import { incidentDurations, type Measure } from '../model/milestones.js';
import type { Postmortem } from '../model/postmortem.js';
import { isOpenStatus } from './action-items.js';
import { monthIndex, periodLabel } from './periods.js';

/** One incident, as the index page and `postmortem metrics` show it. */
export interface IncidentRow {
  id: string;
  title: string;
  date: string;
  severity: string;
  status: string;
  tags: string[];
  services: string[];
  path: string;
  /** Minutes from impact start. */
  durations: Partial<Record<Measure, number>>;
  /** Action items by state; `known` is false when the table has no Status column. */
  items: { total: number; done: number; wontDo: number; open: number; known: boolean };
  lessons: string[];
}

const WONT_DO = /^(?:won'?t do|won’t do|wont ?do|won'?t fix|wontfix|cancell?ed|rejected|obsolete|not planned)$/i;

function lessonsOf(doc: Postmortem): string[] {
  const section = doc.sections.find((candidate) => candidate.key === 'lessons-learned');
  if (!section) return [];
  const lessons: string[] = [];
  for (const node of doc.root.children) {
    const line = node.position?.start.line ?? 0;
    if (node.type !== 'list' || line <= section.heading.line || line > section.endLine) continue;
    for (const item of node.children) {
      const text = toString(item).replace(/\s+/g, ' ').trim();
      if (text !== '') lessons.push(text);
    }
  }
  return lessons;
}

export function incidentRow(doc: Postmortem): IncidentRow | undefined {
  const { meta } = doc;
  if (meta.id === undefined) return undefined;
  const table = doc.actionItems;
  const items = table?.items ?? [];
  const known = table?.columns.has('status') === true;
  const statuses = items.map((item) => item.fields.status?.text ?? '');
  const wontDo = statuses.filter((status) => WONT_DO.test(status.trim())).length;
  const closed = statuses.filter((status) => !isOpenStatus(status)).length;
  return {
    id: meta.id,
    title: meta.title ?? '',
    date: meta.date ?? '',
    severity: meta.severity ?? '',
    status: meta.status ?? '',
    tags: meta.tags ?? [],
    services: meta.services ?? [],
    path: doc.path,
    durations: incidentDurations(doc),
    items: { total: items.length, done: known ? closed - wontDo : 0, wontDo: known ? wontDo : 0, open: known ? items.length - closed : items.length, known },
    lessons: lessonsOf(doc),
  };
}

/** Newest first, then by id: the same order on every run. */
export function byRecency(a: IncidentRow, b: IncidentRow): number {
  return b.date.localeCompare(a.date) || a.id.localeCompare(b.id);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface PeriodStat {
  period: string;
  count: number;
  median: number | undefined;
  p90: number | undefined;
}

/** Median and p90 of a duration per quarter, over the incidents that state it. */
export function perQuarter(rows: readonly IncidentRow[], measure: Measure): PeriodStat[] {
  const groups = new Map<string, number[]>();
  for (const row of rows) {
    const value = row.durations[measure];
    const month = monthIndex(row.date);
    if (value === undefined || month === undefined) continue;
    const quarter = periodLabel(month, 'quarter');
    groups.set(quarter, [...(groups.get(quarter) ?? []), value]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { period, count: values.length, median: median(sorted), p90: percentile(sorted, 90) };
    });
}

export function countBy(rows: readonly IncidentRow[], keys: (row: IncidentRow) => readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const key of keys(row)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

/** The top of a chart's count axis: a round number of at least 10, so that every tick is a whole number. */
export function countAxisMax(max: number): number {
  const target = Math.max(10, max);
  const step = 10 ** Math.floor(Math.log10(target));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * step >= target && Number.isInteger(factor * step)) return factor * step;
  return 10 * step;
}
