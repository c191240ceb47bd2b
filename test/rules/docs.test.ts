import { readdirSync, readFileSync } from 'node:fs';
import type { Code, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { lintFiles } from '../../src/lint/engine.js';
import { configWith, parse, REPO } from '../helpers.js';

const DOCS = `${REPO}docs/rules/`;

type Kind = 'pass' | 'fail' | 'context';

function blocks(id: string): { kind: Kind; text: string }[] {
  const tree = unified().use(remarkParse).parse(readFileSync(`${DOCS}${id}.md`, 'utf8')) as Root;
  return tree.children
    .filter((node): node is Code => node.type === 'code' && node.lang === 'markdown' && ['pass', 'fail', 'context'].includes(node.meta ?? ''))
    .map((node) => ({ kind: node.meta as Kind, text: node.value }));
}

const examples = (id: string) => blocks(id).filter((block) => block.kind !== 'context');

/**
 * An example is linted with the page's `context` documents (other incidents
 * of the knowledge base, for rules that look across documents); only the
 * example's own findings count.
 */
function lintExample(id: string, text: string) {
  const config = configWith();
  const contexts = blocks(id).filter((block) => block.kind === 'context');
  const files = [parse(text, config, 'example.md'), ...contexts.map((block, i) => parse(block.text, config, `context-${i}.md`))];
  return lintFiles(files, config)[0]!.findings;
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
        for (const example of examples(id).filter((e) => e.kind === 'pass')) expect(lintExample(id, example.text)).toEqual([]);
      });

      it('reports its failing example, under this rule', () => {
        for (const example of examples(id).filter((e) => e.kind === 'fail')) {
          expect(lintExample(id, example.text).filter((finding) => finding.ruleId === id).length).toBeGreaterThan(0);
        }
      });
    });
  }
});
