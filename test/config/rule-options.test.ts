import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OptionsSchema } from '../../src/config/rule-defaults.js';
import { RULES } from '../../src/rules/index.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { configError } from '../helpers.js';

/** A config file in a fresh directory, loaded as `postmortem` loads it. */
function load(text: string) {
  const root = mkdtempSync(join(tmpdir(), 'pm-rule-options-'));
  writeFileSync(join(root, '.postmortemrc.yml'), text);
  return loadConfig(root);
}

const withOptions = RULES.filter((rule) => rule.meta.optionsSchema !== undefined);

/** A value of the wrong type for an option: text where the schema wants anything else, a number where it wants text. */
function wrongValue(schema: { type?: string }): unknown {
  return schema.type === 'string' ? 42 : 'soon';
}

describe('a rule’s options that do not match its schema are a config error naming the file, the key and the line', () => {
  it('covers every rule with options', () => {
    expect(withOptions.map((rule) => rule.meta.id).length).toBeGreaterThanOrEqual(15);
  });

  for (const rule of withOptions) {
    const id = rule.meta.id;
    const { properties } = rule.meta.optionsSchema as OptionsSchema;

    it(`${id}: an option it does not know`, () => {
      const error = configError(() => load(`rules:\n  ${id}:\n    - error\n    - bogus: 1\n`));
      expect(error.message).toBe(`"rules.${id}.bogus" is not a known key`);
      expect(error.file).toBe('.postmortemrc.yml');
      expect(error.line).toBe(4);
    });

    for (const [option, schema] of Object.entries(properties)) {
      it(`${id}: "${option}" of the wrong type`, () => {
        const value = JSON.stringify(wrongValue(schema as { type?: string }));
        const error = configError(() => load(`rules:\n  ${id}:\n    - error\n    - ${option}: ${value}\n`));
        expect(error.message).toMatch(new RegExp(`^"rules\\.${id}\\.${option}" is ${value}; it must be `));
        expect(error.file).toBe('.postmortemrc.yml');
        expect(error.line).toBe(4);
      });
    }
  }

  it('decision-record: a `requiredFor` that gives the statuses but not the severities (the rule reads both)', () => {
    const error = configError(() => load('rules:\n  decision-record:\n    - error\n    - requiredFor:\n        statuses: [published]\n'));
    expect(error.message).toBe('"rules.decision-record.requiredFor" is missing the required key "severities"');
    expect(error.file).toBe('.postmortemrc.yml');
    expect(error.line).toBe(4);
  });

  it('accepts each rule’s defaults written out in a config', () => {
    const rules = Object.fromEntries(withOptions.map((rule) => [rule.meta.id, ['error', rule.defaultOptions]]));
    const config = load(JSON.stringify({ rules }));
    for (const rule of withOptions) expect(config.rules[rule.meta.id]!.options, rule.meta.id).toEqual(rule.defaultOptions);
  });
});
