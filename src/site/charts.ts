import type { PeriodCount } from '../kb/periods.js';
import { esc } from './html.js';

/**
 * The site's charts (inline SVG, no script, no library), drawn from kb/periods.ts's counts, so that what a chart
 * shows is what its data table, and the Markdown front page, say.
 */

/**
 * The ticks of a count axis: whole numbers from 0, evenly spaced by 1, 2 or 5 times a power of ten, at most
 * `most` steps (so at most `most` + 1 ticks), the last at or above `max`. A count is never drawn against 0.5.
 */
export function countTicks(max: number, most = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let power = 1; ; power *= 10) {
    const found = [1, 2, 5].map((factor) => factor * power).find((candidate) => Math.ceil(top / candidate) <= most);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const ticks: number[] = [];
  for (let value = 0; value < top + step; value += step) ticks.push(value);
  return ticks;
}

/** Which bars carry a label under them: every `every`-th from the first, so that at most `most` labels share the axis. */
export function labelEvery(bars: number, most = 12): number {
  return Math.max(1, Math.ceil(bars / most));
}

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 44;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 40;
const BAR_MAX = 64;

/**
 * A bar chart of counts per period as inline SVG: integer ticks and grid lines, a bar per period (its count and
 * period in a tooltip), labels under every few bars. The figure is an image for assistive technology, labelled by
 * `label`; the page gives the same numbers as a table.
 */
export function barChart(periods: readonly PeriodCount[], label: string, id = 'chart'): string {
  const ticks = countTicks(Math.max(0, ...periods.map((entry) => entry.count)));
  const top = ticks[ticks.length - 1]!;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(1, periods.length);
  // A few periods make no slab: a bar is at most BAR_MAX wide, in the middle of its slot.
  const barWidth = Math.min(BAR_MAX, slot - Math.min(4, slot * 0.2));
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const round = (value: number) => Math.round(value * 10) / 10;
  const grid = ticks
    .map((tick) => `<g class="tick"><line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${round(y(tick))}" y2="${round(y(tick))}"></line><text x="${LEFT - 6}" y="${round(y(tick) + 4)}" text-anchor="end">${tick}</text></g>`)
    .join('');
  const every = labelEvery(periods.length);
  const bars = periods
    .map((entry, index) => {
      const x = LEFT + index * slot;
      const bar =
        entry.count === 0
          ? ''
          : `<rect x="${round(x + (slot - barWidth) / 2)}" y="${round(y(entry.count))}" width="${round(barWidth)}" height="${round(TOP + plotHeight - y(entry.count))}"><title>${esc(entry.period)}: ${entry.count}</title></rect>`;
      const text = index % every === 0 ? `<text class="period" x="${round(x + slot / 2)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${esc(entry.period)}</text>` : '';
      return bar + text;
    })
    .join('');
  const axis = `<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + plotHeight}" y2="${TOP + plotHeight}"></line>`;
  return `<svg id="${esc(id)}" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMidYMid meet">${grid}<g class="bars">${bars}</g>${axis}</svg>`;
}
