import { fingerprintOf, linesOf } from '../lint/baseline.js';
import type { FileResult, Finding } from '../model/finding.js';
import { ruleHelp, type RuleHelp } from './rule-help.js';
import { RULES } from '../rules/index.js';

export interface SarifRule {
  id: string;
  description: string;
  url: string;
  defaultSeverity: 'error' | 'warning';
  /** The rule's page (docs/rules/<id>.md): SARIF's fullDescription and help. */
  help?: RuleHelp | undefined;
}

/**
 * The key of a result's own fingerprint in `partialFingerprints`: the lint
 * baseline's fingerprint (message id, the words of its data, the text of the
 * lines it points at, never the line number) and `:n`, the how-manieth
 * result of that fingerprint in its file, as code scanning counts repeats in
 * its own `primaryLocationLineHash` (which upload-sarif adds beside it).
 * Not the path: code scanning joins a fingerprint to the file and the rule.
 */
export const FINGERPRINT_KEY = 'postmortemKb/v1';

const PARSE_URL = 'https://github.com/postmortem-kb/postmortem-kb/blob/main/docs/format.md#files';
const PARSE_RULE: SarifRule = {
  id: 'parse',
  description: 'The file can be read as a UTF-8 Markdown postmortem.',
  url: PARSE_URL,
  defaultSeverity: 'error',
  help: {
    summary:
      'The file can be read as a postmortem: UTF-8 text within the size limit (maxFileSize), neither a symbolic link out of the workspace nor a directory, read and checked within maxReadSeconds, and without the constructs that make Markdown parsers slow down faster than the text grows.',
    text: `A file that cannot be read gets one finding, at its first line, and no rule looks at it. A construct that would make the parser slow (lists nested more than 16 levels deep, too many unclosed <!-- or [ or * in one paragraph) gets one at its first line and is read as plain text; the rest of the file is checked as usual. See ${PARSE_URL}`,
    markdown: `A file that cannot be read gets one finding, at its first line, and no rule looks at it. A construct that would make the parser slow (lists nested more than 16 levels deep, too many unclosed \`<!--\` or \`[\` or \`*\` in one paragraph) gets one at its first line and is read as plain text; the rest of the file is checked as usual. See [Files](${PARSE_URL}).`,
  },
};

/** Every rule as SARIF describes it, its documentation included: the CLI's `--format sarif` and the action's `sarif-file`. */
export function sarifRules(): SarifRule[] {
  return RULES.map((rule) => ({ id: rule.meta.id, description: rule.meta.description, url: rule.meta.url, defaultSeverity: rule.meta.defaultSeverity, help: ruleHelp(rule.meta.id, rule.meta.url) }));
}

/**
 * SARIF 2.1.0, for github/codeql-action/upload-sarif: findings then show in
 * the repository's code scanning alerts. Paths are relative to the checkout
 * (%SRCROOT%). `sources` holds the text of files with findings (by their
 * path as the results name it): the lines a fingerprint reads, and the line a
 * fix replaces; a file without one gets fingerprints from the message alone.
 * Pure: returns the text.
 */
export function formatSarif(
  results: readonly FileResult[],
  rules: readonly SarifRule[],
  version: string,
  sources: ReadonlyMap<string, string> | ((path: string) => string | undefined) = new Map(),
): string {
  const sourceOf = typeof sources === 'function' ? sources : (path: string) => sources.get(path);
  const known = [PARSE_RULE, ...rules.filter((rule) => rule.id !== PARSE_RULE.id)];
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
              ...(rule.help ? { fullDescription: { text: rule.help.summary }, help: { text: rule.help.text, markdown: rule.help.markdown } } : {}),
              helpUri: rule.url,
              defaultConfiguration: { level: rule.defaultSeverity },
            })),
          },
        },
        // Columns count UTF-16 code units, as the parser's positions (JavaScript strings) do.
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the checked-out repository.' } } },
        results: results.flatMap((result) => {
          const source = result.findings.length > 0 ? sourceOf(result.filePath) : undefined;
          const lines = source === undefined ? undefined : linesOf(source);
          const artifactLocation = { uri: encodeURI(result.filePath), uriBaseId: '%SRCROOT%' };
          const seen = new Map<string, number>();
          return result.findings.map((finding) => {
            const fingerprint = fingerprintOf(finding, lines);
            const occurrence = (seen.get(fingerprint) ?? 0) + 1;
            seen.set(fingerprint, occurrence);
            return {
              ruleId: finding.ruleId,
              ...(index.has(finding.ruleId) ? { ruleIndex: index.get(finding.ruleId) } : {}),
              level: finding.severity,
              message: { text: finding.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation,
                    region: { startLine: finding.line, startColumn: finding.column, endLine: Math.max(finding.endLine, finding.line), endColumn: finding.endColumn },
                  },
                },
              ],
              partialFingerprints: { [FINGERPRINT_KEY]: `${fingerprint}:${occurrence}` },
              ...fixOf(finding, artifactLocation, lines),
            };
          });
        }),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/**
 * A certain whole-line fix (`suggestion`) as SARIF's fix: the line's text,
 * from its first column to its end (its line break kept), replaced. Only
 * where the file was read and has that line.
 */
function fixOf(finding: Finding, artifactLocation: { uri: string; uriBaseId: string }, lines: readonly string[] | undefined) {
  const suggestion = finding.suggestion;
  if (!suggestion || lines === undefined || suggestion.line < 1 || suggestion.line > lines.length) return {};
  return {
    fixes: [
      {
        description: { text: `Rewrite line ${suggestion.line} as suggested.` },
        artifactChanges: [{ artifactLocation, replacements: [{ deletedRegion: { startLine: suggestion.line, startColumn: 1, endLine: suggestion.line, endColumn: lines[suggestion.line - 1]!.length + 1 }, insertedContent: { text: suggestion.text } }] }],
      },
    ],
  };
}
