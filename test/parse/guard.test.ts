import type { List, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { guardMarkdown, MAX_BRACKETS, MAX_DELIMITERS, MAX_NESTING, MAX_UNCLOSED_HTML } from '../../src/parse/guard.js';
import { FIXTURES, lineOf, lint, markdownFiles, parse, REPO } from '../helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const HEAD = '---\nid: INC-20240101-0001\ntitle: Checkout outage\ndate: 2024-01-01\nseverity: SEV2\nstatus: published\nauthors: ["@a"]\ntags: [checkout]\n---\n# Checkout outage\n\n## Summary\n\nCheckout failed for 20 minutes.\n\n';
const TAIL = '\n## Action Items\n\n| ID | Type | Description | Owner | Priority | Due |\n|---|---|---|---|---|---|\n| AI-001 | prevent | Add a pool limit alarm | @alice | P1 | 2024-02-01 |\n';

/** A postmortem with `hostile` between its summary and its action items. */
const around = (hostile: string) => HEAD + hostile + '\n' + TAIL;

const parseProblems = (text: string) => lint(text).filter((finding) => finding.ruleId === 'parse');

/** The deepest chain of lists in a tree. */
function listDepth(node: { type: string; children?: unknown[] }): number {
  const below = Math.max(0, ...(node.children ?? []).map((child) => listDepth(child as { type: string; children?: unknown[] })));
  return below + (node.type === 'list' ? 1 : 0);
}

describe('the guard before the Markdown parser', () => {
  // HEAD has 15 lines: a hostile text starts at line 16.
  const CASES: { name: string; hostile: string; line: number; message: RegExp }[] = [
    { name: 'one line of 10,000 `- ` markers', hostile: '- '.repeat(10_000) + 'x', line: 16, message: /nested deeper than 16 levels \(first at line 16\)/ },
    { name: '40,000 `>`', hostile: '>'.repeat(40_000) + ' x', line: 16, message: /nested deeper than 16 levels/ },
    { name: '10,000 `1. ` markers', hostile: '1. '.repeat(10_000) + 'x', line: 16, message: /nested deeper than 16 levels/ },
    { name: 'items each indented under the last', hostile: Array.from({ length: 300 }, (_, depth) => '  '.repeat(depth) + '- x').join('\n'), line: 32, message: /nested deeper than 16 levels \(first at line 32, 284 lines in all\)/ },
    { name: 'items indented under the last between lazy lines', hostile: Array.from({ length: 300 }, (_, depth) => '  '.repeat(depth) + '- x\nlazy').join('\n'), line: 48, message: /nested deeper than 16 levels \(first at line 48,/ },
    { name: 'quotes in items in quotes, one level a line', hostile: Array.from({ length: 300 }, (_, depth) => '  > '.repeat(depth) + '- x').join('\n'), line: 24, message: /nested deeper than 16 levels \(first at line 24,/ },
    { name: '25,000 `<!--` in one table cell', hostile: '| a | b |\n|---|---|\n| ' + '<!--'.repeat(25_000) + ' | y |', line: 16, message: /More than 50 unclosed `<!--`, `<\?` or `<!` in one paragraph \(first at line 16\)/ },
    { name: '`<!--` in a paragraph, closed only in the list item after it', hostile: 'a ' + '<!--'.repeat(30_000) + '\n- -->', line: 16, message: /More than 50 unclosed `<!--`/ },
    { name: '`<!--` in a table cell, closed only in the next cell', hostile: '| a | b |\n|---|---|\n| ' + '<!--'.repeat(25_000) + ' | --> |', line: 16, message: /More than 50 unclosed `<!--`/ },
    { name: '`<?` in a paragraph', hostile: 'a ' + '<?'.repeat(30_000), line: 16, message: /More than 50 unclosed/ },
    { name: '`<![CDATA[` in a paragraph', hostile: 'a ' + '<![CDATA['.repeat(500), line: 16, message: /More than 50 unclosed/ },
    { name: '`<!A` declarations in a paragraph', hostile: 'a ' + '<!A'.repeat(30_000), line: 16, message: /More than 50 unclosed/ },
    { name: 'an ordered item that cannot interrupt a paragraph, under 16 open items', hostile: ['- '.repeat(16) + 'a', '2. b', ' '.repeat(32) + '- '.repeat(15) + 'c'].join('\n'), line: 17, message: /nested deeper than 16 levels \(first at line 17, 2 lines in all\)/ },
    { name: 'a list item whose fence a dedent closes, then links', hostile: '- x\n\n  ```\n' + '[a]('.repeat(5_000), line: 19, message: /More than 1000 `\[`/ },
    { name: '100,000 `[a](`', hostile: '[a]('.repeat(100_000), line: 16, message: /More than 1000 `\[` in one paragraph/ },
    { name: 'emphasis delimiters that never match', hostile: '*a_'.repeat(5_000), line: 16, message: /More than 500 `\*` and `_` in one paragraph/ },
  ];
  for (const { name, hostile, line, message } of CASES) {
    it(`${name}: one parse finding, and the rest of the document is still read`, () => {
      const text = around(hostile);
      expect(lineOf(text, hostile.split('\n')[0]!.slice(0, 10))).toBe(16);
      expect(parseProblems(text)).toEqual([expect.objectContaining({ severity: 'error', line, message: expect.stringMatching(message) })]);
      const doc = parse(text).postmortem!;
      expect(doc.sections.map((section) => section.key)).toEqual(['summary', 'action-items']);
      expect(doc.actionItems?.items.map((item) => item.fields.owner?.text)).toEqual(['@alice']);
    });
  }

  it('markers read as text keep the characters the author wrote', () => {
    const hostile = '- '.repeat(40) + 'deep';
    const root = parse(around(hostile)).postmortem!.root;
    expect(toString(root)).toContain('- '.repeat(40 - MAX_NESTING - 1) + '- deep');
    expect(toString(root)).not.toMatch(/[\uE000-\uE008]/);
    const comments = parse(around('a ' + '<!--'.repeat(MAX_UNCLOSED_HTML + 1))).postmortem!.root;
    expect(toString(comments)).toContain('<!--'.repeat(MAX_UNCLOSED_HTML + 1));
    const code = parse(around('`' + 'x_'.repeat(MAX_DELIMITERS + 1) + '`')).postmortem!.root;
    expect(toString(code)).toContain('x_'.repeat(MAX_DELIMITERS + 1));
  });

  it(`lists nested ${MAX_NESTING} deep are lists; the ${MAX_NESTING + 1}th level is text`, () => {
    const nested = (depth: number) => Array.from({ length: depth }, (_, level) => '  '.repeat(level) + '- level ' + (level + 1)).join('\n');
    const atLimit = parse(around(nested(MAX_NESTING)));
    expect(atLimit.problems).toEqual([]);
    expect(listDepth(atLimit.postmortem!.root as Root)).toBe(MAX_NESTING);
    const beyond = parse(around(nested(MAX_NESTING + 1)));
    expect(beyond.problems).toHaveLength(1);
    expect(listDepth(beyond.postmortem!.root as Root)).toBe(MAX_NESTING);
    expect(toString(beyond.postmortem!.root)).toContain(`- level ${MAX_NESTING + 1}`);
  });

  it('a nested list that closes and opens again is counted afresh', () => {
    const block = Array.from({ length: 10 }, (_, level) => '  '.repeat(level) + '- x').join('\n');
    const text = around(Array.from({ length: 50 }, () => block).join('\n\n'));
    expect(parse(text).problems).toEqual([]);
    const lists = (parse(text).postmortem!.root.children as List[]).filter((node) => node.type === 'list');
    expect(lists.length).toBeGreaterThan(0);
  });

  it(`up to the limits, comments, links and emphasis are read as Markdown`, () => {
    const links = Array.from({ length: MAX_BRACKETS / 2 }, (_, index) => `[r${index}](https://example.com/${index})`).join(' ');
    const doc = parse(around(links + '\n\n' + 'a <!-- x'.repeat(MAX_UNCLOSED_HTML) + '\n\n' + '**b** '.repeat(MAX_DELIMITERS / 4)));
    expect(doc.problems).toEqual([]);
    const kinds = new Set<string>();
    const visit = (node: { type: string; children?: unknown[] }) => {
      kinds.add(node.type);
      for (const child of node.children ?? []) visit(child as { type: string; children?: unknown[] });
    };
    visit(doc.postmortem!.root);
    expect([...kinds]).toEqual(expect.arrayContaining(['link', 'strong']));
  });

  it('counts nothing in fenced code and code spans: logs, YAML, snake_case names', () => {
    const log = '```\n' + '2024-01-15T14:02Z [ERROR] [db_pool] connection_refused host=db_primary_1 <!-- x\n'.repeat(600) + '```';
    const yaml = '- deploy:\n\n  ```yaml\n' + Array.from({ length: 30 }, (_, depth) => '  ' + '  '.repeat(depth) + '- step_' + depth).join('\n') + '\n  ```';
    const table = '| Name | Value |\n|---|---|\n' + '| `some_snake_case_name` | `[a](` and `<!--` |\n'.repeat(300);
    for (const text of [log, yaml, table]) {
      const guarded = guardMarkdown(around(text));
      expect(guarded.problems).toEqual([]);
      expect(guarded.changed).toBe(false);
    }
  });

  it('never changes a document this repository has: the knowledge base, the templates, every fixture', () => {
    const files = [...markdownFiles(join(REPO, 'postmortems')), ...markdownFiles(FIXTURES)];
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const guarded = guardMarkdown(readFileSync(file, 'utf8'));
      expect({ file, problems: guarded.problems, changed: guarded.changed }).toEqual({ file, problems: [], changed: false });
    }
  });
});
