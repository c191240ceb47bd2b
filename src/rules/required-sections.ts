import type { FormatSettings } from '../config/format.js';
import type { ActionItem, Postmortem, Section, SectionKey } from '../model/postmortem.js';
import type { RuleOptions } from '../config/rule-defaults.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { linesBetween, saysNothing, withoutHtmlComments } from './text.js';

/**
 * How an author says an incident truly yields no action: a sentence that starts "No action items:" and goes on
 * with a reason. Emphasis is removed before matching; `[ \t]*` (not `\s*`) keeps each attempt on its line.
 */
const NO_ACTIONS_BECAUSE = /(?:^|[.!?])[ \t]*(?:[-+>][ \t]*)?no action items?[ \t]*:[ \t]*[\p{L}\p{N}]/imu;

/** The severity the document declares, when the configuration knows it (the frontmatter rule reports the rest). */
function knownSeverity(doc: Postmortem, format: FormatSettings): string | undefined {
  return doc.meta.severity !== undefined && format.severities.includes(doc.meta.severity) ? doc.meta.severity : undefined;
}

/** The sections the document's severity requires: its own list, else `default`. */
function requiredFor(severity: string | undefined, options: RuleOptions<'required-sections'>): SectionKey[] {
  return (severity === undefined ? undefined : options.bySeverity[severity]) ?? options.bySeverity.default ?? [];
}

/** An item that names an action: "None" or "N/A" in a row or bullet is no action. */
function namesAnAction(item: ActionItem): boolean {
  const description = item.fields.description?.text.replace(/^\[[ xX]\]\s*/, '');
  return description === undefined || !saysNothing(description);
}

/** Words too common in headings to suggest one heading is another section's. */
const COMMON = new Set(['what', 'went', 'where', 'have', 'been', 'that', 'with', 'from', 'this', 'items', 'things', 'incident', 'postmortem', 'about', 'could']);

/** The significant words of a heading, cut to their first five letters so "Learning" meets "Learnings". */
function stems(text: string): string[] {
  return text
    .slice(0, 200)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 4 && !COMMON.has(word))
    .map((word) => word.slice(0, 5));
}

/** Whether an unnamed heading shares a significant word with one of the section's names: "Learning Review" for Lessons Learned. */
function sharesAWord(title: string, names: readonly string[]): boolean {
  const own = new Set(stems(title));
  return names.some((name) => stems(name).some((stem) => own.has(stem)));
}

const headingText = (section: Section) => `${'#'.repeat(section.depth)} ${section.title}`;

function listOf(sections: Section[]): string {
  const shown = sections.slice(0, 6).map((section) => `"${headingText(section)}"`);
  return sections.length > 6 ? `${shown.join(', ')} and ${sections.length - 6} more` : shown.join(', ');
}

export default ruleWithDefaults('required-sections', {
  meta: {
    description: 'The sections the method requires for the incident’s severity are present, and Action Items names at least one action.',
    url: docsUrl('required-sections'),
    messages: {
      missing: 'Missing section "{{title}}" (required for {{severity}})',
      missingDidYouMean:
        'Missing section "{{title}}" (required for {{severity}}): did you mean "{{candidate}}"? If so, add "{{candidateTitle}}" under `sections.{{key}}` in the config',
      missingFound:
        'Missing section "{{title}}" (required for {{severity}}). Headings that name no section of the method: {{found}}; if one of them is this section, add its title under `sections.{{key}}` in the config',
      noActionItems:
        '"{{title}}" names no action: every incident yields at least one (required for {{severity}}); if this one truly yields none, write a sentence starting "No action items:" that says why',
    },
  },
  check(doc, report, { options, format }) {
    // Without a valid severity (the frontmatter rule reports that) only the `default` list applies.
    const severity = knownSeverity(doc, format);
    const required = requiredFor(severity, options);
    const present = new Set(doc.sections.flatMap((section) => [section.key, ...(section.also ?? [])]));
    const at = doc.title?.span ?? { line: Math.min(doc.frontmatter.endLine + 1, doc.lineCount), column: 1 };
    const unnamed = doc.sections.filter((section) => section.key === undefined);
    for (const key of required) {
      if (present.has(key)) continue;
      const data = { title: format.sections[key][0] ?? key, severity: severity ?? 'every postmortem', key };
      const candidate = unnamed.find((section) => sharesAWord(section.title, format.sections[key]));
      if (candidate) report({ messageId: 'missingDidYouMean', data: { ...data, candidate: headingText(candidate), candidateTitle: candidate.title }, at });
      else if (unnamed.length > 0) report({ messageId: 'missingFound', data: { ...data, found: listOf(unnamed) }, at });
      else report({ messageId: 'missing', data, at });
    }

    const actions = doc.sections.find((section) => section.key === 'action-items');
    if (!actions || !required.includes('action-items')) return;
    if (doc.actionItems?.items.some(namesAnAction)) return;
    const text = withoutHtmlComments(linesBetween(doc, actions.heading.endLine + 1, actions.endLine).map((line) => line.text).join('\n'));
    if (NO_ACTIONS_BECAUSE.test(text.replace(/[*_]/g, ''))) return;
    // Prose without a table or list may well describe actions; only a table or list without items, or filler, is empty.
    if (doc.actionItems === undefined && !saysNothing(text)) return;
    report({ messageId: 'noActionItems', data: { title: actions.title, severity: severity ?? 'every postmortem' }, at: actions.heading });
  },
});
