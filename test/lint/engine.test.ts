import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/lint/engine.js';
import { defineRule, docsUrl, type AnyRule } from '../../src/rules/rule.js';
import { RULES } from '../../src/rules/index.js';
import { configWith, fixture, lint, parse, where } from '../helpers.js';

const FAILING = fixture('rules/action-item-owner/fail.md');

describe('lint engine', () => {
  it('stamps each finding with its rule id and configured severity', () => {
    const findings = lint(FAILING, configWith({ rules: { 'action-item-owner': 'warn', placeholder: 'off' } }));
    expect(findings.length).toBe(5);
    expect(findings.every((finding) => finding.ruleId === 'action-item-owner' && finding.severity === 'warning')).toBe(true);
  });

  it('drops the findings of a rule that is off', () => {
    expect(lint(FAILING, configWith({ rules: { 'action-item-owner': 'off', placeholder: 'off' } }))).toEqual([]);
  });

  it('turns every finding of a draft into a warning, parse findings of the frontmatter included', () => {
    const draft = FAILING.replace('status: published', 'status: draft').replace('tags: [owners]', 'tags: [Owners]');
    const findings = lint(draft);
    expect(findings.length).toBe(7);
    expect(findings.every((finding) => finding.severity === 'warning')).toBe(true);
    const inReview = lint(FAILING.replace('status: published', 'status: in-review'));
    expect(inReview.every((finding) => finding.severity === 'error')).toBe(true);
  });

  it('renders messages from their id and data, keeping both', () => {
    const [finding] = lint(FAILING).filter((f) => f.ruleId === 'action-item-owner');
    expect(finding).toMatchObject({ messageId: 'placeholder', data: { item: 'AI-001', owner: 'TBD' }, message: expect.stringContaining('"TBD"') });
  });

  it('reports a duplicate incident id on every file that carries it', () => {
    const config = configWith();
    const one = fixture('rules/action-item-owner/pass.md');
    const files = [parse(one, config, 'a.md'), parse(one, config, 'b.md'), parse(fixture('rules/action-item-due/pass.md'), config, 'c.md')];
    const results = lintFiles(files, config);
    expect(results.map((result) => where(result.findings))).toEqual([['frontmatter@2'], ['frontmatter@2'], []]);
    expect(results[0]!.findings[0]!.message).toBe('Incident id "INC-20240301-0005" is also used by b.md; ids must be unique in the knowledge base');
  });

  it('turns a crashing rule into a finding instead of an exception, and keeps the other rules’ findings', () => {
    const broken: AnyRule = defineRule({
      meta: { id: 'broken', description: 'throws', url: docsUrl('broken'), defaultSeverity: 'error', messages: {} },
      defaultOptions: {},
      check() {
        throw new Error('boom');
      },
    });
    const rules = [...RULES, broken];
    const config = configWith();
    config.rules.broken = { level: 'error', options: {} };
    const [result] = lintFiles([parse(FAILING, config)], config, undefined, rules);
    expect(result!.findings.filter((finding) => finding.ruleId === 'action-item-owner')).toHaveLength(5);
    expect(result!.findings).toContainEqual(expect.objectContaining({ ruleId: 'broken', line: 1, message: expect.stringContaining('boom') }));
  });

  it('keeps a rule to its own message ids: a typo does not compile, and an unknown id is shown as a defect, not as text', () => {
    const sloppy: AnyRule = defineRule({
      meta: { id: 'sloppy', description: 'typo', url: docsUrl('sloppy'), defaultSeverity: 'error', messages: { known: 'Known {{what}}' } },
      defaultOptions: {},
      check(_doc, report) {
        report({ messageId: 'known', data: { what: 'id' }, at: { line: 1, column: 1 } });
        // @ts-expect-error: 'knwon' is not one of the rule's message ids (npm run typecheck fails if this compiles).
        report({ messageId: 'knwon', at: { line: 2, column: 1 } });
      },
    });
    const config = configWith();
    config.rules.sloppy = { level: 'error', options: {} };
    const [result] = lintFiles([parse(FAILING, config)], config, undefined, [sloppy]);
    expect(result!.findings.map((finding) => finding.message)).toEqual(['Known id', 'This rule reported the unknown message id "knwon" (a bug in postmortem-kb)']);
  });

  it('sorts findings by line and column', () => {
    const findings = lint(fixture('rules/frontmatter/fail.md'));
    const positions = findings.map((finding) => finding.line * 1000 + finding.column);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
