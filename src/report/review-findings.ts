import type { Finding, Severity } from '../model/finding.js';
import type { DocumentReport } from '../review/documents.js';

/**
 * One problem as the review shows it: a finding, or several findings that
 * point at the same text (placeholder and action-item-owner on one "TBD"),
 * or every missing section of the method in one row. Plain data; the wording
 * of a merged row is the most specific finding's.
 */
export interface ProblemRow {
  line: number;
  severity: Severity;
  message: string;
  /** The rules that found it, in the order they did. */
  rules: string[];
  /** Every finding of the row, first the one whose message is shown. */
  findings: Finding[];
}

/** The rows of one part of the document: its frontmatter, what precedes the first section, or a section. */
export interface ProblemGroup {
  /** Undefined when the document's outline is unknown (it could not be parsed): one group, no title. */
  title: string | undefined;
  rows: ProblemRow[];
}

const MISSING = new Set(['missing', 'missingDidYouMean', 'missingFound']);
const isMissingSection = (finding: Finding) => finding.ruleId === 'required-sections' && MISSING.has(finding.messageId);

/** Whether one finding's span lies within the other's, on one line: the same words, seen by two rules. */
function sameText(a: Finding, b: Finding): boolean {
  if (a.line !== b.line || a.endLine !== a.line || b.endLine !== b.line) return false;
  const within = (inner: Finding, outer: Finding) => outer.column <= inner.column && inner.endColumn <= outer.endColumn;
  return within(a, b) || within(b, a);
}

const width = (finding: Finding) => (finding.endLine - finding.line) * 10_000 + finding.endColumn - finding.column;

/** "Missing sections (required for SEV2): Contributing Factors, What Went Well, Metrics", with each hint the findings carry. */
function missingSectionsMessage(findings: readonly Finding[]): string {
  if (findings.length === 1) return findings[0]!.message;
  const severity = String(findings[0]!.data.severity ?? '');
  const names = findings.map((finding) =>
    finding.messageId === 'missingDidYouMean'
      ? `${finding.data.title} (did you mean "${finding.data.candidate}"? If so, add "${finding.data.candidateTitle}" under \`sections.${finding.data.key}\` in the config)`
      : String(finding.data.title),
  );
  const found = findings.find((finding) => finding.messageId === 'missingFound');
  const hint = found
    ? `. Headings that name no section of the method: ${found.data.found}; if one of them is one of these sections, add its title under \`sections.<key>\` in the config`
    : '';
  return `Missing sections${severity ? ` (required for ${severity})` : ''}: ${names.join(', ')}${hint}`;
}

function rowOf(findings: Finding[]): ProblemRow {
  // The widest span says most (the owner cell names its item; the placeholder only the word); an error before a warning.
  const ordered = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || width(b) - width(a));
  const lead = ordered[0]!;
  const rules = [...new Set(findings.map((finding) => finding.ruleId))];
  return { line: findings[0]!.line, severity: ordered.some((finding) => finding.severity === 'error') ? 'error' : 'warning', message: lead.message, rules, findings: ordered };
}

/**
 * One row per problem, in document order: findings on the same text by
 * different rules merged (never on a heading line: a heading stands for its
 * whole section or document, and rules anchor unrelated findings there), the
 * missing sections of required-sections in one row.
 */
export function problemRows(findings: readonly Finding[], headingLines: ReadonlySet<number> = new Set()): ProblemRow[] {
  const sorted = [...findings].sort((a, b) => a.line - b.line || a.column - b.column);
  const missing = sorted.filter(isMissingSection);
  const clusters: Finding[][] = [];
  let missingCluster: Finding[] | undefined;
  for (const finding of sorted) {
    if (isMissingSection(finding)) {
      if (!missingCluster) clusters.push((missingCluster = missing));
      continue;
    }
    const into = headingLines.has(finding.line)
      ? undefined
      : clusters.find((cluster) => cluster !== missingCluster && cluster.every((other) => other.ruleId !== finding.ruleId) && cluster.some((other) => sameText(other, finding)));
    if (into) into.push(finding);
    else clusters.push([finding]);
  }
  return clusters.map((cluster) => (cluster === missingCluster ? { ...rowOf(cluster), message: missingSectionsMessage(cluster), rules: ['required-sections'] } : rowOf(cluster)));
}

/** The rows grouped by the part of the document their line falls in, in document order. */
export function groupProblems(findings: readonly Finding[], document: DocumentReport | undefined): ProblemGroup[] {
  const outline = document?.outline;
  if (!document || !outline) return findings.length > 0 ? [{ title: undefined, rows: problemRows(findings) }] : [];
  const frontmatterEnd = document.frontmatterEndLine ?? 0;
  const headingLines = new Set([...outline.map((section) => section.line), ...(document.titleLine === undefined ? [] : [document.titleLine])]);
  const groups: ProblemGroup[] = [];
  const titleOf = (line: number): string => {
    if (line <= frontmatterEnd) return 'Frontmatter';
    let title = 'Whole document';
    for (const section of outline) if (section.line <= line) title = section.title;
    return title;
  };
  for (const row of problemRows(findings, headingLines)) {
    const title = titleOf(row.line);
    const last = groups[groups.length - 1];
    if (last && last.title === title) last.rows.push(row);
    else groups.push({ title, rows: [row] });
  }
  return groups;
}
