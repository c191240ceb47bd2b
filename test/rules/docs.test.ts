import { readdirSync, readFileSync } from 'node:fs';
import type { Code, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_KNOWLEDGE_BASE } from '../../src/config/knowledge-base.js';
import { resolveConfig, validateConfigFile } from '../../src/config/resolve.js';
import type { ConfigFile } from '../../src/config/types.js';
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

/** The page's `**Default:** error · **Options:** `a`, `b`` line: the default severity and the options it names. */
function headline(id: string): { severity: string; options: string[] } | undefined {
  const match = /^\*\*Default:\*\* (\S+) · \*\*Options:\*\* (.*)$/m.exec(readFileSync(`${DOCS}${id}.md`, 'utf8'));
  if (!match) return undefined;
  const options = match[2]!.startsWith('none') ? [] : [...match[2]!.matchAll(/`(\w+)`/g)].map((name) => name[1]!);
  return { severity: match[1]!, options };
}

/** The configuration the page's Options section shows, if it has one. */
function optionsExample(id: string): ConfigFile | undefined {
  const text = readFileSync(`${DOCS}${id}.md`, 'utf8');
  const start = text.indexOf('\n## Options\n');
  const block = start < 0 ? null : /```yaml\n([\s\S]*?)```/.exec(text.slice(start));
  return block ? (parseYaml(block[1]!) as ConfigFile) : undefined;
}

/**
 * Options whose value on the page is an example of changing it, said so in the text around it, rather than its
 * default. Every other option an Options section shows is its default, and must be the one config/ declares.
 */
const SHOWN_AS_EXAMPLE: Record<string, string[]> = {
  'action-item-owner': ['handles'],
  'action-item-due': ['bySeverity'],
  'required-sections': ['bySeverity'],
};

describe('the defaults the rule documentation states agree with config/rule-defaults.ts', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    const schema = rule.meta.optionsSchema as { properties: Record<string, unknown> } | undefined;

    it(`${id}: the Default line names its default severity and every option`, () => {
      expect(headline(id)).toEqual({ severity: rule.meta.defaultSeverity, options: Object.keys(schema?.properties ?? {}) });
    });

    it(`${id}: the Options example is a valid config, at the default severity, showing the default options`, () => {
      const example = optionsExample(id);
      if (!schema) {
        expect(example).toBeUndefined();
        return;
      }
      expect(example, 'a rule with options documents them in an "## Options" section with a yaml example').toBeDefined();
      const data = validateConfigFile(example, `docs/rules/${id}.md`, () => undefined);
      resolveConfig([{ source: `docs/rules/${id}.md`, data, locate: () => undefined }], REPO, RULES);
      const setting = data.rules?.[id];
      expect(Array.isArray(setting), 'the example gives the options: [level, options]').toBe(true);
      const [level, options = {}] = setting as [string, Record<string, unknown>?];
      expect(level === 'warn' ? 'warning' : level).toBe(rule.meta.defaultSeverity);
      const defaults = rule.defaultOptions as Record<string, unknown>;
      for (const [option, value] of Object.entries(options)) {
        if (!SHOWN_AS_EXAMPLE[id]?.includes(option)) expect(value, `${id}.${option}`).toEqual(defaults[option]);
      }
      for (const [key, value] of Object.entries(data.patterns ?? {})) expect(value, `patterns.${key}`).toEqual(DEFAULT_KNOWLEDGE_BASE.patterns[key as keyof typeof DEFAULT_KNOWLEDGE_BASE.patterns]);
    });
  }

  it('action-item-due: the table of deadlines is the default `deadlines`', () => {
    const text = readFileSync(`${DOCS}action-item-due.md`, 'utf8');
    const rows = Object.fromEntries([...text.matchAll(/^\| (P\d) \| (\d+) \|$/gm)].map((row) => [row[1]!, Number(row[2])]));
    expect(rows).toEqual((RULES.find((rule) => rule.meta.id === 'action-item-due')!.defaultOptions as { deadlines: object }).deadlines);
  });
});
