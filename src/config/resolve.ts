import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import atlassian from '../presets/atlassian.json' with { type: 'json' };
import dfds from '../presets/dfds.json' with { type: 'json' };
import googleSre from '../presets/google-sre.json' with { type: 'json' };
import pagerduty from '../presets/pagerduty.json' with { type: 'json' };
import recommended from '../presets/recommended.json' with { type: 'json' };
import type { SourceSpan } from '../model/postmortem.js';
import { compileSchema, describeErrors, keyName } from '../schema/validate.js';
import { DEFAULT_ESCALATION } from './escalation.js';
import { optionsSchemaName } from './fixed-schemas.js';
import { DEFAULT_DRAFT, labelKey } from './draft.js';
import { DEFAULT_KNOWLEDGE_BASE, normalizeSynonyms, normalizeTags } from './knowledge-base.js';
import { frontmatterSchema } from './frontmatter-schema.js';
import { DEFAULT_FORMAT, type FormatSettings } from './format.js';
import { CANONICAL_KEYS } from './meta-keys.js';
import { RULE_DECLARATIONS, type RuleDeclaration } from './rule-defaults.js';
import { ConfigError, type ConfigFile, type FrontmatterConfig, type ResolvedConfig, type RuleLevel } from './types.js';

export const DEFAULT_FILES = ['postmortems/**/*.md'];
export const DEFAULT_IGNORES = ['**/README.md', '**/TEMPLATE.md'];

/** Built-in configurations that `extends` can name; data files in src/presets/. */
export const PRESETS: Record<string, ConfigFile> = {
  recommended: withoutComment(recommended),
  'google-sre': withoutComment(googleSre),
  pagerduty: withoutComment(pagerduty),
  atlassian: withoutComment(atlassian),
  dfds: withoutComment(dfds),
};

function withoutComment(preset: object): ConfigFile {
  const { $comment: _, ...config } = preset as ConfigFile & { $comment?: string };
  return config;
}

/** A config layer: a file that was read, or a preset. */
export interface ConfigLayer {
  /** File path, or `preset:<name>`. */
  source: string;
  /** How messages name it: the path relative to the working directory. */
  name?: string;
  data: ConfigFile;
  locate(path: readonly (string | number)[]): SourceSpan | undefined;
}

let validateConfigShape: ReturnType<typeof compileSchema> | undefined;

/** Checks a config file against `schemas/config.schema.json`; the error names the first bad key. */
export function validateConfigFile(data: unknown, source: string, locate: ConfigLayer['locate']): ConfigFile {
  if (data === undefined || data === null) return {};
  validateConfigShape ??= compileSchema(configSchema, 'config');
  if (!validateConfigShape(data)) {
    const [first] = describeErrors(validateConfigShape.errors);
    if (first) {
      const where = locate(first.path);
      const key = first.key === '' ? 'the config' : `"${first.key}"`;
      throw new ConfigError(`${key} ${first.problem}`, source, where?.line);
    }
  }
  const config = data as ConfigFile;
  for (const key of ['idPattern', 'fileNamePattern'] as const) {
    const pattern = config[key];
    if (pattern === undefined) continue;
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      throw new ConfigError(`"${key}" is not a valid regular expression: ${(error as Error).message}`, source, locate([key])?.line);
    }
  }
  return config;
}

function levelOf(level: 'off' | 'warn' | 'error'): RuleLevel {
  return level === 'warn' ? 'warning' : level;
}

export type { RuleDeclaration } from './rule-defaults.js';

/**
 * Applies layers, base first, over the defaults: lists replace lists,
 * settings merge key by key, and a rule's options merge over its defaults.
 * The rules' defaults are `config/rule-defaults.ts`; the registry of rules/
 * (built from them) may be passed instead, as it was before they moved here.
 */
