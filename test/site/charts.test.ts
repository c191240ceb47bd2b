import { describe, expect, it } from 'vitest';
import { barChart, countTicks, incidentsOverTime, labelEvery, monthIndex, MONTHS_SHOWN } from '../../src/site/charts.js';

/** The numbers behind the insights page's chart: what each bar and tick says, computed before any SVG is drawn. */

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

  it('reads a month from a date as text, without a regular expression', () => {
    expect(monthIndex('2024-01-15')).toBe(2024 * 12);
    expect(monthIndex('2024-12')).toBe(2024 * 12 + 11);
    expect(monthIndex('2024-00-01')).toBeUndefined();
    expect(monthIndex('20x4-01-01')).toBeUndefined();
    expect(monthIndex('2024/01/01')).toBeUndefined();
  });
});

describe('countTicks', () => {
  it('gives whole numbers only, from 0 to at least the highest count, evenly spaced, at most six', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(2)).toEqual([0, 1, 2]);
    expect(countTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(countTicks(11)).toEqual([0, 5, 10, 15]);
    expect(countTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(countTicks(1234)).toEqual([0, 500, 1000, 1500]);
    for (let max = 0; max <= 500; max++) {
      const ticks = countTicks(max);
      expect(ticks.every(Number.isInteger), `max ${max}`).toBe(true);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)!, `max ${max}`).toBeGreaterThanOrEqual(max);
      expect(ticks.length, `max ${max}`).toBeLessThanOrEqual(6);
      const step = ticks[1]! - ticks[0]!;
      expect(ticks.every((tick, index) => tick === index * step), `max ${max}`).toBe(true);
    }
  });
});

describe('barChart', () => {
  it('draws a bar per period with a count, integer tick labels, and labels that do not crowd', () => {
    const periods = Array.from({ length: 30 }, (_, index) => ({ period: `P${index}`, count: index % 3 }));
    const svg = barChart(periods, 'Incidents "per" <month>');
    expect(svg).toContain('role="img" aria-label="Incidents &#34;per&#34; &#60;month&#62;"');
    expect(svg.match(/<rect /g)).toHaveLength(20);
    const ticks = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(ticks).toEqual(['0', '1', '2']);
    expect(svg.match(/class="period"/g)).toHaveLength(periods.length / labelEvery(periods.length));
    expect(labelEvery(30)).toBe(3);
    expect(labelEvery(4)).toBe(1);
    // A period's name is text, whatever it holds.
    expect(barChart([{ period: '<b>x</b>', count: 1 }], 'x')).toContain('&#60;b&#62;x&#60;/b&#62;: 1');
  });
});
