import type { FileResult } from '../model/finding.js';
import { terminalText } from './inert.js';

/**
 * Workflow-command annotations, one line per finding. Values are escaped as
 * the runner expects, so text from a document cannot end the command early
 * or forge another one. Pure: returns the text.
 */
export function formatGithub(results: readonly FileResult[]): string {
  let out = '';
  for (const result of results) {
    for (const finding of result.findings) {
      const properties = [
        `file=${escapeProperty(result.filePath)}`,
        `line=${finding.line}`,
        `endLine=${finding.endLine}`,
        `col=${finding.column}`,
        `endColumn=${finding.endColumn}`,
        `title=${escapeProperty(`postmortem ${finding.ruleId}`)}`,
      ];
      out += `::${finding.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(finding.message)}\n`;
    }
  }
  return out;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * A plain log line built from document text: a line that starts with `::`
 * would be read by the runner as a workflow command, so `::` never survives,
 * and no control character starts another line.
 */
export const safeLogLine = terminalText;
