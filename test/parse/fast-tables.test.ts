import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript without types.
import { generate } from '../../bench/generate.mjs';
import { hideTables, restoreTables } from '../../src/parse/fast-tables.js';
import { parseMarkdown } from '../../src/parse/document.js';
import { GROWTH, leastTimes, linearBound, markdownFiles, REPO } from '../helpers.js';

/** How many tables the fast reader takes from micromark in this text. */
function tablesTaken(text: string): number {
  return hideTables(text, (inline) => parseMarkdown(inline, false))?.tables.size ?? 0;
}

function expectSameTree(text: string, label: string): void {
  const fast: Root = parseMarkdown(text, { blocks: false, tables: true });
  const reference: Root = parseMarkdown(text, false);
  expect(fast, label).toEqual(reference);
}

describe('reading plain tables without micromark gives micromark’s tree', () => {
  it('on every Markdown file of the repository and 300 generated postmortems', () => {
    const texts: [string, string][] = [
      ...[...markdownFiles(join(REPO, 'test/fixtures')), ...markdownFiles(join(REPO, 'postmortems')), ...markdownFiles(join(REPO, 'docs'))].map((path): [string, string] => [
        path,
        readFileSync(path, 'utf8').replace(/\r\n?/g, '\n'),
      ]),
      ...(generate(300) as { path: string; text: string }[]).map((document): [string, string] => [document.path, document.text]),
    ];
    let taken = 0;
    for (const [label, text] of texts) {
      taken += tablesTaken(text);
      expectSameTree(text, label);
    }
    // The comparison means something only if the fast reader took most tables. (The real corpora are
    // compared by test/corpora/readers.corpora.ts, under npm run test:corpora.)
    expect(texts.length).toBeGreaterThan(350);
    expect(taken).toBeGreaterThan(700);
  });

  it('on generated documents mixing tables with lists, quotes, fences, HTML, headings and hostile cells', () => {
    const cellText = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('plain words', '@owner', '2024-01-05', 'P1', '', '10:05', 'TBD', 'see **bold** here', 'an *em* word', 'a `code` span', 'x [link](https://x.y) y', 'a \\| b', 'a & b', 'a &amp; b', 'a <b>c</b> d', 'snake_case_name', 'A\u00a0B', '😀 emoji', 'a ~~s~~ b', 'end\\', 'a \\\\| b', 'ran `ps aux \\| grep node`', '\uFEFFa *b*', 'x\uFEFFy') },
      { weight: 1, arbitrary: fc.constantFrom('**bold**', '`a|b`', '![i](p.png)', '<b>x</b>', '# not heading', '- dash', '1. one', '> q', '---', '[ref][r]') },
      { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '|', '\\', '*', '_', '`', '[', ']', '(', ')', '<', '>', '&', '#', '-', ':', '\u00a0', '\t', '!'), maxLength: 12 }) },
    );
    const row = (width: number) =>
      fc
        .tuple(fc.oneof({ weight: 5, arbitrary: fc.constant(width) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: width + 1 }) }), fc.boolean(), fc.constantFrom('', '', ' ', '  '))
        .chain(([cellCount, closed, trailing]) => fc.array(cellText, { minLength: cellCount, maxLength: cellCount }).map((cells) => `|${cells.map((cell) => ` ${cell} `).join('|')}${closed ? '|' : ''}${trailing}`));
    const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
      fc
        .tuple(row(width), fc.array(fc.constantFrom('---', ':--', '--:', ':-:', ' - ', '---', '-', 'x'), { minLength: width, maxLength: width }), fc.array(row(width), { maxLength: 5 }))
        .map(([header, delimiter, rows]) => [header, `|${delimiter.join('|')}|`, ...rows].join('\n')),
    );
    const block = fc.oneof(
      table,
      table,
      fc.constantFrom('Some paragraph text.', '## Timeline', '# Title', '- item one\n- item two', '- item\n\n  continued', '> quoted line', '```\n| a | b |\n|---|---|\n```', '~~~md\ncode\n~~~', '<!-- postmortem-lint-disable timeline -->', '<div>\n\n| x |\n|---|\n\n</div>', '<!--\n\n| x |\n|---|\n\n-->', '[r]: https://example.com', '    indented code', 'Text\n---', '1. first\n2. second', '***', 'trailing text line'),
    );
    const separator = fc.constantFrom('\n\n', '\n', '\n\n\n', '\n \n', '');
    const document = fc.array(fc.tuple(block, separator), { minLength: 1, maxLength: 8 }).map((parts) => parts.map(([text, gap]) => text + gap).join(''));
    let taken = 0;
    fc.assert(
      fc.property(document, (text) => {
        taken += tablesTaken(text);
        expectSameTree(text, text);
      }),
      { numRuns: 1500, seed: Number(process.env.FAST_TABLES_SEED ?? 20261127) },
    );
    expect(taken).toBeGreaterThan(300);
  });

  it('stays linear on hostile sizes: a cell of 200,000 spaces, 20,000 tiny tables', () => {
    // Each also at an eighth of its size: 8 times the input must cost less than 30 times the time.
    const spaces = (count: number) => `\n| a |\n|---|\n| x${' '.repeat(count)}y |\n`;
    const cell = leastTimes(() => expectSameTree(spaces(200_000 / GROWTH), 'spaces'), () => expectSameTree(spaces(200_000), 'spaces'));
    expect(cell.large).toBeLessThan(linearBound(cell, 2));
    // 20,000 tables: reading them and putting them back must not cost tables × nodes. micromark's parse of the rest,
    // most of the time (seconds), is not timed and done once: each run restores the tables into a copy of its tree.
    const tiny = (count: number) => '|a|\n|-|\n\na\n\n'.repeat(count);
    const prepare = (count: number) => {
      const text = tiny(count);
      const tree = parseMarkdown(hideTables(text, (inline) => parseMarkdown(inline, false))!.text, false);
      return () => {
        const root = structuredClone(tree);
        const started = performance.now();
        const hidden = hideTables(text, (inline) => parseMarkdown(inline, false))!;
        const restored = restoreTables(root, hidden);
        return { ms: performance.now() - started, root, restored };
      };
    };
    const small = prepare(20_000 / GROWTH);
    const large = prepare(20_000);
    // As leastTimes does, counting only our part of each run.
    small();
    const tables = { small: Infinity, large: Infinity };
    let result: ReturnType<typeof large> | undefined;
    for (let repetition = 0; repetition < 3; repetition++) {
      let total = 0;
      for (let run = 0; run < GROWTH; run++) total += small().ms;
      tables.small = Math.min(tables.small, total / GROWTH);
      result = large();
      tables.large = Math.min(tables.large, result.ms);
    }
    // A wider bound than linearBound's 30x: the large run works in a heap eight times larger, and its collections
    // cost more than eight times as much (31x seen once in CI on Node 24). Restoring by a scan per table (tables x
    // nodes) measured 280x, far past this bound.
    expect(tables.large).toBeLessThan(100 * Math.max(tables.small, 2));
    expect(result!.restored).toBe(true);
    expect(result!.root.children.filter((node) => node.type === 'table')).toHaveLength(20_000);
    expect(result!.root.children.at(-1)?.position?.end.offset).toBe(tiny(20_000).length - 2);
    // The timeout only catches a hang: micromark's parse takes 3 to 12 s on 2 loaded cores.
  }, 120_000);

  it('takes plain tables after a blank line or a heading, and leaves the rest to micromark', () => {
    expect(tablesTaken('## Timeline\n| a | b |\n|---|---|\n| 1 | 2 |\n')).toBe(1);
    expect(tablesTaken('Text\n\n| a |\n|---|\n| 1 |\n\n| b |\n|:-:|\n')).toBe(2);
    // A paragraph line before it, a line after it that would become a row, a fence around it, a tab: micromark's.
    expect(tablesTaken('Text\n| a |\n|---|\n')).toBe(0);
    expect(tablesTaken('\n| a |\n|---|\nmore\n')).toBe(0);
    expect(tablesTaken('```\n\n| a |\n|---|\n```\n')).toBe(0);
    expect(tablesTaken('\n| a\t|\n|---|\n')).toBe(0);
    // A file that ends on a table's last line, and an escaped pipe in code (a pipe in a table, a backslash elsewhere).
    expectSameTree('\n| a |\n|---|\n| 1 |', 'no final line break');
    expectSameTree('\n| time | event |\n|---|---|\n| 10:05 | ran `ps aux \\| grep node` |\n', 'escaped pipe in code');
  });
});
