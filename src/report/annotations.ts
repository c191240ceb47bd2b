import type { FileResult, Finding } from '../model/finding.js';

/** GitHub shows at most this many error and this many warning annotations per step. */
export const ANNOTATION_LIMIT = 10;

/**
 * The findings worth an annotation, most important first: errors before
 * warnings, then by the rule's place in the registry (parse and frontmatter
 * problems first), then by file and line. The rest are counted, for the
 * summary to say how many more there are.
 */
export function selectAnnotations(results: readonly FileResult[], ruleOrder: readonly string[]): { shown: FileResult[]; hidden: { errors: number; warnings: number } } {
  const rank = new Map(['parse', ...ruleOrder].map((id, index) => [id, index]));
  const all = results.flatMap((result) => result.findings.map((finding) => ({ filePath: result.filePath, finding })));
  const order = (a: (typeof all)[number], b: (typeof all)[number]) =>
    (rank.get(a.finding.ruleId) ?? rank.size) - (rank.get(b.finding.ruleId) ?? rank.size) || a.filePath.localeCompare(b.filePath) || a.finding.line - b.finding.line;
  const pick = (severity: Finding['severity']) => all.filter((entry) => entry.finding.severity === severity).sort(order);
  const errors = pick('error');
  const warnings = pick('warning');
  const shown = [...errors.slice(0, ANNOTATION_LIMIT), ...warnings.slice(0, ANNOTATION_LIMIT)];
  const byFile = new Map<string, Finding[]>();
  for (const { filePath, finding } of shown) byFile.set(filePath, [...(byFile.get(filePath) ?? []), finding]);
  return {
    shown: [...byFile].map(([filePath, findings]) => ({ filePath, findings })),
    hidden: { errors: Math.max(0, errors.length - ANNOTATION_LIMIT), warnings: Math.max(0, warnings.length - ANNOTATION_LIMIT) },
  };
}
