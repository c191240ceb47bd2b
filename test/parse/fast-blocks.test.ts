import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript without types.
import { generate } from '../../bench/generate.mjs';
import { readPlainBlocks } from '../../src/parse/fast-blocks.js';
import { markdownBody, parseMarkdown } from '../../src/parse/document.js';
import { splitFrontmatter } from '../../src/parse/frontmatter.js';
import { markdownFiles, REPO } from '../helpers.js';

const micromark = (text: string): Root => parseMarkdown(text, false);

/** Whether the plain-block reader takes this text (instead of leaving it to micromark). */
const taken = (text: string): boolean => readPlainBlocks(text, micromark) !== undefined;

function expectSameTree(text: string, label: string): void {
  expect(parseMarkdown(text), label).toEqual(micromark(text));
}

/** Each text taken by the reader (or left to micromark), and the same tree either way. */
function expectTaken(texts: readonly string[], read: boolean): void {
  for (const text of texts) {
    expect(taken(text), JSON.stringify(text)).toBe(read);
    expectSameTree(text, text);
  }
}

/** The body as the linter parses it: the frontmatter's lines left blank. */
const bodyOf = (text: string): string => markdownBody(text, splitFrontmatter(text));

/** Checks the trees on every generated document; how many the reader took, of how many. */
function compareOn(documents: fc.Arbitrary<string>, numRuns: number): { read: number; runs: number } {
  let read = 0;
  let runs = 0;
  fc.assert(
    fc.property(documents, (text) => {
      // An empty item right above a check box trips an assertion of mdast-util-gfm-task-list-item's development build
      // (the one vitest loads; the bundle's production build reads it as a list and a paragraph): not ours to compare.
      fc.pre(!/(?:^|\n) *(?:[-+*]|\d+[.)])\n *\[[ xX]\]/.test(text));
      runs++;
      if (taken(text)) read++;
      expectSameTree(text, text);
    }),
    { numRuns, seed: Number(process.env.FAST_BLOCKS_SEED ?? 20261127) },
  );
  return { read, runs };
}

