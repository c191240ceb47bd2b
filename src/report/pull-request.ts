import { countBySeverity, type FileResult } from '../model/finding.js';
import type { DocumentReport } from '../review/documents.js';
import { codeSpan, linkUrl } from './inert.js';
import { formatTimelineDiagram } from './mermaid.js';
import { groupProblems, type ProblemGroup } from './review-findings.js';
import { reviewedSha, reviewLinks, whereTheRestIs, type ReviewContext, type ReviewLinks } from './review-links.js';
import { planSection, recurrenceSection, relatedSection, text } from './review-sections.js';
import { suppressedLine } from './stylish.js';

/** The review's data (src/review/), re-exported for the formatters' callers. */
export type { DocumentReport, PlannedIssue } from '../review/documents.js';
export type { Elsewhere, ReviewContext } from './review-links.js';

/**
 * What the sticky comment aims at, in characters (and bytes, which are never
 * fewer): below GitHub's 65,536, with room for the marker.
 */
export const COMMENT_BUDGET = 59_900;

export interface LintReport {
  /** "Pull request #7 changes 2 postmortems", "The knowledge base": said before the verdict when no pull request is reviewed. */
  scope: string;
  results: FileResult[];
  /** Findings beyond GitHub's 10 + 10 annotations. */
  hidden: { errors: number; warnings: number };
  documents: DocumentReport[];
  /** Links to file lines when `context` names no reviewed commit: https://github.com/o/r/blob/<sha>/ */
  blobBase: string | undefined;
  /** Rule docs by rule id. */
  ruleUrl: (ruleId: string) => string | undefined;
  /** Findings the lint baseline suppressed (left out of `results`). */
  suppressed?: number | undefined;
  /** The lint baseline's path, when the pull request changes it. */
  baselineChanged?: string | undefined;
  /** The reviewed commit, the repository, the run, the version: data from the shell, for the verdict, the links and the footer. */
  context?: ReviewContext | undefined;
  /** Where the earlier incidents' item states came from (the review's `itemStates`). */
  itemStates?: 'issues' | 'documents' | undefined;
}

/** How much of one file's block is shown. */
interface Detail {
  rows: number;
  extras: boolean;
  timeline: boolean;
}

