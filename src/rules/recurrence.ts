import { describePattern } from '../kb/patterns.js';
import type { Postmortem } from '../model/postmortem.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { findHeading, idMentions, sourceLines } from './text.js';

const ORGANIZATIONAL = /\borgani[sz]ation(?:al)?\b/i;
const CAUSE = /\bcauses?\b/i;
/** A label that opens a line, a list item or a paragraph: "**Organizational root cause**: …". */
const ORGANIZATIONAL_LABEL = /^\s*(?:[-*+]\s+|\d+[.)]\s+)?[*_]{0,2}organi[sz]ational (?:root )?causes?[*_]{0,2}\s*:/i;

/** Incident ids the postmortem names: in `related:`, or anywhere in its prose. */
function namedIds(doc: Postmortem, idPattern: string): Set<string> {
  const named = new Set(doc.meta.related ?? []);
  for (const { id } of idMentions(doc, idPattern)) named.add(id);
  return named;
}

/**
 * Whether the postmortem states an organisational root cause: a heading such
 * as "Root Cause (Organizational)", a row of a Root Cause Analysis table
 * whose cell says "Organizational", or a paragraph opening with the label.
 */
function hasOrganizationalCause(doc: Postmortem): boolean {
  if (doc.headings.some((heading) => ORGANIZATIONAL.test(heading.text) && CAUSE.test(heading.text))) return true;
  const rca = doc.sections.find((section) => section.key === 'root-cause-analysis');
  const inRca = (line: number) => rca !== undefined && line > rca.heading.line && line <= rca.endLine;
  const isOrganizational = (text: string) => /^organi[sz]ational$/i.test(text.replace(/[*_`]/g, '').trim());
  if (doc.tables.some(({ table }) => inRca(table.span.line) && table.rows.some((row) => row.cells.some((cell) => isOrganizational(cell.text))))) return true;
  return sourceLines(doc).some((line, index) => index >= doc.frontmatter.endLine && ORGANIZATIONAL_LABEL.test(line));
}

export default ruleWithDefaults('recurrence', {
  meta: {
    description: 'A postmortem that is part of a recurring pattern names the earlier incidents of the pattern and states an organisational root cause.',
    url: docsUrl('recurrence'),
    messages: {
      noSection: 'This is the {{pattern}}; name the earlier incidents ({{earlier}}) and what they have in common, in a "{{section}}" section or in `related:`',
      unnamed: 'This postmortem does not name {{missing}}, earlier incidents of the {{pattern}}: add them to {{where}}',
      noOrganizationalCause:
        'This is the {{pattern}}: the earlier fixes did not hold, so add a "Root Cause (Organizational)" section saying what let it recur (a review, a test, a process that was missing)',
    },
  },
  check(doc, report, { options, knowledge, format }) {
    const id = doc.meta.id;
    if (id === undefined) return;
    const pattern = knowledge.patternOf(id);
    if (!pattern) return;
    const earlier = pattern.incidents.filter((other) => other !== id);
    const named = namedIds(doc, format.idPattern);
    const missing = earlier.filter((other) => !named.has(other));
    const heading = findHeading(doc, options.sections);
    const described = describePattern(pattern);
    const title = doc.title?.span ?? { line: 1, column: 1 };
    if (missing.length === earlier.length) {
      report({ messageId: 'noSection', data: { pattern: described, section: options.sections[0]!, earlier: earlier.join(', ') }, at: heading?.span ?? title });
    } else if (missing.length > 0) {
      const where = heading ? `"${heading.text}"` : `a "${options.sections[0]!}" section or \`related:\``;
      report({ messageId: 'unnamed', data: { missing: missing.join(', '), pattern: described, where }, at: heading?.span ?? title });
    }
    if (options.organizationalRootCause && !hasOrganizationalCause(doc)) {
      const rca = doc.sections.find((section) => section.key === 'root-cause-analysis');
      report({ messageId: 'noOrganizationalCause', data: { pattern: described }, at: rca?.heading ?? title });
    }
  },
});
