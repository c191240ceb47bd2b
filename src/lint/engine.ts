import type { ResolvedConfig } from '../config/types.js';
import type { FileResult, Finding, Severity } from '../model/finding.js';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../kb/index.js';
import { extraTagsOf } from '../kb/tags.js';
import { queriesOf, type AskedQuestion, type KnowledgeQueries } from './knowledge.js';
import type { ParsedFile } from '../parse/document.js';
import { RULES } from '../rules/index.js';
import { readDirectives } from './directives.js';
import type { AnyRule, Report } from '../rules/rule.js';

/** Messages of findings that come from reading the file rather than from a rule. */
const PARSE_MESSAGES = { problem: '{{message}}' };

/**
 * Runs every enabled rule over parsed files. The registry stamps each
 * finding with its rule id and configured severity; a draft's findings are
 * all warnings, so an author can open a pull request early.
 */
export function lintFiles(
  files: readonly ParsedFile[],
  config: ResolvedConfig,
  knowledgeBase: KnowledgeBase = knowledgeBaseOf(files, config),
  rules: readonly AnyRule[] = RULES,
): FileResult[] {
  const knowledge = queriesOf(knowledgeBase);
  return files.map((file) => lintFile(file, config, knowledge, rules));
}

/** Lints one file against a knowledge base; given `asked`, writes down there what it asked of it, for the cache. */
export function lintOneFile(file: ParsedFile, config: ResolvedConfig, knowledgeBase: KnowledgeBase, asked?: AskedQuestion[]): FileResult {
  return lintFile(file, config, queriesOf(knowledgeBase, asked), RULES);
}

function lintFile(file: ParsedFile, config: ResolvedConfig, knowledge: KnowledgeQueries, rules: readonly AnyRule[]): FileResult {
  const findings: Finding[] = [];
  const enabled = rules.filter((rule) => config.rules[rule.meta.id]?.level !== 'off');
  const severityOf = (ruleId: string): Severity | undefined => {
    const level = config.rules[ruleId]?.level;
    return level === 'off' ? undefined : level;
  };
  const suppressions = file.postmortem ? readDirectives(file.postmortem.source) : undefined;
  const meta = file.postmortem?.meta;
  const add = (ruleId: string, messages: Record<string, string>, report: Report) => {
    const configured = ruleId === 'parse' ? 'error' : severityOf(ruleId);
    if (!configured) return;
    // A file that cannot be read cannot be silenced from inside it.
    if (ruleId !== 'parse' && suppressions?.isSuppressed(ruleId, report.at.line)) return;
    const severity: Severity = meta?.status === 'draft' ? 'warning' : configured;
    findings.push(toFinding(ruleId, severity, messages, report));
  };

  for (const problem of file.problems) {
    const at = { line: problem.line, column: problem.column };
    add(problem.ruleId, PARSE_MESSAGES, { messageId: 'problem', data: { message: problem.message }, at });
  }
  const doc = file.postmortem;
  if (doc) {
    for (const rule of enabled) {
      const context = { options: config.rules[rule.meta.id]?.options ?? rule.defaultOptions, format: config.format, knowledge };
      const report = (r: Report) => add(rule.meta.id, rule.meta.messages, r);
      try {
        rule.check(doc, report, context);
      } catch (error) {
        report(internalFailure(error));
      }
    }
  }
  return { filePath: file.path, findings: findings.sort(byPosition) };
}

/** Without a wider index, the knowledge base is the files linted together. */
export function knowledgeBaseOf(files: readonly ParsedFile[], config: ResolvedConfig): KnowledgeBase {
  return buildKnowledgeBase(files.flatMap((file) => indexEntryOf(file, config)), config.knowledgeBase);
}

/** A parsed file's entry in the knowledge-base index (none for a file that could not be read). */
export function indexEntryOf(file: ParsedFile, config: ResolvedConfig): IndexEntry[] {
  const doc = file.postmortem;
  return doc ? [{ path: file.path, meta: doc.meta, extraTags: extraTagsOf(doc.source, config.knowledgeBase) }] : [];
}

function internalFailure(error: unknown): Report {
  const message = error instanceof Error ? error.message : String(error);
  return { messageId: '__internal', data: { message }, at: { line: 1, column: 1 } };
}

/** A finding's sentence, from its rule's message table, its message id and its data. */
function render(messages: Readonly<Record<string, string>>, messageId: string, data: Readonly<Record<string, string | number>>): string {
  const template =
    messageId === '__internal'
      ? 'This rule failed on this file (a bug in postmortem-kb): {{message}}'
      : // The types keep a rule to its own ids; a rule built without them must not pass an id off as a message.
        (messages[messageId] ?? `This rule reported the unknown message id "${messageId}" (a bug in postmortem-kb)`);
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(data[name] ?? ''));
}

const MESSAGES_BY_RULE = new Map<string, Readonly<Record<string, string>>>([['parse', PARSE_MESSAGES], ...RULES.map((rule): [string, Readonly<Record<string, string>>] => [rule.meta.id, rule.meta.messages])]);

/** The sentence of a finding of the registry's rules, as the lint wrote it: what the cache keeps is the ids and data. */
export function messageOf(ruleId: string, messageId: string, data: Readonly<Record<string, string | number>>): string {
  return render(MESSAGES_BY_RULE.get(ruleId) ?? {}, messageId, data);
}

function toFinding(ruleId: string, severity: Severity, messages: Record<string, string>, report: Report): Finding {
  const data = report.data ?? {};
  const { line, column } = report.at;
  return {
    ruleId,
    severity,
    messageId: report.messageId,
    data,
    message: render(messages, report.messageId, data),
    line,
    column,
    endLine: report.at.endLine ?? line,
    endColumn: report.at.endColumn ?? column,
    // Carried as the rule wrote it: the cache and the worker threads copy findings whole.
    ...(report.suggestion ? { suggestion: { line: report.suggestion.line, text: report.suggestion.text } } : {}),
  };
}

function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column;
}
