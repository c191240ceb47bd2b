import fc from 'fast-check';
import type { PhrasingContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/parse/document.js';
import { readInlineFast } from '../../src/parse/fast-inline.js';

/** micromark's nodes for the text as one paragraph; undefined when it is not exactly one paragraph of all of it. */
function micromarkInline(text: string): PhrasingContent[] | undefined {
  const root = parseMarkdown(text, false);
  const [paragraph] = root.children;
  if (root.children.length !== 1 || paragraph?.type !== 'paragraph' || paragraph.position?.start.offset !== 0 || paragraph.position.end.offset !== text.length) return undefined;
  return paragraph.children;
}

/** What real texts are mostly made of: words, punctuation, bold, code and links. */
const COMMON = [
  'word', 'Two words', ' ', ' ', '**', '**', '`code`', '` spaced `', '`a*b_c`', '[label](https://x.y/a_b?q=1)', '[two words](/p)', 'snake_case',
  '.', ',', ':', '(', ')', '→', '😀', '\u00a0', '\n', 'é', '"', "'", '-', '#', '1.', '|', 'https://x.y/z', '2024-01-05', '~', '& ', '< 5', '>', '!',
];
/** And the syntax around them that must go to micromark, or be read right. */
const RARE = [
  '  ', '*', '***', '`', '``', '` `', '[', ']', '[](x)', '[x]( y)', '[x](y z)', '[a*b](c)', '[x](<y>)', '[x]', '_', 'a__b', '_x_', '![i](x)', '&',
  '&amp;', '&x', '<', '<=', '<b>', '<https://x.y>', '\\', '\\*', '*a*',
];

describe('reading inline text without micromark gives micromark’s nodes', () => {
  it('on generated texts of words, bold, code, links and the syntax around them', () => {
    const piece = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...COMMON) }, { weight: 1, arbitrary: fc.constantFrom(...RARE) });
    const text = fc.array(piece, { minLength: 1, maxLength: 14 }).map((pieces) => pieces.join(''));
    let read = 0;
    let compared = 0;
    fc.assert(
      fc.property(text, (candidate) => {
        const expected = micromarkInline(candidate);
        fc.pre(expected !== undefined);
        compared++;
        const nodes = readInlineFast(candidate, true);
        if (nodes === undefined) return;
        read++;
        expect(nodes, JSON.stringify(candidate)).toEqual(expected);
      }),
      { numRuns: Number(process.env.FAST_INLINE_RUNS ?? 4000), seed: Number(process.env.FAST_INLINE_SEED ?? 20261203) },
    );
    // Both ways must be exercised: texts it reads, and texts it leaves to micromark.
    expect(read).toBeGreaterThan(compared / 10);
    expect(read).toBeLessThan(compared * 0.9);
  });

  it('reads the lines real postmortems write', () => {
    for (const text of [
      '**Root cause**: CPU saturation caused excessive parallelism (Envoy retries → concurrent requests)',
      '**22:30 UTC (Oct 29)** - Incident reported, see [the PR](https://github.com/PostHog/posthog/pull/38686)',
      'The `person_distinct_id` table grew; `SELECT 1` took 300ms & more',
      'Events & Persons Ingestion < 5 minutes -> recovered',
      '**Why?**\nBecause the **cache** rejected them',
    ]) {
      const nodes = readInlineFast(text, true);
      expect(nodes, text).toBeDefined();
      expect(nodes).toEqual(micromarkInline(text));
    }
  });

  it('stays linear on a text of many lines and many nodes (a node’s line is found by halves)', () => {
    // 150,000 lines of bold and code: finding each node's line by walking back over the lines would take minutes.
    const text = Array.from({ length: 150_000 }, (_, index) => `**step ${index}** ran \`job\``).join('\n');
    const nodes = readInlineFast(text, true)!;
    expect(nodes.filter((node) => node.type === 'strong')).toHaveLength(150_000);
    expect(nodes.at(-1)!.position!.start).toEqual({ line: 150_000, column: text.length - text.lastIndexOf('\n') - 5, offset: text.length - 5 });
  });

  it('leaves other syntax to micromark, and links when a definition may be about', () => {
    for (const text of ['*em*', '_em_', 'a\\*b', '&amp;', '<b>x</b>', '![i](x)', '[ref]', 'a  \nb', '***x***', '`` a ` b ``', '**a', '[x](y "title")']) {
      expect(readInlineFast(text, true), text).toBeUndefined();
    }
    expect(readInlineFast('[x](y)', false)).toBeUndefined();
    expect(readInlineFast('[x](y)', true)).toBeDefined();
  });
});
