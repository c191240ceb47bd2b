import type { ResolvedConfig } from '../config/types.js';
import type { Severity } from '../model/finding.js';
import type { KnowledgeQueries } from './knowledge.js';
import type { Postmortem, SourceSpan } from '../model/postmortem.js';

/** Where the rule documentation lives; every rule's `url` is built from it. */
export const RULE_DOCS_BASE = 'https://github.com/postmortem-kb/postmortem-kb/blob/main/docs/rules/';

export interface RuleMeta {
  id: string;
  description: string;
  url: string;
  defaultSeverity: Severity;
  /** Message templates by id; `{{name}}` is replaced by the report's data. */
  messages: Record<string, string>;
  /** JSON Schema of the rule's options (validated when the config is loaded). */
  optionsSchema?: object;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  at: Pick<SourceSpan, 'line' | 'column'> & Partial<SourceSpan>;
}

export interface RuleContext<Options> {
  options: Options;
  config: ResolvedConfig;
  /** Questions about the other postmortems of the knowledge base: for checks across documents. */
  knowledge: KnowledgeQueries;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  defaultOptions: Options;
  check(doc: Postmortem, report: (report: Report) => void, context: RuleContext<Options>): void;
}

/** Lets the registry hold rules whose options differ. */
export type AnyRule = Rule<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export function docsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
