import { countBySeverity, type FileResult } from '../model/finding.js';
import { codeSpan, markdownText, urlPath } from './inert.js';
import { suppressedLine } from './stylish.js';

/** Text from documents goes into Markdown and HTML: nothing in it may become markup. */
export const escapeMarkdown = markdownText;

export interface SummaryContext {
  /** Where file links point: https://github.com/owner/repo/blob/<sha>/ */
  blobBase: string | undefined;
  /** A line on what was linted and why ("3 postmortems changed by this pull request"). */
  scope: string;
  /** Findings the lint baseline suppressed (left out of `results`). */
  suppressed?: number | undefined;
}

/** The job summary of a lint run, as Markdown. Pure: returns the text. */
export function formatSummary(results: readonly FileResult[], context: SummaryContext): string {
  const { errors, warnings } = countBySeverity(results.flatMap((result) => result.findings));
  const lines = ['## Postmortem lint', '', `${context.scope}: ${results.length} postmortem${results.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.${context.suppressed ? ` ${suppressedLine(context.suppressed)}.` : ''}`, ''];
  for (const result of results) {
    const file = escapeMarkdown(result.filePath);
    if (result.findings.length === 0) {
      lines.push(`- ✅ ${codeSpan(result.filePath)}: no problems`);
      continue;
    }
    lines.push('', `### ${file}`, '', '| Line | Severity | Problem | Rule |', '|---:|---|---|---|');
    for (const finding of result.findings) {
      const where = context.blobBase ? `[${finding.line}](${context.blobBase}${urlPath(result.filePath)}?plain=1#L${finding.line})` : String(finding.line);
      lines.push(`| ${where} | ${finding.severity} | ${escapeMarkdown(finding.message)} | \`${finding.ruleId}\` |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
