import { countBySeverity, type FileResult } from '../model/finding.js';

/** ESLint's JSON formatter shape, so existing tooling can read it. Pure: returns the text. */
export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(
    results.map((result) => {
      const { errors, warnings } = countBySeverity(result.findings);
      return {
        filePath: result.filePath,
        messages: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          severity: finding.severity === 'error' ? 2 : 1,
          message: finding.message,
          messageId: finding.messageId,
          line: finding.line,
          column: finding.column,
          endLine: finding.endLine,
          endColumn: finding.endColumn,
        })),
        errorCount: errors,
        warningCount: warnings,
      };
    }),
  );
}
