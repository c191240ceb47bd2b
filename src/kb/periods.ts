/**
 * Continuous periods of incident dates, shared by the Markdown front page and the site's insights page so that
 * both chart the same bars: pure functions of `YYYY-MM…` dates, read as text (no regular expression).
 */

/** The longest span shown one bar per month; longer spans go by quarter. */
export const MONTHS_SHOWN = 36;
/** The longest span shown one bar per quarter (ten years); longer spans go by year. */
export const QUARTERS_SPAN_MONTHS = 120;

export type PeriodUnit = 'month' | 'quarter' | 'year';

export interface PeriodCount {
  /** `2024-01` for a month, `2024-Q1` for a quarter, `2024` for a year. */
  period: string;
  count: number;
}

export interface IncidentsOverTime {
  unit: PeriodUnit;
  /** Every period from the first dated incident's to the last's, in order, periods without an incident included. */
  periods: PeriodCount[];
}

const isDigits = (text: string) => [...text].every((character) => character >= '0' && character <= '9');

/** Months since year 0 of a `YYYY-MM…` date (`2024-01-15` → 2024 × 12 + 0), or undefined when it has no real month. */
export function monthIndex(date: string): number | undefined {
  if (date.length < 7 || date[4] !== '-') return undefined;
  const year = date.slice(0, 4);
  const month = date.slice(5, 7);
  if (!isDigits(year) || !isDigits(month)) return undefined;
  const number = Number(month);
  if (number < 1 || number > 12) return undefined;
  return Number(year) * 12 + number - 1;
}

const year = (index: number) => String(Math.floor(index / 12)).padStart(4, '0');

/** The label of the period of `unit` holding month index `index`: `2024-01`, `2024-Q1` or `2024`. */
export function periodLabel(index: number, unit: PeriodUnit): string {
  if (unit === 'year') return year(index);
  if (unit === 'quarter') return `${year(index)}-Q${Math.floor((index % 12) / 3) + 1}`;
  return `${year(index)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Incidents per period over the whole span, periods without an incident included (a chart that skips a quiet
 * month lies about the trend): by month over at most three years, by quarter over at most ten, by year beyond,
 * so that a chart's bars stay wide enough to read. Dates without a real month are left out.
 */
export function incidentsOverTime(dates: Iterable<string>): IncidentsOverTime {
  let first = Infinity;
  let last = -Infinity;
  const months: number[] = [];
  for (const date of dates) {
    const index = monthIndex(date);
    if (index === undefined) continue;
    months.push(index);
    if (index < first) first = index;
    if (index > last) last = index;
  }
  if (months.length === 0) return { unit: 'month', periods: [] };
  const span = last - first + 1;
  const unit: PeriodUnit = span <= MONTHS_SHOWN ? 'month' : span <= QUARTERS_SPAN_MONTHS ? 'quarter' : 'year';
  const counts = new Map<string, number>();
  // Every period of the span, in order (a quarter is met three times, a year twelve: kept once).
  for (let index = first; index <= last; index++) counts.set(periodLabel(index, unit), 0);
  for (const index of months) counts.set(periodLabel(index, unit), counts.get(periodLabel(index, unit))! + 1);
  return { unit, periods: [...counts].map(([period, count]) => ({ period, count })) };
}
