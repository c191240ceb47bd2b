import type { FormatSettings } from '../config/format.js';
import { RULE_DEFAULTS, type RuleId, type RuleOptions } from '../config/rule-defaults.js';
import type { Severity } from '../model/finding.js';
import type { KnowledgeQueries } from './knowledge.js';
import type { Postmortem, SourceSpan } from '../model/postmortem.js';

/** Where the rule documentation lives; every rule's `url` is built from it. */
export const RULE_DOCS_BASE = 'https://github.com/postmortem-kb/postmortem-kb/blob/main/docs/rules/';

export interface RuleMeta<Ids extends string = string> {
  id: string;
  description: string;
  url: string;
  defaultSeverity: Severity;
  /** Message templates by id; `{{name}}` is replaced by the report's data. */
  messages: Record<Ids, string>;
  /** JSON Schema of the rule's options (validated when the config is loaded). */
  optionsSchema?: object;
}

/** A finding as a rule reports it: `messageId` is one of the rule's own message ids (a typo does not compile). */
export interface Report<Ids extends string = string> {
  messageId: Ids;
  data?: Record<string, string | number>;
  at: Pick<SourceSpan, 'line' | 'column'> & Partial<SourceSpan>;
  /** A certain, mechanical fix: line `line` of the file, whole, as it should read (see `Finding.suggestion`). */
  suggestion?: { line: number; text: string } | undefined;
}

export interface RuleContext<Options> {
  options: Options;
  /** How the knowledge base's documents are written (sections, columns, ids): what rules read of the configuration besides their own options. */
  format: FormatSettings;
  /** Questions about the other postmortems of the knowledge base: for checks across documents. */
  knowledge: KnowledgeQueries;
}

export interface Rule<Options = Record<string, unknown>, Ids extends string = string> {
  meta: RuleMeta<Ids>;
  defaultOptions: Options;
  check(doc: Postmortem, report: (report: Report<Ids>) => void, context: RuleContext<Options>): void;
}

/** Lets the registry hold rules whose options differ. */
export type AnyRule = Rule<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defineRule<Options, Ids extends string>(rule: Rule<Options, Ids>): Rule<Options, Ids> {
  return rule;
}

/** What a rule's file writes: its text and its check. Its id, default severity, options schema and default options are configuration (`config/rule-defaults.ts`). */
export interface RuleDefinition<Options, Ids extends string> {
  meta: Omit<RuleMeta<Ids>, 'id' | 'defaultSeverity' | 'optionsSchema'>;
  check: Rule<Options, Ids>['check'];
}

/**
 * A rule of the registry: its definition with the defaults `config/rule-defaults.ts` declares under its id. The
 * options type `check` reads is derived from the options schema there; the message ids are inferred from `messages`.
 */
export function ruleWithDefaults<Id extends RuleId, Ids extends string>(id: Id, rule: RuleDefinition<RuleOptions<Id>, Ids>): Rule<RuleOptions<Id>, Ids> {
  const defaults: { defaultSeverity: RuleMeta['defaultSeverity']; optionsSchema?: object; defaultOptions: RuleOptions<Id> } = RULE_DEFAULTS[id];
  const { description, url, messages } = rule.meta;
  const meta: RuleMeta<Ids> = { id, description, url, defaultSeverity: defaults.defaultSeverity, messages };
  if (defaults.optionsSchema) meta.optionsSchema = defaults.optionsSchema;
  return { meta, defaultOptions: defaults.defaultOptions, check: rule.check };
}

export function docsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
