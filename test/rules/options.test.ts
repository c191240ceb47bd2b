import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { RULE_DECLARATIONS, RULE_DEFAULTS, type OptionsSchema, type RuleId, type RuleOptions } from '../../src/config/rule-defaults.js';
import type { SectionKey } from '../../src/model/postmortem.js';
import type { Milestone } from '../../src/model/timeline.js';
import { RULES } from '../../src/rules/index.js';
import type { RuleContext } from '../../src/rules/rule.js';
import actionItemDue from '../../src/rules/action-item-due.js';
import decisionRecord from '../../src/rules/decision-record.js';
import relatedIncidents from '../../src/rules/related-incidents.js';
import requiredSections from '../../src/rules/required-sections.js';
import timeline from '../../src/rules/timeline.js';
import { compileSchema } from '../../src/schema/validate.js';
import { REPO } from '../helpers.js';

/**
 * A rule's options are written once, as the JSON Schema in src/config/rule-defaults.ts: the config is validated
 * against it, and the type the rule's `check` reads is derived from it (json-schema-to-ts). Its defaults (options and
 * severity) are configuration too; the rule object of the registry carries them for its readers.
 */

const RULES_DIR = `${REPO}src/rules/`;
const API_FILES = new Set(['index.ts', 'rule.ts', 'knowledge.ts', 'text.ts', 'action-items.ts']);
const ruleFiles = readdirSync(RULES_DIR).filter((name) => name.endsWith('.ts') && !API_FILES.has(name));

/** The options each rule's check reads, as they were written by hand before they were derived from the schemas. */
interface ExpectedOptions {
  frontmatter: Record<string, never>;
  'required-sections': { bySeverity: Record<string, SectionKey[]> };
  placeholder: { words: string[]; phrases: string[]; emptySections: boolean };
  'five-whys': { minSteps: number; severities: string[] };
  timeline: { milestones: Milestone[] };
  metrics: { toleranceMinutes: number };
  'contributing-factors': { categories: string[]; preventable: boolean };
  'root-cause-confidence': { threshold: number; dataGapsSections: string[] };
  'decision-record': { sections: string[]; requiredFor: { statuses: string[]; severities: string[] }; statuses: string[] };
  'related-incidents': Record<string, never>;
  recurrence: { sections: string[]; organizationalRootCause: boolean };
  'action-item-id': { pattern: string };
  'action-item-type': { types: string[] };
  'action-item-priority': { priorities: string[] };
  'action-item-owner': { handles: boolean };
  'action-item-due': { deadlines: Record<string, number>; bySeverity: Record<string, Record<string, number>> };
  'action-item-wording': { minWords: number };
  'blameless-language': Record<string, never>;
}

describe('rule options', () => {
  it('derive their types from the schemas: what each check reads (checked by `npx tsc --noEmit`)', () => {
    expectTypeOf<{ [Id in RuleId]: RuleOptions<Id> }>().toEqualTypeOf<ExpectedOptions>();
    // The rule objects carry the derived type to their checks and their defaults.
    expectTypeOf<Parameters<typeof actionItemDue.check>[2]>().toEqualTypeOf<RuleContext<ExpectedOptions['action-item-due']>>();
    expectTypeOf(timeline.defaultOptions).toEqualTypeOf<ExpectedOptions['timeline']>();
    expectTypeOf(requiredSections.defaultOptions).toEqualTypeOf<ExpectedOptions['required-sections']>();
    expectTypeOf(decisionRecord.defaultOptions.requiredFor).toEqualTypeOf<{ statuses: string[]; severities: string[] }>();
    expectTypeOf(relatedIncidents.defaultOptions).toEqualTypeOf<Record<string, never>>();
    // @ts-expect-error: a default that the schema does not allow does not compile (npx tsc --noEmit fails if it does).
    const wrong: RuleOptions<'metrics'> = { toleranceMinutes: '5' };
    // @ts-expect-error: nor does a default that leaves an option out: every option the schema names has a default.
    const partial: RuleOptions<'placeholder'> = { words: [], phrases: [] };
    expect([wrong, partial]).toHaveLength(2);
  });

  it('are not written by hand in the rules: no options interface or type, no schema, defaults or severity in a rule file', () => {
    const handWritten = ruleFiles.flatMap((name) => {
      const text = readFileSync(`${RULES_DIR}${name}`, 'utf8');
      return [/\b(?:interface|type)\s+\w*Options\b/, /\boptionsSchema\s*:/, /\bdefaultOptions\s*:/, /\bdefaultSeverity\s*:/, /\bruleWithOptions\b/]
        .filter((pattern) => pattern.test(text))
        .map((pattern) => `${name}: ${pattern.source}`);
    });
    expect(handWritten, 'declare the options schema and the defaults in src/config/rule-defaults.ts; the type is RuleOptions<id>').toEqual([]);
  });

  it('take json-schema-to-ts as types only: it is a dev dependency, and nothing of it is bundled', () => {
    const files = ['src/config/rule-defaults.ts', 'src/rules/rule.ts', ...ruleFiles.map((name) => `src/rules/${name}`)];
    const imports = files.flatMap((file) => readFileSync(`${REPO}${file}`, 'utf8').split('\n').filter((line) => line.includes("'json-schema-to-ts'")).map((line) => `${file}: ${line}`));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((line) => !/: import type \{[^}]*\} from 'json-schema-to-ts';$/.test(line))).toEqual([]);
  });

  it('would catch a hand-written options interface', () => {
    expect(/\b(?:interface|type)\s+\w*Options\b/.test('export interface TimelineOptions {\n  milestones: Milestone[];\n}')).toBe(true);
  });

  it('each rule file builds its rule from the defaults of its own id', () => {
    for (const name of ruleFiles) {
      const text = readFileSync(`${RULES_DIR}${name}`, 'utf8');
      expect(text, name).toContain(`export default ruleWithDefaults('${name.slice(0, -3)}', {`);
    }
  });
});

describe('rule defaults', () => {
  it('are declared in config/ for every rule of the registry, in its order, and nothing else', () => {
    expect(Object.keys(RULE_DEFAULTS)).toEqual(RULES.map((rule) => rule.meta.id));
    expect(RULE_DECLARATIONS.map((rule) => rule.meta.id)).toEqual(RULES.map((rule) => rule.meta.id));
  });

  it('are what the registry’s rules carry: meta.defaultSeverity, meta.optionsSchema and defaultOptions come from config/', () => {
    for (const rule of RULES) {
      const defaults = RULE_DEFAULTS[rule.meta.id as RuleId] as { defaultSeverity: string; optionsSchema?: object; defaultOptions: object };
      expect(rule.meta.defaultSeverity, rule.meta.id).toBe(defaults.defaultSeverity);
      expect(rule.meta.optionsSchema, rule.meta.id).toBe(defaults.optionsSchema);
      expect(rule.defaultOptions, rule.meta.id).toBe(defaults.defaultOptions);
      expect('optionsSchema' in rule.meta, rule.meta.id).toBe(defaults.optionsSchema !== undefined);
    }
  });

  it('give every option its schema names, and each default is valid against the schema', () => {
    for (const rule of RULES) {
      const schema = rule.meta.optionsSchema as OptionsSchema | undefined;
      if (!schema) {
        expect(rule.defaultOptions, rule.meta.id).toEqual({});
        continue;
      }
      expect(schema, rule.meta.id).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Object.keys(rule.defaultOptions as object).sort(), rule.meta.id).toEqual(Object.keys(schema.properties).sort());
      const validate = compileSchema(schema);
      expect(validate(rule.defaultOptions), `${rule.meta.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
