/** What a finding weighs: `error` fails the check, `warning` informs. */
export type Severity = 'error' | 'warning';

/**
 * One finding, as data. `message` is rendered from `messageId` and `data` by
 * the registry, so tools can match on ids while people read sentences.
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  data: Record<string, string | number>;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * A fix that is mechanical and certain (a date written as YYYY-MM-DD, a tag
   * normalised, a blameless rewording from the rule's table): line `line`
   * of the file, whole, as it should read. Whole lines, because that is what
   * a GitHub suggestion replaces; absent when the fix needs judgement.
   */
  suggestion?: { line: number; text: string } | undefined;
}

/** The findings of one file, sorted by position. */
export interface FileResult {
  /** Relative to the working directory, POSIX separators. */
  filePath: string;
  findings: Finding[];
}

export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const finding of findings) if (finding.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}