describe('reading plain blocks without micromark gives micromark’s tree', () => {
  it('on every Markdown file of the repository and 200 generated postmortems', () => {
    const files = [...markdownFiles(join(REPO, 'test/fixtures')), ...markdownFiles(join(REPO, 'postmortems')), ...markdownFiles(join(REPO, 'docs'))];
    const texts: [string, string][] = [
      ...files.map((path): [string, string] => [path, readFileSync(path, 'utf8').replace(/\r\n?/g, '\n')]),
      ...(generate(200) as { path: string; text: string }[]).map((document): [string, string] => [document.path, document.text]),
    ];
    let read = 0;
    for (const [label, text] of texts) {
      for (const variant of [text, bodyOf(text)]) {
        if (taken(variant)) read++;
        expectSameTree(variant, label);
      }
    }
    // The comparison means something only if the reader took most of them: every generated body, and real files.
    // (The real corpora are compared by test/corpora/readers.corpora.ts, under npm run test:corpora.)
    expect(texts.length).toBeGreaterThan(250);
    expect(read).toBeGreaterThan(250);
  });

  it('on generated documents of plain and not-so-plain blocks', () => {
    const plainInline = fc.constantFrom(
      'plain words',
      'Because the cache rejected them',
      '**Why did requests fail?** → Because the cache rejected them',
      'an *em* word and `code`',
      'x [link](https://x.y) y',
      'a & b &amp; c',
      'a <b>c</b> d',
      'snake_case_name',
      'end\\',
      'A\u00a0B',
      '😀 emoji',
      '#hashtag',
      '1.5 seconds',
      '2024-01-05 at 10:00',
      '[x] not a task',
      '<https://autolink.example>',
      'trailing space ',
      'trailing spaces  ',
      'see [^1] and [r], [the runbook][R]',
    );
    const hostileInline = fc.constantFrom('[ ]', '***', '**', '** ', '--', '__', '* nested', '- nested', '1. nested', '# heading', '> quote', '```', '<div>', '| a | b |', '===', '', ' leading space', 'tab\there', '\uFEFFbom', 'x\u0000y');
    const inline = fc.oneof({ weight: 6, arbitrary: plainInline }, { weight: 1, arbitrary: hostileInline });
    const paragraphLine = fc.oneof({ weight: 4, arbitrary: inline }, fc.constantFrom('_under_ score', '`code` first', '**bold** first', '*em* first', '~12 GB', '~~x', '+plus', '-dash', ':colon', '  indented', '    code-like', '=', '---', 'Text  '));
    const block = fc.oneof(
      { weight: 3, arbitrary: inline },
      { weight: 3, arbitrary: fc.array(paragraphLine, { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n')) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom('#', '##', '###', '####', '#######', '# ', '##\t'), inline, fc.constantFrom('', ' ', ' #', ' ##  ', '#')).map(([marks, text, end]) => `${marks} ${text}${end}`) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom('- ', '* ', '+ ', '1. ', '2) ', '10. ', '-  ', '-   ', '-    ', '-     ', '1.  ', '- [ ] ', '- [x] ', '- [X] ', '* [ ]  '), fc.array(inline, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\n\n', '\n  '))
          .map(([marker, items, gap]) => items.map((item, index) => (marker.match(/^\d/) ? `${index + 1}${marker.slice(marker.search(/\D/))}` : marker) + item).join(gap)),
      },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.oneof({ weight: 4, arbitrary: inline.map((text) => `> ${text}`) }, fc.constantFrom('>', '> ', '>x', '>  x', '> > x', 'lazy', '> ---', '> - x', '> # x', '>\tx')), { minLength: 1, maxLength: 4 })
          .map((lines) => lines.join('\n')),
      },
      // Nested lists as people write them (two, three or four spaces a level, bullets under numbers), and not.
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(2, 3, 4), fc.array(fc.tuple(fc.nat({ max: 3 }), fc.constantFrom('- ', '* ', '1. ', '- [x] ', '-', '2.', '-   ', '1.  '), inline, fc.constantFrom('\n', '\n', '\n\n')), { minLength: 1, maxLength: 7 }))
          .map(([step, items]) => items.map(([level, marker, text, gap], index) => ' '.repeat(index === 0 ? 0 : level * step) + marker + (marker.endsWith(' ') ? text : '') + gap).join('')),
      },
      {
        weight: 1,
        arbitrary: fc
          .array(fc.tuple(fc.nat({ max: 9 }), fc.constantFrom('- ', '* ', '1. ', '-'), inline, fc.constantFrom('\n', '\n\n', '\n  ', '\n\t')), { minLength: 1, maxLength: 6 })
          .map((items) => items.map(([indent, marker, text, gap]) => ' '.repeat(indent) + marker + (marker.endsWith(' ') ? text : '') + gap).join('')),
      },
      fc.constantFrom('- a\n  **b** `c`\n  d', '1. a\n[b](c) lazily\n   *c*', '- a\n  - b\n  continued', '- a\n    code-like\n- b', 'a\n  **b**  \n  c', 'a\\\n   b', '- a  \n  b\n-', '- a\n  > b', '- a\n  # b', '- a\n  ---', '- a\n  ==='),
      fc.constantFrom('- a\n* b', '1. a\n2) b', '- a\n\n- b', '1. a\n\n2. b', '- a\n  continued', '- a\ncontinued lazily', '- a\n  - nested', '-\n  empty first', '- a\n\n  more'),
      { weight: 2, arbitrary: fc.constantFrom('| a | b |\n|---|---|\n| 1 | 2 |', '| x |\n|:-:|\n| **y** |', '| a |\n|---|\nafter') },
      { weight: 2, arbitrary: fc.constantFrom('```\ncode\n```', '```js meta x\nlet a\n\n```', '~~~\n```\n~~~', '```  js\nx\n```', '````\n```\n````', '```\nunterminated', '``` `a`\n```', '```js\t\nx\n```', '```a\\b\nx\n```', '   ```\nx\n   ```', '```\nx\n  ```  ') },
      { weight: 2, arbitrary: fc.constantFrom('<!-- note -->', '<!-- a -->  ', '<!--\n\nb\n-->', '<!-- unterminated', '<!-->', '<!--->', '<!-- postmortem-lint-disable timeline -->', '<div>\nhtml\n</div>', '<br>') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '<img width="3414" height="828" alt="load spike" src="https://x.y/a.png" />',
          "<img src=x.png alt='a b'>",
          '<img src="unterminated>',
          '<img\n src="x">',
          '<img src="a"b>',
          '<img  =x>',
          '<img src=>',
          '<br/>',
          '</span>',
          '</span x>',
          '<x-custom data-a:b_c.d="1">\ntext under it',
          '<a href="x">link</a>',
          '<details>\n<summary>Logs</summary>\n\n```\nlog\n```\n\n</details>',
          '<DIV class="x">',
          '<p>para</p>',
          '<pre>\nx\n\ny\n</pre>',
          '<script>\nx\n</script>',
          '<style',
          '<?php ?>',
          '<!DOCTYPE html>',
          '<![CDATA[x]]>',
          '<img src="x"> trailing',
          '<img src="x" >  ',
          '<h1>Title</h1>',
          '<img src="x">\n- item',
        ),
      },
      { weight: 2, arbitrary: fc.constantFrom('[r]: https://example.com', '[^1]: https://x.y/a', '[^2]: two words', '[R]: <https://a b> "t"', '[r]: /x\n[^1]: /y', '[r]:\n/next-line', '[r]: /x\ntext', '[ ]: /x', '[r]: /x "unclosed') },
      fc.constantFrom('> quote', '***', '---', 'Text\n---', 'Text\n===', '    indented code', '\ttabbed', '\uFEFF# BOM title', 'a  \nb', 'a\\\nb'),
    );
    const separator = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('\n\n', '\n\n\n', '\n \n', ' \n\n') }, { weight: 1, arbitrary: fc.constantFrom('\n', '') });
    const document = fc.array(fc.tuple(block, separator), { minLength: 1, maxLength: 6 }).map((parts) => parts.map(([text, gap]) => text + gap).join(''));
    const { read, runs } = compareOn(document, 3000);
    // Both ways must be exercised: documents the reader takes, and documents it leaves to micromark.
    expect(read).toBeGreaterThan(runs / 10);
    expect(read).toBeLessThan(runs * 0.9);
  });

  it('on generated postmortems with random edits (an indent, a marker, a tab, a line break...)', () => {
    const bodies = (generate(200) as { text: string }[]).map((document) => bodyOf(document.text));
    const edit = fc.tuple(fc.nat(), fc.constantFrom(' ', '\r', '* **', '  ', '    ', '\t', '#', '# ', '-', '- ', '* ', '+ ', '1. ', '1) ', '> ', '|', '| a |', '`', '```', '~~~', '<', '<!--', '-->', '[', ']: x', '=', '===', '---', '_', '*', '\\', '&', '!', '\n', '\n\n', '  \n', '[ ] ', '\uFEFF'));
    const edited = fc.tuple(fc.nat({ max: bodies.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([which, edits]) => {
      let text = bodies[which]!;
      for (const [at, insert] of edits) {
        // Mostly at the start of a line, where blocks are decided; sometimes anywhere.
        const position = at % 3 === 0 ? at % (text.length + 1) : text.indexOf('\n', at % text.length) + 1;
        text = text.slice(0, position) + insert + text.slice(position);
      }
      return text;
    });
    const { read, runs } = compareOn(edited, Number(process.env.FAST_BLOCKS_RUNS ?? 600));
    expect(read).toBeGreaterThan(runs / 10);
    expect(read).toBeLessThan(runs);
  });

  it('takes the forms real postmortems use: link and footnote-style definitions, a heading right after a paragraph or a list, loose lists', () => {
    // As DFDS's postmortems end: links to earlier postmortems and footnotes, defined at the end, used in a table and
    // in text; footnotes in words are a paragraph to micromark (no footnote extension), as they are here.
    const dfds = '# Title\n\n| Time | Event |\n|---|---|\n| 10:00 | We started a diagnosis [^1] |\n\nSee [PM2019-009] and [the runbook][rb].\n## Attendees\nAF, EC\n## Items\n- one\n- two\n# Stats\n\n[^1]: https://example.com/use-method\n[PM2019-009]: PM2019-009%20-%20Kubernetes.md\n[RB]: <https://example.com/run book> \'Runbook\'\n\n[^2]: IaC: Infrastructure as Code\n[^3]: We had 3 incidents in one day [^2].\n';
    expect(taken(dfds)).toBe(true);
    expectSameTree(dfds, 'dfds');
    const tree = parseMarkdown(dfds);
    expect(tree.children.filter((node) => node.type === 'definition').map((node) => node.position?.start.line)).toEqual([15, 16, 17]);
    expect(tree.children.map((node) => node.type)).toEqual(['heading', 'table', 'paragraph', 'heading', 'paragraph', 'heading', 'list', 'heading', 'definition', 'definition', 'definition', 'paragraph']);
    expectTaken(['[r]: https://x.y\n\n[a][r]\n', 'a\n# b\n', '- a\n# b\n', '[a]: https://x.y\n# b\n', 'text [a]: b\nmore\n', '[a]: https://x.y "title"  \n', '[^1]: two words\n', '[a]: /x\n[^1]: two words\n[^2]: more [a]\n\n[b]: /y\n', '- a\n\n- b\n', '1. a\n\n2. b\n\n\n3. c\n', '- **Do x**\n\n- **Do y**\n\ntext\n', '- a\n\n* b\n', '- a\n- b\n\n- c\n# H\n'], true);
  });

  it('takes nested lists as real postmortems write them, and empty items', () => {
    const forms = [
      // DFDS: four spaces a level, and two.
      '- Prometheus high memory usage\n    - ~12 GB of memory usage\n    - ~2.5 GB free\n- Container runtime crashed\n    - "container runtime is down"\n',
      '- AWS PowerShell with KIAM\n  - Our alerting threshold was too high\n  - Nobody else uses it\n',
      // PostHog: bullets under numbers, three spaces in, bold starts and links.
      '1. **Root cause**: CPU saturation\n   - **October 21**: retries → [requests](https://x.y)\n   - Right-sizing resolved it\n2. Next\n',
      '- ✅ Adding tests\n    - https://github.com/PostHog/posthog-js/pull/2935\n- Monitoring\n',
      // Three levels, back out two at once, a task list nested, loose outer list.
      '- a\n  - b\n    - c\n- d\n',
      '- [ ] a\n  - [x] b\n- [x] c\n',
      '- a\n  - b\n\n- c\n',
      '- a\n  - b\n\n  - c\n- d\n',
      '1. a\n   1. b\n   2. c\n',
      // A list nested after a blank line: the item is spread, the list is not unless items are apart (PostHog).
      '- a\n\n  - b\n- c\n',
      '1. **CPU undersizing**: nodes too small\n\n   - **October 21 & 28**: retries\n   - Right-sizing\n\n2. **Pools**: each pod\n',
      // PostHog's persons-db postmortem: three spaces after the mark, and an item nested under such an item.
      '-   This issue only impacted US Cloud\n-   Time window: November 11, 16:02 UTC -- November 14\n',
      '-   a\n    - b\n',
      // Items whose text goes on: indented under the item, or lazily at the margin (PostHog's remediation list).
      '- a\n  more\n',
      '1.  **Root cause discovery and isolation**\nWe identified TOAST OID exhaustion with [AWS](https://x.y) engineers\n\n2.  **Next**\n',
      '- **16:58** - Writer  \n  saturated `db` *again*\n    and again\n- b\n',
      '- a\n  - b\n    more of b\n- c\n',
      // A paragraph whose lines go on indented (plain-lines timelines).
      '14:02 — IdP certificate rotates\n14:09 — Support notices\n  and escalates to the **auth** team\n',
      // DFDS's empty "Lessons Learned": a lone mark.
      '## Lessons Learned\n\n-\n\n## Attendees\n\n- RF\n',
      '- a\n-\n- b\n',
    ];
    expectTaken(forms, true);
    // Nested marks that are not a nested list: a setext underline, a number other than 1 going on the paragraph,
    // indented code, a mark half-way between two levels.
    expectTaken(['- a\n  -\n', '- a\n  2. b\n', '- a\n      - b\n', '- a\n  - b\n - c\n', '-\n  a\n'], false);
  });

  it('takes HTML blocks that end at a blank line: screenshots and details', () => {
    expectTaken([
      '- **16:58 UTC** - Writer saturated\n\n<img width="3414" height="828" alt="writer database load spike" src="https://github.com/user-attachments/assets/bb9581be" />\n\n- **17:02 UTC** - deploy\n',
      '<details>\n<summary>Logs</summary>\n\ntext\n\n</details>\n',
      '<br>\n<img src=a.png>\ntext under\n',
      '</div>\n',
    ], true);
    expectTaken(['<a href="x">link</a> text\n', '<pre>\nx\n\ny\n</pre>\n', '<img src="x\n'], false);
  });

  it('takes block quotes of paragraphs', () => {
    expectTaken([
      '> quote\n',
      // PostHog: a quoted explanation, and their template's prompts right under headings.
      'Text\n\n> The OIDs used for this purpose are generated from a global counter (`oid`), see [docs](https://x.y).\n\nMore\n',
      '### Detection\n> Did you detect the incident automatically?\n\n### Response\n> Did the right people get involved?\n',
      '> a\n>\n> b\n',
      '> plain line\n> and another\n',
      '>no space\n',
    ], true);
    expectTaken(['> a\nlazy\n', '> - list\n', '> a **b**\n> c\n', '>> nested\n', '>\ta\n', '> a\n> ---\n', '>  two spaces\n'], false);
  });

  it('takes setext headings (a title underlined with = or -)', () => {
    // PostHog's persons-db postmortem opens this way.
    expectTaken(['PostHog Data Processing Delays - Events (November 2025)\n=============\n\nText\n', 'Text\n---\n', 'Two\nlines  \n-\n', '**Bold** title `x`\n===  \n', 'Title   \n===\nafter\n'], true);
    for (const text of ['Text\n= =\n', 'Text\n - \n', 'Text\n===x\n']) expectSameTree(text, text);
  });

  it('takes headings, paragraphs, tight one-line lists, tables, fences and comments, and leaves the rest', () => {
    const plain = '# Title\n\nSome **text**\nover two lines.\n\n## Items\n- one\n- [x] two\n\n1. first\n2. second\n\n| a |\n|---|\n| 1 |\n\n```sh\nls\n```\n<!-- note -->\n';
    expect(taken(plain)).toBe(true);
    expectSameTree(plain, 'plain');
    expectTaken(['* **\n', '* q\n* **\n', 'a\rb\n', '# a\r\n', '- a\r\n', '\n| a |\r\n|---|\r\n| 1 |\r\n', '    indented\n', '```\nopen\n', '[a]: https://x.y\ntext after\n', '- [a]: https://x.y\n', '| [a]: b |\n|---|\n| 1 |\n\n[a]: https://x.y\n'], false);
  });
});
