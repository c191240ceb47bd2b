import { describe, expect, it } from 'vitest';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import { CANONICAL_KEYS, DEFAULTABLE_KEYS } from '../../src/config/meta-keys.js';
import { PRESETS, resolveConfig, validateConfigFile, type ConfigLayer } from '../../src/config/resolve.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { RULES } from '../../src/rules/index.js';
import { configError, REPO } from '../helpers.js';

/** Config layers from YAML texts, base first, named c0.yml, c1.yml…; `preset:` names a preset. Nothing is read from disk. */
function load(...texts: string[]): ResolvedConfig {
  const layers: ConfigLayer[] = texts.map((text, index) => {
    if (text.startsWith('preset:')) return { source: text, data: PRESETS[text.slice(7)]!, locate: () => undefined };
    const yaml = parseYaml(text);
    const source = `c${index}.yml`;
    return { source, data: validateConfigFile(yaml.data, source, yaml.locate), locate: yaml.locate };
  });
  return resolveConfig(layers, REPO, RULES);
}

describe('frontmatter', () => {
  it('keeps its string form, and its object form sets required, keys and extraKeys', () => {
    expect(load('frontmatter: optional\n').format).toMatchObject({ frontmatter: 'optional', frontmatterKeys: {}, extraKeys: 'report' });
    expect(load('frontmatter: required\n').format.frontmatter).toBe('required');
    const format = load('frontmatter:\n  required: false\n  keys: {start_time: started_at, categories: tags, incident_id: id}\n  extraKeys: allow\n').format;
    expect(format).toMatchObject({ frontmatter: 'optional', extraKeys: 'allow', frontmatterKeys: { start_time: 'started_at', categories: 'tags', incident_id: 'id' } });
    expect(load('frontmatter: {required: true}\n').format.frontmatter).toBe('required');
    expect(load('frontmatter: {keys: {labels: tags}}\n').format.frontmatter).toBe('required');
  });

  it('merges over a base layer: keys key by key, the string form changing only whether it is required', () => {
    const format = load('preset:dfds', 'frontmatter: {keys: {labels: tags}, extraKeys: allow}\n', 'frontmatter: {keys: {start_time: started_at}}\n', 'frontmatter: required\n').format;
    expect(format).toMatchObject({ frontmatter: 'required', extraKeys: 'allow', frontmatterKeys: { labels: 'tags', start_time: 'started_at' } });
    expect(load('preset:dfds', 'frontmatter: {extraKeys: allow}\n').format.frontmatter).toBe('optional');
  });

  it('names the file, key and line of a mistake', () => {
    const cases: [string, RegExp, number][] = [
      ['frontmatter: sometimes\n', /^"frontmatter" is "sometimes"; it must be one of required, optional$/, 1],
      ['frontmatter:\n  keys:\n    start_time: started\n', /^"frontmatter\.keys\.start_time" is "started"; it must be one of id, title, date, severity, status, authors, tags/, 3],
      ['frontmatter:\n  keys:\n    title: id\n', /^"frontmatter\.keys\.title" maps "title", which is a key of the format itself/, 3],
      ['frontmatter: {extraKeys: ignore}\n', /^"frontmatter\.extraKeys" is "ignore"; it must be one of allow, report$/, 1],
      ['frontmatter: {required: maybe}\n', /^"frontmatter\.required" is "maybe"; it must be a boolean$/, 1],
      ['frontmatter: {mapping: {a: b}}\n', /^"frontmatter\.mapping" is not a known key$/, 1],
      ['frontmatter:\n  keys:\n    "": tags\n', /^"frontmatter\.keys" is ""; expected a key name that is not blank$/, 2],
    ];
    for (const [text, message, line] of cases) {
      const error = configError(() => load(text));
      expect(error.message, text).toMatch(message);
      expect(error.file, text).toBe('c0.yml');
      expect(error.line, text).toBe(line);
    }
  });

  it('maps to exactly the keys of the postmortem schema', () => {
    const keys = configSchema.properties.frontmatter.then.properties.keys.additionalProperties.enum;
    expect(keys).toEqual(CANONICAL_KEYS);
  });
});

describe('defaults', () => {
  it('are merged key by key, later layers winning', () => {
    expect(load('defaults: {severity: SEV3, status: published}\n', 'defaults: {severity: SEV2}\n').format.defaults).toEqual({ severity: 'SEV2', status: 'published' });
    expect(load().format.defaults).toEqual({});
  });

  it('are checked against the configured severities once every layer is merged', () => {
    expect(load('defaults: {severity: HIGH}\n', 'severities: [HIGH, LOW]\n').format.defaults.severity).toBe('HIGH');
    const error = configError(() => load('severities: [HIGH, LOW]\n', 'rules: {}\ndefaults:\n  severity: SEV3\n'));
    expect(error.message).toBe('"defaults.severity" is "SEV3"; it must be one of HIGH, LOW');
    expect([error.file, error.line]).toEqual(['c1.yml', 3]);
  });

  it('name the file, key and line of a mistake', () => {
    const cases: [string, RegExp, number][] = [
      ['defaults:\n  status: done\n', /^"defaults\.status" is "done"; it must be one of draft, in-review, published$/, 2],
      ['defaults:\n  date: 2024-02-30\n', /^"defaults\.date" is "2024-02-30", which is not a real calendar date/, 2],
      ['defaults:\n  started_at: noon\n', /^"defaults\.started_at" is "noon", which is not an ISO 8601 date-time/, 2],
      ['defaults:\n  id: INC-20240101-0001\n', /^"defaults\.id" is not a known key$/, 2],
      ['defaults:\n  severity: 3\n', /^"defaults\.severity" is 3; it must be a string$/, 2],
      ['defaults: SEV3\n', /^"defaults" is "SEV3"; it must be a mapping$/, 1],
    ];
    for (const [text, message, line] of cases) {
      const error = configError(() => load(text));
      expect(error.message, text).toMatch(message);
      expect([error.file, error.line], text).toEqual(['c0.yml', line]);
    }
  });

  it('cover every string key but the id', () => {
    expect(Object.keys(configSchema.properties.defaults.properties)).toEqual([...DEFAULTABLE_KEYS]);
  });
});
