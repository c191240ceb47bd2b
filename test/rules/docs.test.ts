import { readdirSync, readFileSync } from 'node:fs';
import type { Code, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { lint, REPO } from '../helpers.js';

const DOCS = `${REPO}docs/rules/`;

function examples(id: string): { kind: 'pass' | 'fail'; text: string }[] {
  const tree = unified().use(remarkParse).parse(readFileSync(`${DOCS}${id}.md`, 'utf8')) as Root;
  return tree.children
    .filter((node): node is Code => node.type === 'code' && node.lang === 'markdown' && (node.meta === 'pass' || node.meta === 'fail'))
    .map((node) => ({ kind: node.meta as 'pass' | 'fail', text: node.value }));
}

describe('rule documentation', () => {
  it('exists for every rule, and only for rules', () => {
    const documented = readdirSync(DOCS).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort();
    expect(documented).toEqual(RULES.map((rule) => rule.meta.id).sort());
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      it('links its docs page from meta.url', () => {
        expect(rule.meta.url.endsWith(`/docs/rules/${id}.md`)).toBe(true);
      });

      it('has one passing and one failing example', () => {
        expect(examples(id).map((example) => example.kind).sort()).toEqual(['fail', 'pass']);
      });

      it('passes its passing example with no finding at all', () => {
        for (const example of examples(id).filter((e) => e.kind === 'pass')) expect(lint(example.text)).toEqual([]);
      });

      it('reports its failing example, under this rule', () => {
        for (const example of examples(id).filter((e) => e.kind === 'fail')) {
          expect(lint(example.text).filter((finding) => finding.ruleId === id).length).toBeGreaterThan(0);
        }
      });
    });
  }
});