const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;
const counted = (errors: number, warnings: number) => [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
const bytes = (value: string) => Buffer.byteLength(value);

/** "2 postmortems reviewed at `abc1234`: 1 ready, 1 needs changes (17 errors, 2 warnings)." */
function verdict(report: LintReport): string {
  const sha = reviewedSha(report.context);
  const at = sha ? ` at ${codeSpan(sha.slice(0, 7))}` : '';
  const prefix = report.context?.pullNumber === undefined && report.scope ? `${text(report.scope, 200)}: ` : '';
  const files = report.results.length;
  if (files === 0) return `✅ ${prefix}no postmortem to review${at}.`;
  const { errors, warnings } = countBySeverity(report.results.flatMap((result) => result.findings));
  const needs = report.results.filter((result) => result.findings.some((finding) => finding.severity === 'error')).length;
  const ready = files - needs;
  const icon = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  const counts = counted(errors, warnings);
  let state: string;
  if (files === 1) state = needs === 1 ? 'needs changes' : 'ready';
  else if (needs === 0) state = `all ${files} ready`;
  else if (ready === 0) state = `all ${files} need changes`;
  else state = `${ready} ready, ${needs} ${needs === 1 ? 'needs' : 'need'} changes`;
  return `${icon} ${prefix}${plural(files, 'postmortem')} reviewed${at}: ${state}${counts ? ` (${counts})` : ''}.`;
}

function ruleCell(rules: readonly string[], report: LintReport): string {
  return rules
    .map((rule) => {
      const url = report.ruleUrl(rule);
      return url ? `[${codeSpan(rule)}](${url})` : codeSpan(rule);
    })
    .join(' ');
}

function groupTables(groups: readonly ProblemGroup[], path: string, report: LintReport, links: ReviewLinks, rows: number): string[] {
  const lines: string[] = [];
  let shown = 0;
  const total = groups.reduce((sum, group) => sum + group.rows.length, 0);
  for (const group of groups) {
    if (shown >= rows) break;
    if (group.title !== undefined) lines.push('', `**${text(group.title, 120)}**`);
    lines.push('', '| Line | Problem | Rule |', '|---:|---|---|');
    for (const row of group.rows) {
      if (shown >= rows) break;
      shown++;
      const url = links.line(path, row.line);
      const line = url ? `[${row.line}](${url})` : String(row.line);
      lines.push(`| ${line} | ${row.severity === 'error' ? '❌' : '⚠️'} ${text(row.message, 600)} | ${ruleCell(row.rules, report)} |`);
    }
  }
  if (total > shown) lines.push('', `… and ${plural(total - shown, 'more problem')} in this file: see ${whereTheRestIs(report.context)}.`);
  return lines;
}

/** One file's block: a `<details>` open when the file has errors, its problems grouped by section, then what the review knows of it. */
function fileBlock(result: FileResult, document: DocumentReport | undefined, report: LintReport, links: ReviewLinks, detail: Detail): string {
  const { errors, warnings } = countBySeverity(result.findings);
  const name = document?.id ? `${text(document.id, 120)}${document.title ? ` · ${text(document.title, 200)}` : ''}` : text(result.filePath, 300);
  const icon = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  const groups = groupProblems(result.findings, document);
  const problems = groups.reduce((sum, group) => sum + group.rows.length, 0);
  const state = problems === 0 ? 'no problems' : counted(errors, warnings);
  const fileUrl = links.file(result.filePath);
  const lines = [`<details${errors > 0 ? ' open' : ''}><summary>${icon} ${name}: ${state}</summary>`, '', fileUrl ? `[${codeSpan(result.filePath)}](${fileUrl})` : codeSpan(result.filePath)];
  if (problems > 0) lines.push(...groupTables(groups, result.filePath, report, links, detail.rows));
  if (document && detail.extras) {
    lines.push(...relatedSection(document, links), ...planSection(document, result));
    if (detail.timeline && document.timeline.length > 0) {
      lines.push('', '<details><summary>Timeline</summary>', '', formatTimelineDiagram(`${document.id ?? document.path} timeline`, document.timeline.slice(0, 100)), '', '</details>');
    }
  }
  lines.push('', '</details>', '');
  return lines.join('\n');
}

/** The same file as one line, for the tail of a review that cannot show every file. */
function fileLine(result: FileResult, document: DocumentReport | undefined): string {
  const { errors, warnings } = countBySeverity(result.findings);
  const icon = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  return `- ${icon} ${codeSpan(result.filePath)}${document?.id ? ` (${text(document.id, 120)})` : ''}: ${counted(errors, warnings) || 'no problems'}`;
}

function head(report: LintReport, links: ReviewLinks): string {
  const lines = ['## Postmortem review', '', verdict(report)];
  if (report.suppressed) lines.push('', `${suppressedLine(report.suppressed)}.`);
  if (report.baselineChanged) lines.push('', `⚠️ This pull request changes the lint baseline ${text(report.baselineChanged)}: the findings it records are not reported. Review that change with the postmortems.`);
  // The recurrence first: what the earlier incidents left open is the most a reviewer can learn here. A few, bounded.
  const recurring = report.documents.filter((document) => document.pattern);
  for (const document of recurring.slice(0, 3)) lines.push(...recurrenceSection(document, links, report.itemStates));
  if (recurring.length > 3) lines.push('', `${plural(recurring.length - 3, 'more postmortem')} of this pull request repeat a pattern: see ${whereTheRestIs(report.context)}.`);
  return `${lines.join('\n')}\n`;
}

function footer(report: LintReport): string {
  const lines: string[] = [];
  const hidden = report.hidden.errors + report.hidden.warnings;
  if (hidden > 0) {
    lines.push('', `GitHub shows 10 errors and 10 warnings as annotations; ${report.hidden.errors} more error${report.hidden.errors === 1 ? '' : 's'} and ${report.hidden.warnings} more warning${report.hidden.warnings === 1 ? '' : 's'} are listed here only.`);
  }
  const { context } = report;
  const sha = reviewedSha(context);
  const by = [`postmortem-kb${context?.version && /^[\w.+-]{1,40}$/.test(context.version) ? ` ${context.version}` : ''}`, sha ? `reviewed ${codeSpan(sha.slice(0, 7))}` : '', context?.runUrl ? `[workflow run](${linkUrl(context.runUrl)})` : ''].filter(Boolean).join(' · ');
  lines.push(
    '',
    '---',
    '',
    `${by}. To silence a rule on one line, write ${codeSpan('<!-- postmortem-lint-disable-next-line rule-id -->')} on the line above it; for every postmortem, set ${codeSpan('rules: { rule-id: off }')} in ${codeSpan('.postmortemrc.yml')}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** Files with errors first, then warnings, then clean ones; otherwise as given. */
function ordered(results: readonly FileResult[]): FileResult[] {
  const rank = (result: FileResult) => {
    const { errors, warnings } = countBySeverity(result.findings);
    return errors > 0 ? 0 : warnings > 0 ? 1 : 2;
  };
  return results.map((result, index) => ({ result, index })).sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index).map(({ result }) => result);
}

/**
 * The review of a pull request's postmortems, for the sticky comment and the
 * job summary: the verdict, the recurrence, then each file in a `<details>`
 * block (its problems grouped by section, its related incidents in words, the
 * issues to open on merge, the timeline). Fits `maxBytes` (so as many
 * characters) whatever the input: each file is shown whole while it fits, then
 * with fewer rows and no extras, then as one line, and past that counted, the
 * text saying where the rest is; the text is cut only as a last resort.
 */
export function formatLintReport(report: LintReport, maxBytes: number): string {
  const links = reviewLinks(report.context, report.blobBase);
  const top = head(report, links);
  const bottom = footer(report);
  const byPath = new Map(report.documents.map((document) => [document.path, document]));
  const files = ordered(report.results);
  // A comment shows a file's first 50 problems; the job summary (a larger budget) shows them all.
  const rowsPerFile = maxBytes < 200_000 ? 50 : Number.POSITIVE_INFINITY;
  // Room kept for the last lines: the count of the files left out and where they are.
  const reserve = 1_000;
  let budget = maxBytes - bytes(top) - bytes(bottom) - reserve;
  const parts: string[] = files.length > 0 ? ['', '### Postmortems', ''] : [];
  budget -= bytes(parts.join('\n')) + 1;
  let index = 0;
  for (; index < files.length; index++) {
    const result = files[index]!;
    const document = byPath.get(result.filePath);
    const full = Math.min(rowsPerFile, result.findings.length);
    const attempts: Detail[] = [
      { rows: full, extras: true, timeline: true },
      { rows: full, extras: true, timeline: false },
      { rows: Math.min(full, 10), extras: true, timeline: false },
      { rows: Math.min(full, 10), extras: false, timeline: false },
    ];
    let block: string | undefined;
    for (const detail of attempts) {
      const candidate = fileBlock(result, document, report, links, detail);
      if (bytes(candidate) + 1 <= budget) {
        block = candidate;
        break;
      }
    }
    if (block === undefined) break;
    parts.push(block);
    budget -= bytes(block) + 1;
  }
  if (index < files.length) {
    const rest = files.slice(index);
    parts.push(`**${plural(rest.length, 'more postmortem')}** ${rest.length === 1 ? 'is' : 'are'} not shown in full here: see ${whereTheRestIs(report.context)}.`, '');
    budget -= bytes(parts[parts.length - 2]!) + 2;
    let listed = 0;
    for (const result of rest) {
      const line = fileLine(result, byPath.get(result.filePath));
      if (bytes(line) + 1 > budget) break;
      parts.push(line);
      budget -= bytes(line) + 1;
      listed++;
    }
    if (listed < rest.length) {
      const left = rest.slice(listed);
      const counts = countBySeverity(left.flatMap((result) => result.findings));
      parts.push(`- … and ${plural(left.length, 'more postmortem')}${counted(counts.errors, counts.warnings) ? `: ${counted(counts.errors, counts.warnings)}` : ''}`);
    }
    parts.push('');
  }
  const body = `${top}${parts.join('\n')}${bottom}`;
  if (bytes(body) <= maxBytes) return body;
  // Only when the verdict, the recurrence and the footer alone do not fit (a tiny limit): cut at a line.
  const note = '\n\n… (cut to fit GitHub’s size limit)\n';
  let cut = body;
  while (bytes(cut) + bytes(note) > maxBytes && cut.length > 0) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  return cut.slice(0, cut.lastIndexOf('\n') + 1) + note;
}
