import { resolve } from 'node:path';
import { countBySeverity, type FileResult, type Finding } from '../model/finding.js';

export interface JsonOptions {
  /** The working directory the results' paths are relative to: `filePath` is absolute, resolved against it, as ESLint writes it. */
  cwd?: string | undefined;
  /**
   * The text of files with findings, by their path as the results name it: ESLint's `source`, and the offsets of a
   * `fix`. A function is asked for each file with findings as its turn comes, so that one file's text is held at a time.
   */
  sources?: ReadonlyMap<string, string> | ((path: string) => string | undefined) | undefined;
  /** The findings the lint baseline suppressed, by file path: `suppressedMessages`, as ESLint's bulk suppressions write them. */
  suppressed?: ReadonlyMap<string, readonly Finding[]> | undefined;
}

/**
 * ESLint's JSON formatter shape (its LintResult), so that ESLint's
 * formatters and the tools that read ESLint's JSON take it as it is: per
 * file `filePath` (absolute), `messages`, `suppressedMessages`, the counts
 * (`fatalErrorCount`: a file that could not be read, its one `parse` finding;
 * `fixable…Count`: findings with a certain fix), `source` when the file has
 * findings (as ESLint writes it when it applied no fix) and
 * `usedDeprecatedRules` (none). Pure: returns the text.
 */
export function formatJson(results: readonly FileResult[], options: JsonOptions = {}): string {
  return [...jsonChunks(results, options)].join('');
}

/**
 * formatJson's text in pieces, a file at a time (the same characters: JSON.stringify of the array), so that a
 * report of thousands of files is written as it is made instead of held whole, and each file's source is read
 * only for its own turn.
 */
export function* jsonChunks(results: Iterable<FileResult>, options: JsonOptions = {}): Generator<string> {
  const { sources } = options;
  const sourceOf = typeof sources === 'function' ? sources : (path: string) => sources?.get(path);
  let first = true;
  for (const result of results) {
    yield `${first ? '[' : ','}${JSON.stringify(fileResultOf(result, result.findings.length > 0 ? sourceOf(result.filePath) : undefined, options))}`;
    first = false;
  }
  yield first ? '[]' : ']';
}

function fileResultOf(result: FileResult, source: string | undefined, options: JsonOptions) {
  const { errors, warnings } = countBySeverity(result.findings);
  const suppressed = options.suppressed?.get(result.filePath) ?? [];
  // Only a fix needs the offsets of its line.
  const fixes = result.findings.some((finding) => finding.suggestion) || suppressed.some((finding) => finding.suggestion);
  const lineRanges = source === undefined || !fixes ? undefined : lineRangesOf(source);
  // A file that could not be read has one finding, `parse`, and no rule looked at it: ESLint's fatal parse error.
  // (A `parse` finding beside others is a construct read as plain text in a file that was checked.)
  const unread = result.findings.length === 1 && result.findings[0]!.ruleId === 'parse' && suppressed.length === 0;
  const messages = result.findings.map((finding) => messageOf(finding, lineRanges, unread));
  const fixable = (severity: 1 | 2) => messages.filter((message) => message.severity === severity && message.fix !== undefined).length;
  return {
    filePath: options.cwd === undefined ? result.filePath : resolve(options.cwd, result.filePath),
    messages,
    // The baseline is ESLint's bulk suppressions: its suppressions file is kind "file".
    suppressedMessages: suppressed.map((finding) => ({ ...messageOf(finding, lineRanges, false), suppressions: [{ kind: 'file', justification: '' }] })),
    errorCount: errors,
    fatalErrorCount: messages.filter((message) => message.fatal).length,
    warningCount: warnings,
    fixableErrorCount: fixable(2),
    fixableWarningCount: fixable(1),
    ...(source !== undefined && messages.length > 0 ? { source } : {}),
    usedDeprecatedRules: [],
  };
}

/** One finding as ESLint's LintMessage; `fatal` for the one finding of a file that could not be read, as ESLint's parse errors. */
function messageOf(finding: Finding, lineRanges: readonly (readonly [number, number])[] | undefined, fatal: boolean) {
  const range = finding.suggestion && lineRanges?.[finding.suggestion.line - 1];
  return {
    ruleId: finding.ruleId,
    severity: finding.severity === 'error' ? (2 as const) : (1 as const),
    ...(fatal ? { fatal: true } : {}),
    message: finding.message,
    messageId: finding.messageId,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    // ESLint writes the reported node's type; a finding points at text, not at an AST node of ESLint's.
    nodeType: null,
    // A certain fix: the whole line, in character offsets of the source, its line break kept.
    ...(range && finding.suggestion ? { fix: { range: [range[0], range[1]] as [number, number], text: finding.suggestion.text } } : {}),
  };
}

/** Each line's start and end (before its line break) as offsets of the text: CR, LF and CRLF end a line, as findings count lines. */
function lineRangesOf(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const breaks = /\r\n?|\n/g;
  let start = 0;
  for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
    ranges.push([start, match.index]);
    start = match.index + match[0].length;
  }
  ranges.push([start, text.length]);
  return ranges;
}
