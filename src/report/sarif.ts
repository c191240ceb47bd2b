import type { FileResult } from '../model/finding.js';

export interface SarifRule {
  id: string;
  description: string;
  url: string;
  defaultSeverity: 'error' | 'warning';
}

/**
 * SARIF 2.1.0, for github/codeql-action/upload-sarif: findings then show in
 * the repository's code scanning alerts. Paths are relative to the checkout
 * (%SRCROOT%). Pure: returns the text.
 */
export function formatSarif(results: readonly FileResult[], rules: readonly SarifRule[], version: string): string {
  const known = [{ id: 'parse', description: 'The file can be read as a UTF-8 Markdown postmortem.', url: 'https://github.com/postmortem-kb/postmortem-kb/blob/main/docs/format.md#files', defaultSeverity: 'error' as const }, ...rules];
  const index = new Map(known.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'postmortem-kb',
            informationUri: 'https://github.com/postmortem-kb/postmortem-kb',
            version,
            rules: known.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
              shortDescription: { text: rule.description },
              helpUri: rule.url,
              defaultConfiguration: { level: rule.defaultSeverity },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the checked-out repository.' } } },
        results: results.flatMap((result) =>
          result.findings.map((finding) => ({
            ruleId: finding.ruleId,
            ...(index.has(finding.ruleId) ? { ruleIndex: index.get(finding.ruleId) } : {}),
            level: finding.severity,
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(result.filePath), uriBaseId: '%SRCROOT%' },
                  region: { startLine: finding.line, startColumn: finding.column, endLine: Math.max(finding.endLine, finding.line), endColumn: finding.endColumn },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
