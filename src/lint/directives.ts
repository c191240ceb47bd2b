/**
 * Inline control, as HTML comments that GitHub does not render:
 *   <!-- postmortem-lint-disable rule-a rule-b -->   off from this line on
 *   <!-- postmortem-lint-enable rule-a -->           on again (no ids: all)
 *   <!-- postmortem-lint-disable-next-line rule-a --> off for the next line
 * Without rule ids a directive applies to every rule.
 */

// Rule ids hold no '<': stopping there keeps a line of many unclosed directives from being rescanned from each (N²).
// `(?!\w)` is `\b` after a word's last letter, in a form the ReDoS checker proves in 0.2 s rather than 4.
const DIRECTIVE = /<!--\s*postmortem-lint-(disable-next-line|disable|enable)(?!\w)([^<>]*?)-->/g;
const ALL = '*';

interface Range {
  rule: string;
  from: number;
  to: number;
}

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
}

export function readDirectives(source: string): Suppressions {
  const ranges: Range[] = [];
  const open = new Map<string, number>();
  source.split('\n').forEach((text, index) => {
    if (!text.includes('postmortem-lint-')) return;
    const line = index + 1;
    for (const match of text.matchAll(DIRECTIVE)) {
      const rules = match[2]!.split(/[\s,]+/).filter(Boolean);
      const targets = rules.length > 0 ? rules : [ALL];
      if (match[1] === 'disable-next-line') {
        for (const rule of targets) ranges.push({ rule, from: line + 1, to: line + 1 });
      } else if (match[1] === 'disable') {
        for (const rule of targets) if (!open.has(rule)) open.set(rule, line);
      } else {
        const closing = rules.length > 0 ? rules : [...open.keys()];
        for (const rule of closing) {
          const from = open.get(rule);
          if (from === undefined) continue;
          ranges.push({ rule, from, to: line });
          open.delete(rule);
        }
      }
    }
  });
  for (const [rule, from] of open) ranges.push({ rule, from, to: Number.POSITIVE_INFINITY });
  return {
    isSuppressed: (ruleId, line) => ranges.some((range) => (range.rule === ruleId || range.rule === ALL) && range.from <= line && line <= range.to),
  };
}
