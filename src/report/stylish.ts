import { inspect } from 'node:util';
import { countBySeverity, type FileResult } from '../model/finding.js';
import { terminalText } from './inert.js';

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'underline';

// util.styleText decides on its own whether to colour; the caller's choice (TTY, NO_COLOR) must win.
function style(name: Style, text: string): string {
  const [open, close] = inspect.colors[name] ?? [0, 0];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** "3 findings suppressed by the baseline": the same words in every report that says it. */
export function suppressedLine(count: number): string {
  return `${count} finding${count === 1 ? '' : 's'} suppressed by the baseline`;
}

/**
 * ESLint's "stylish" layout: findings grouped by file, then a total, and
 * how many findings the baseline suppressed (`suppressed`, when any). Pure:
 * returns the text.
 */
export function formatStylish(results: readonly FileResult[], options: { color: boolean; suppressed?: number | undefined }): string {
  const paint = (name: Style, text: string) => (options.color ? style(name, text) : text);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const counts = countBySeverity(result.findings);
    errors += counts.errors;
    warnings += counts.warnings;
    const rows = result.findings.map((finding) => [
      `${finding.line}:${finding.column}`,
      finding.severity,
      // File names and messages come from documents: one line each, never a workflow command in a CI log.
      terminalText(finding.message),
      terminalText(finding.ruleId),
    ]);
    const width = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    lines.push(paint('underline', terminalText(result.filePath)));
    for (const [position, severity, message, ruleId] of rows) {
      const level = paint(severity === 'error' ? 'red' : 'yellow', severity!.padEnd(width[1]!));
      lines.push(`  ${paint('dim', position!.padStart(width[0]!))}  ${level}  ${message}  ${paint('dim', ruleId!)}`);
    }
    lines.push('');
  }
  const files = `${results.length} postmortem${results.length === 1 ? '' : 's'}`;
  const total = errors + warnings;
  if (total === 0) {
    lines.push(paint('green', `✔ ${files} checked: no problems`));
  } else {
    const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${files}`;
    lines.push(paint(errors > 0 ? 'red' : 'yellow', summary));
  }
  if (options.suppressed) lines.push(paint('dim', suppressedLine(options.suppressed)));
  return `${lines.join('\n')}\n`;
}
