import { describe, expect, it } from 'vitest';
import { barChart, countTicks, labelEvery } from '../../src/site/charts.js';

/** The numbers behind the insights page's chart: what each bar and tick says, computed before any SVG is drawn. */

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
