import { describe, expect, it } from 'vitest';
import { incidentsOverTime, monthIndex, MONTHS_SHOWN, periodLabel } from '../../src/kb/periods.js';

/** The periods both charts (the front page's and the site's) count incidents by: every bar before it is drawn. */

describe('incidentsOverTime', () => {
  it('counts incidents per month over the whole span, the months without one included as zeros', () => {
    expect(incidentsOverTime(['2024-01-18', '2023-10-15', '2024-01-15', '2023-12-01'])).toEqual({
      unit: 'month',
      periods: [
        { period: '2023-10', count: 1 },
        { period: '2023-11', count: 0 },
        { period: '2023-12', count: 1 },
        { period: '2024-01', count: 2 },
      ],
    });
  });

  it('crosses years, and leaves out what is no date (an empty date, a month 13, words)', () => {
    const { periods } = incidentsOverTime(['2023-11-30', '2024-02-01', '', '2024-13-01', 'unknown', '2024-1-5']);
    expect(periods.map((entry) => entry.period)).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(periods.map((entry) => entry.count)).toEqual([1, 0, 0, 1]);
    expect(incidentsOverTime([])).toEqual({ unit: 'month', periods: [] });
    expect(incidentsOverTime(['n/a'])).toEqual({ unit: 'month', periods: [] });
  });

  it(`shows ${MONTHS_SHOWN} months as months, and a longer span as quarters, every quarter of it`, () => {
    // 2021-01 to 2023-12: exactly 36 months.
    const months = incidentsOverTime(['2021-01-04', '2023-12-31']);
    expect(months.unit).toBe('month');
    expect(months.periods).toHaveLength(36);
    // 37 months: quarters, from the first month's quarter to the last's, quiet quarters as zeros.
    const quarters = incidentsOverTime(['2021-01-04', '2021-02-10', '2022-08-01', '2024-01-31']);
    expect(quarters.unit).toBe('quarter');
    expect(quarters.periods[0]).toEqual({ period: '2021-Q1', count: 2 });
    expect(quarters.periods.map((entry) => entry.period)).toHaveLength(13);
    expect(quarters.periods.find((entry) => entry.period === '2022-Q3')).toEqual({ period: '2022-Q3', count: 1 });
    expect(quarters.periods.find((entry) => entry.period === '2022-Q4')).toEqual({ period: '2022-Q4', count: 0 });
    expect(quarters.periods.at(-1)).toEqual({ period: '2024-Q1', count: 1 });
    expect(quarters.periods.reduce((sum, entry) => sum + entry.count, 0)).toBe(4);
  });

  it('shows more than ten years by year, every year of it, and labels each unit as the charts do', () => {
    const years = incidentsOverTime(['2010-03-01', '2010-11-30', '2020-12-31']);
    expect(years.unit).toBe('year');
    expect(years.periods).toHaveLength(11);
    expect(years.periods[0]).toEqual({ period: '2010', count: 2 });
    expect(years.periods.find((entry) => entry.period === '2015')).toEqual({ period: '2015', count: 0 });
    // 2011-01 .. 2020-12 is exactly 120 months: still quarters.
    expect(incidentsOverTime(['2011-01-01', '2020-12-31']).unit).toBe('quarter');
    expect([periodLabel(2024 * 12 + 4, 'month'), periodLabel(2024 * 12 + 4, 'quarter'), periodLabel(2024 * 12 + 4, 'year')]).toEqual(['2024-05', '2024-Q2', '2024']);
  });

  it('reads a month from a date as text, without a regular expression', () => {
    expect(monthIndex('2024-01-15')).toBe(2024 * 12);
    expect(monthIndex('2024-12')).toBe(2024 * 12 + 11);
    expect(monthIndex('2024-00-01')).toBeUndefined();
    expect(monthIndex('20x4-01-01')).toBeUndefined();
    expect(monthIndex('2024/01/01')).toBeUndefined();
  });
});