export function resolveConfig(layers: readonly ConfigLayer[], root: string, rules: readonly RuleDeclaration[] = RULE_DECLARATIONS): ResolvedConfig {
  const known = new Map(rules.map((rule) => [rule.meta.id, rule]));
  const format: FormatSettings = structuredClone(DEFAULT_FORMAT);
  const resolved: ResolvedConfig = {
    files: [...DEFAULT_FILES],
    ignores: [...DEFAULT_IGNORES],
    indexPath: 'postmortems/README.md',
    root,
    format,
    knowledgeBase: structuredClone(DEFAULT_KNOWLEDGE_BASE),
    sync: { label: 'postmortem-action-item', removedLabel: 'removed-from-postmortem', statuses: ['in-review', 'published'], maxItemsPerDocument: 50, backfill: false },
    escalation: structuredClone(DEFAULT_ESCALATION),
    draft: structuredClone(DEFAULT_DRAFT),
    site: {},
    rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, { level: rule.meta.defaultSeverity, options: structuredClone(rule.defaultOptions) }])),
    sources: layers.map((layer) => layer.source).filter((source) => !source.startsWith('preset:')).reverse(),
  };
  /** The layer that set each default, to name it when the value turns out wrong. */
  const defaultsFrom = new Map<string, { source: string; locate: ConfigLayer['locate'] }>();
  for (const { data, source: path, name, locate } of layers) {
    const source = name ?? path;
    if (data.files) resolved.files = [...data.files];
    if (data.ignores) resolved.ignores = [...data.ignores];
    if (data.indexPath !== undefined) resolved.indexPath = data.indexPath;
    if (data.idPattern !== undefined) format.idPattern = data.idPattern;
    if (data.idExample !== undefined) format.idExample = data.idExample;
    if (data.severities) format.severities = [...data.severities];
    if (data.maxFileSize !== undefined) format.maxFileSize = data.maxFileSize;
    if (data.maxReadSeconds !== undefined) format.maxReadSeconds = data.maxReadSeconds;
    if (data.frontmatter !== undefined) applyFrontmatter(format, data.frontmatter, source, locate);
    for (const [key, value] of Object.entries(data.defaults ?? {})) {
      format.defaults[key as keyof FormatSettings['defaults']] = value;
      defaultsFrom.set(key, { source, locate });
    }
    if (data.fileNamePattern !== undefined) format.fileNamePattern = data.fileNamePattern;
    if (data.dateFromBody !== undefined) format.dateFromBody = data.dateFromBody;
    const { tags, patterns } = resolved.knowledgeBase;
    if (data.tags?.synonyms) tags.synonyms = { ...tags.synonyms, ...data.tags.synonyms };
    if (data.tags?.fromField !== undefined) tags.fromField = data.tags.fromField;
    if (data.tags?.fromTitle !== undefined) tags.fromTitle = data.tags.fromTitle;
    Object.assign(patterns, data.patterns);
    Object.assign(resolved.sync, data.sync);
    Object.assign(resolved.escalation, data.escalation);
    if (data.draft) applyDraft(resolved, data.draft, source, locate);
    if (data.site?.url !== undefined) resolved.site.url = data.site.url;
    if (data.patterns?.ignoreTags) patterns.ignoreTags = normalizeTags(data.patterns.ignoreTags, normalizeSynonyms(tags.synonyms));
    // A team's names for a section come first (the first is the title in messages); the built-in names still match.
    for (const [key, names] of Object.entries(data.sections ?? {}) as [keyof FormatSettings['sections'], string[] | undefined][]) {
      if (names) format.sections[key] = [...names, ...format.sections[key].filter((name) => !names.includes(name))];
    }
    for (const table of Object.keys(data.columns ?? {}) as (keyof FormatSettings['columns'])[]) {
      Object.assign(format.columns[table], data.columns?.[table]);
    }
    for (const [id, setting] of Object.entries(data.rules ?? {})) {
      const rule = known.get(id);
      const at = locate(['rules', id])?.line;
      if (!rule) throw new ConfigError(`"rules.${id}" is not a known rule (run "postmortem rules" to list them)`, source, at);
      const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
      const current = resolved.rules[id]!;
      current.level = levelOf(level);
      if (options) {
        checkRuleOptions(rule, options, source, locate);
        current.options = { ...current.options, ...options };
      }
    }
  }
  checkDefaults(format, defaultsFrom);
  return resolved;
}

