import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FIXED_SCHEMAS } from '../../src/config/fixed-schemas.js';
import { RULE_DECLARATIONS } from '../../src/config/rule-defaults.js';
import { main } from '../../src/cli/main.js';
import { standaloneValidators } from '../../src/schema/standalone.js';
import { newAjv } from '../../src/schema/validate.js';
import { node, REPO } from '../helpers.js';

/** The build's code for the fixed schemas, run as the bundles run it (a CommonJS module whose requires are ajv's). */
function loadStandalone(): Record<string, ValidateFunction> {
  const module = { exports: {} as Record<string, ValidateFunction> };
  new Function('module', 'exports', 'require', standaloneValidators(FIXED_SCHEMAS))(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

/** Values of every kind, to put where a schema expects one kind. */
const ODD = [42, -1, 'x', '', true, null, [], ['x', 'x'], {}, { bogus: 1 }];

/** A valid value, then that value with each key (and each key of a nested mapping) given each odd value, and an unknown key. */
function variants(valid: Record<string, unknown>): unknown[] {
  const out: unknown[] = [valid, { ...valid, bogus: 1 }];
  for (const [key, value] of Object.entries(valid)) {
    for (const odd of ODD) out.push({ ...valid, [key]: odd });
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) for (const odd of ODD) out.push({ ...valid, [key]: { ...value, [inner]: odd } });
    }
  }
  return out;
}

const presets = readdirSync(join(REPO, 'src/presets')).map((name) => JSON.parse(readFileSync(join(REPO, 'src/presets', name), 'utf8')) as Record<string, unknown>);
const repoConfig = parseYaml(readFileSync(join(REPO, '.postmortemrc.yml'), 'utf8')) as Record<string, unknown>;

describe('the fixed schemas, compiled by the build (ajv standalone)', () => {
  const standalone = loadStandalone();

  it('has a validator for every fixed schema: the config file and each rule with options', () => {
    expect(Object.keys(standalone).sort()).toEqual(Object.keys(FIXED_SCHEMAS).sort());
    expect(Object.keys(FIXED_SCHEMAS)).toContain('config');
    expect(Object.keys(FIXED_SCHEMAS).length).toBe(1 + RULE_DECLARATIONS.filter((rule) => rule.meta.optionsSchema).length);
  });

  it('gives the verdict and the errors of the schema compiled at run time, on valid and broken values', () => {
    const inputs: Record<string, unknown[]> = {
      config: [repoConfig, ...presets].flatMap(variants),
      ...Object.fromEntries(RULE_DECLARATIONS.filter((rule) => rule.meta.optionsSchema).map((rule) => [`options:${rule.meta.id}`, variants(rule.defaultOptions)])),
    };
    let invalid = 0;
    for (const [name, schema] of Object.entries(FIXED_SCHEMAS)) {
      const compiled = newAjv().compile(schema);
      for (const input of inputs[name]!) {
        const verdict = compiled(input);
        expect(standalone[name]!(input), `${name}: ${JSON.stringify(input)}`).toBe(verdict);
        expect(standalone[name]!.errors, `${name}: ${JSON.stringify(input)}`).toEqual(compiled.errors);
        if (!verdict) invalid++;
      }
    }
    // Broken values of every kind were tried, not only valid ones.
    expect(invalid).toBeGreaterThan(500);
  });

  it('the bundles carry every fixed schema\'s validator compiled (the build\'s plugin put them in place of precompiled.ts)', () => {
    for (const bundle of ['dist/cli.js', 'dist/index.js']) {
      const text = readFileSync(join(REPO, bundle), 'utf8');
      for (const name of Object.keys(FIXED_SCHEMAS)) {
        // `exports.config` or `exports["options:timeline"]`, as ajv writes a name (esbuild may number `exports`).
        const exported = /^\w+$/.test(name) ? `\\.${name}` : `\\[${JSON.stringify(name)}\\]`;
        expect(text, `${bundle}: ${name}`).toMatch(new RegExp(`exports\\d*${exported} = validate\\d+;`));
      }
    }
  });

  it('the bundled CLI reports a bad config as the sources do (its validators are the compiled ones)', async () => {
    for (const config of ['rules:\n  timeline: [error, {bogus: 1}]\n', 'sections:\n  nope: 3\n', 'knowledgeBase:\n  recurrence: {minIncidents: x}\n']) {
      const cwd = mkdtempSync(join(tmpdir(), 'pm-standalone-'));
      writeFileSync(join(cwd, '.postmortemrc.yml'), config);
      let stderr = '';
      const code = await main({ argv: ['lint'], cwd, stdout: () => undefined, stderr: (text) => void (stderr += text), color: false });
      const bundled = node([join(REPO, 'dist/cli.js'), 'lint'], { cwd });
      expect(code).toBe(2);
      expect(stderr).toMatch(/configuration error: \.postmortemrc\.yml:\d+: /);
      expect(bundled).toEqual({ code: 2, stdout: '', stderr });
    }
  });
});
