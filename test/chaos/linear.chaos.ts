import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, parse, REPO } from '../helpers.js';

/**
 * Every construct the attack review found to stall a lint, at two sizes: a
 * document twice as large may take at most three times as long (medians of
 * three runs), and the larger one stays under a generous ceiling. Before
 * the guard, 10,000 `- ` markers took 75 s and 100,000 `[a](` 73 s; a
 * duration of 100,000 digits 20 s. Timed, so here and not in `npm test`.
 */
const SEED = readFileSync(join(REPO, 'postmortems', '2024-01-15-api-gateway-connection-pool-exhaustion.md'), 'utf8');
const AFTER_SUMMARY = SEED.indexOf('\n## ', SEED.indexOf('## Summary'));
/** The seed postmortem (a timeline, metrics, action items: every rule has work) with `text` after its summary. */
const withText = (text: string) => SEED.slice(0, AFTER_SUMMARY) + '\n' + text + '\n' + SEED.slice(AFTER_SUMMARY);

/** The smaller size of each construct; the larger is twice as much, about 400 KB, under the 1 MiB default limit. */
const CONSTRUCTS: { name: string; size: number; build: (size: number) => string }[] = [
  { name: 'one line of `- ` markers', size: 100_000, build: (n) => withText('- '.repeat(n) + 'x') },
  { name: 'one line of `1. ` markers', size: 66_000, build: (n) => withText('1. '.repeat(n) + 'x') },
  { name: '`>` markers', size: 200_000, build: (n) => withText('>'.repeat(n) + ' x') },
  { name: 'items each indented under the last (staircases of 300 levels)', size: 2, build: (n) => withText(Array.from({ length: n * 300 }, (_, line) => '  '.repeat(line % 300) + '- x').join('\n')) },
  { name: 'items indented under the last between lazy lines', size: 2, build: (n) => withText(Array.from({ length: n * 300 }, (_, line) => '  '.repeat(line % 300) + '- x\nlazy').join('\n')) },
  { name: '`<!--` in one table cell', size: 50_000, build: (n) => withText('| a | b |\n|---|---|\n| ' + '<!--'.repeat(n) + ' | y |') },
  { name: '`<!--` in one paragraph', size: 50_000, build: (n) => withText('a ' + '<!--'.repeat(n)) },
  { name: '`[a](` in one paragraph', size: 50_000, build: (n) => withText('[a]('.repeat(n)) },
  { name: '`![a](` in one paragraph', size: 40_000, build: (n) => withText('![a]('.repeat(n)) },
  { name: 'paragraphs of emphasis delimiters that never match, each just under the limit', size: 130, build: (n) => withText(Array.from({ length: n }, () => '*a_'.repeat(249)).join('\n\n')) },
  { name: 'a duration of digits', size: 200_000, build: (n) => SEED.replace('| Time to Resolve | 25 min |', `| Time to Resolve | ${'1'.repeat(n)} |`) },
  { name: 'a Duration line of digits', size: 200_000, build: (n) => SEED.replace('**Duration**: 25 minutes', `**Duration**: ${'1'.repeat(n)}`) },
];

/** Timings under this many ms count as this many: noise on a tiny time must not fail a check. */
const FLOOR_MS = 30;
const CEILING_MS = 30_000;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe('every document up to the size limit is read in time linear in its size', () => {
  for (const { name, size, build } of CONSTRUCTS) {
    it(name, () => {
      const small = build(size);
      const large = build(size * 2);
      expect(large.length).toBeLessThan(1024 * 1024);
      // Warm-up; and the document is read (its action items are there for the rules), not refused.
      lint(large);
      expect(parse(large).postmortem?.actionItems?.items.length).toBeGreaterThan(0);
      const times = { small: [] as number[], large: [] as number[] };
      for (let run = 0; run < 3; run++) {
        times.small.push(timed(() => lint(small)));
        times.large.push(timed(() => lint(large)));
      }
      const [smallMs, largeMs] = [median(times.small), median(times.large)];
      console.log(`${name}: ${small.length} chars ${smallMs.toFixed(0)} ms, ${large.length} chars ${largeMs.toFixed(0)} ms`);
      expect(largeMs).toBeLessThan(3 * Math.max(smallMs, FLOOR_MS));
      expect(largeMs).toBeLessThan(CEILING_MS);
    });
  }
});