/** `draft:`: scalars replace, severity labels and keyword lists merge over the base layers'. */
function applyDraft(resolved: ResolvedConfig, draft: NonNullable<ConfigFile['draft']>, source: string, locate: ConfigLayer['locate']): void {
  const { severityLabels, keywords, ...scalars } = draft;
  Object.assign(resolved.draft, scalars);
  for (const [label, severity] of Object.entries(severityLabels ?? {})) {
    if (!resolved.format.severities.includes(severity)) {
      throw new ConfigError(`"draft.severityLabels" maps "${label}" to "${severity}", which is not one of the severities (${resolved.format.severities.join(', ')})`, source, locate(['draft', 'severityLabels', label])?.line);
    }
    resolved.draft.severityLabels[labelKey(label)] = severity;
  }
  Object.assign(resolved.draft.keywords, keywords);
}

/** `frontmatter: required|optional`, or its object form; mapped keys merge key by key over the base layers'. */
function applyFrontmatter(format: FormatSettings, setting: NonNullable<ConfigFile['frontmatter']>, source: string, locate: ConfigLayer['locate']): void {
  if (typeof setting === 'string') {
    format.frontmatter = setting;
    return;
  }
  const { required, keys, extraKeys }: FrontmatterConfig = setting;
  if (required !== undefined) format.frontmatter = required ? 'required' : 'optional';
  if (extraKeys !== undefined) format.extraKeys = extraKeys;
  for (const [from, to] of Object.entries(keys ?? {})) {
    if (CANONICAL_KEYS.includes(from)) {
      const line = locate(['frontmatter', 'keys', from])?.line;
      throw new ConfigError(`"frontmatter.keys.${from}" maps "${from}", which is a key of the format itself: only another tool's keys can be read as "${to}"`, source, line);
    }
    format.frontmatterKeys[from] = to;
  }
}

/**
 * A default must be a value the frontmatter could hold (a severity of `severities`, a real date), checked once
 * the layers are merged: documents never report it, since no document wrote it.
 */
function checkDefaults(format: FormatSettings, defaultsFrom: ReadonlyMap<string, { source: string; locate: ConfigLayer['locate'] }>): void {
  if (Object.keys(format.defaults).length === 0) return;
  const schema = frontmatterSchema(format);
  schema.required = [];
  const validate = compileSchema(schema);
  if (validate(format.defaults)) return;
  const [first] = describeErrors(validate.errors);
  if (!first) return;
  const key = String(first.path[0] ?? '');
  const origin = defaultsFrom.get(key);
  const line = origin?.locate(['defaults', key])?.line;
  throw new ConfigError(`"defaults.${first.key}" ${first.problem}`, origin?.source, line);
}

const optionValidators = new Map<string, ReturnType<typeof compileSchema>>();

function checkRuleOptions(rule: RuleDeclaration, options: Record<string, unknown>, source: string, locate: ConfigLayer['locate']): void {
  const schema = rule.meta.optionsSchema;
  if (!schema) {
    if (Object.keys(options).length > 0) {
      throw new ConfigError(`"rules.${rule.meta.id}" takes no options`, source, locate(['rules', rule.meta.id, 1])?.line);
    }
    return;
  }
  let validate = optionValidators.get(rule.meta.id);
  if (!validate) optionValidators.set(rule.meta.id, (validate = compileSchema(schema, optionsSchemaName(rule.meta.id))));
  if (validate(options)) return;
  const [first] = describeErrors(validate.errors);
  if (!first) return;
  const path = ['rules', rule.meta.id, 1, ...first.path];
  const key = keyName(['rules', rule.meta.id, ...first.path]);
  throw new ConfigError(`"${key}" ${first.problem}`, source, locate(path)?.line ?? locate(['rules', rule.meta.id])?.line);
}
