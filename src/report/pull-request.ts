import { countBySeverity, type FileResult } from '../model/finding.js';
import type { DocumentReport } from '../review/documents.js';
import { codeSpan, markdownText, urlPath } from './inert.js';
import { formatTimelineDiagram } from './mermaid.js';
import { suppressedLine } from './stylish.js';

/** The review's data (src/review/), re-exported for the formatters' callers. */
export type { DocumentReport, PlannedIssue } from '../review/documents.js';

export interface LintReport {
  /** "Pull request #7 changes 2 postmortems". */
  scope: string;
  results: FileResult[];
  /** Findings beyond GitHub's 10 + 10 annotations. */
  hidden: { errors: number; warnings: number };
  documents: DocumentReport[];
  /** Links to file lines: https://github.com/o/r/blob/<sha>/ */
  blobBase: string | undefined;
  /** Rule docs by rule id. */
  ruleUrl: (ruleId: string) => string | undefined;
  /** Findings the lint baseline suppressed (left out of `results`). */
  suppressed?: number | undefined;
  /** The lint baseline's path, when the pull request changes it. */
  baselineChanged?: string | undefined;
}

interface Detail {
  rows: number;
  extras: boolean;
}

/** Human-facing text from documents: escaped for Markdown and HTML, mentions made inert. */
const text = markdownText;
const code = codeSpan;

function findingTable(result: FileResult, report: LintReport, rows: number): string[] {
  const lines = ['| Line | Severity | Problem | Rule |', '|---:|---|---|---|'];
  for (const finding of result.findings.slice(0, rows)) {
    const line = report.blobBase ? `[${finding.line}](${report.blobBase}${urlPath(result.filePath)}#L${finding.line})` : String(finding.line);
    const url = report.ruleUrl(finding.ruleId);
    const rule = url ? `[${code(finding.ruleId)}](${url})` : code(finding.ruleId);
    lines.push(`| ${line} | ${finding.severity === 'error' ? '❌ error' : '⚠️ warning'} | ${text(finding.message)} | ${rule} |`);
  }
  const more = result.findings.length - rows;
  if (more > 0) lines.push('', `… and ${more} more finding${more === 1 ? '' : 's'} in this file (the job summary lists them all).`);
  return lines;
}

function documentSection(document: DocumentReport, result: FileResult | undefined, report: LintReport, detail: Detail): string[] {
  const heading = document.id ? `${document.id}${document.title ? ` · ${document.title}` : ''}` : document.path;
  const lines = ['', `### ${text(heading)}`, '', code(document.path), ''];
  if (result && result.findings.length > 0) lines.push(...findingTable(result, report, detail.rows));
  else lines.push('✅ No problems.');
  if (!detail.extras) return lines;

  if (document.pattern) {
    lines.push('', `**Recurring pattern:** ${text(document.pattern.text)}: ${document.pattern.incidents.map(text).join(', ')}.`);
    if (document.pattern.openActionItems.length > 0) {
      lines.push('', `Action items of the earlier incidents that are still open:`, '');
      for (const item of document.pattern.openActionItems) {
        const label = `${text(item.incident)} ${item.id ? `${text(item.id)}` : ''}`.trim();
        lines.push(`- ${item.url ? `[${label}](${item.url})` : label}: ${text(item.description)}${item.owner ? ` (${text(item.owner)}${item.due ? `, due ${text(item.due)}` : ''})` : ''}`);
      }
    }
  }
  if (document.related.length > 0) {
    lines.push('', '**Related incidents:**', '', '| Incident | Date | Shared tags | Score |', '|---|---|---|---:|');
    for (const related of document.related) {
      lines.push(`| ${text(related.id)} · ${text(related.title)} | ${text(related.date)} | ${related.sharedTags.map(text).join(', ')} | ${related.score.toFixed(2)} |`);
    }
  }
  if (Array.isArray(document.plan)) {
    if (document.plan.length > 0) {
      lines.push('', `**On merge, ${document.plan.length} issue${document.plan.length === 1 ? '' : 's'} will be opened:**`, '', '| Issue | Owner | Due | Priority | Type |', '|---|---|---|---|---|');
      for (const issue of document.plan) lines.push(`| ${text(issue.title)} | ${text(issue.owner)} | ${text(issue.due)} | ${text(issue.priority)} | ${text(issue.type)} |`);
    }
  } else {
    lines.push('', `**No issues will be opened on merge:** ${text(document.plan.notYet)}`);
  }
  if (document.timeline.length > 0) lines.push('', '<details><summary>Timeline</summary>', '', formatTimelineDiagram(`${document.id ?? document.path} timeline`, document.timeline), '', '</details>');
  return lines;
}

function render(report: LintReport, detail: Detail): string {
  const { errors, warnings } = countBySeverity(report.results.flatMap((result) => result.findings));
  const verdict = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  const lines = [
    '## Postmortem review',
    '',
    `${verdict} ${report.scope}: ${report.results.length} postmortem${report.results.length === 1 ? '' : 's'} linted, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  ];
  if (report.suppressed) lines.push('', `${suppressedLine(report.suppressed)}.`);
  if (report.baselineChanged) lines.push('', `⚠️ This pull request changes the lint baseline ${text(report.baselineChanged)}: the findings it records are not reported. Review that change with the postmortems.`);
  const hidden = report.hidden.errors + report.hidden.warnings;
  if (hidden > 0) {
    lines.push('', `GitHub shows 10 errors and 10 warnings as annotations; ${report.hidden.errors} more error${report.hidden.errors === 1 ? '' : 's'} and ${report.hidden.warnings} more warning${report.hidden.warnings === 1 ? '' : 's'} are listed here only.`);
  }
  const byPath = new Map(report.results.map((result) => [result.filePath, result]));
  const described = new Set(report.documents.map((document) => document.path));
  for (const document of report.documents) lines.push(...documentSection(document, byPath.get(document.path), report, detail));
  for (const result of report.results) {
    if (described.has(result.filePath)) continue;
    lines.push('', `### ${text(result.filePath)}`, '', ...(result.findings.length > 0 ? findingTable(result, report, detail.rows) : ['✅ No problems.']));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The review of a pull request's postmortems, for the job summary and the
 * sticky comment: findings, related incidents, the recurring pattern, the
 * issues to open on merge, the timeline. Fits `maxBytes` whatever the input:
 * details are shed first (rows, then extras), the text cut last.
 */
export function formatLintReport(report: LintReport, maxBytes: number): string {
  const plans: Detail[] = [
    { rows: Number.POSITIVE_INFINITY, extras: true },
    { rows: 50, extras: true },
    { rows: 20, extras: false },
    { rows: 5, extras: false },
    { rows: 0, extras: false },
  ];
  for (const detail of plans) {
    const body = render(report, detail);
    if (Buffer.byteLength(body) <= maxBytes) return body;
  }
  const note = '\n\n… (cut to fit GitHub’s size limit)\n';
  let body = render(report, { rows: 0, extras: false });
  while (Buffer.byteLength(body) + Buffer.byteLength(note) > maxBytes) body = body.slice(0, Math.floor(body.length * 0.9));
  return body.slice(0, body.lastIndexOf('\n') + 1) + note;
}
