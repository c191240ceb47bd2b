import { describePattern } from '../kb/patterns.js';
import { defineRule, docsUrl } from './rule.js';
import { findHeading, linesBetween } from './text.js';

export interface RecurrenceOptions {
  /** Headings of the section that names the earlier incidents of a pattern. */
  sections: string[];
}

export default defineRule<RecurrenceOptions>({
  meta: {
    id: 'recurrence',
    description: 'A postmortem that is part of a recurring pattern names the earlier incidents of the pattern.',
    url: docsUrl('recurrence'),
    defaultSeverity: 'warning',
    messages: {
      noSection: 'This is the {{pattern}}; add a "{{section}}" section naming the earlier incidents ({{earlier}}) and what they have in common',
      unnamed: '"{{section}}" does not name {{missing}}, earlier incidents of the {{pattern}}',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { sections: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } },
    },
  },
  defaultOptions: { sections: ['Pattern Recognition', 'Related Incidents', 'Recurrence'] },
  check(doc, report, { options, knowledge }) {
    const id = doc.meta.id;
    if (id === undefined) return;
    const pattern = knowledge.patternOf(id);
    if (!pattern) return;
    const earlier = pattern.incidents.filter((other) => other !== id);
    const heading = findHeading(doc, options.sections);
    const described = describePattern(pattern);
    if (!heading) {
      report({
        messageId: 'noSection',
        data: { pattern: described, section: options.sections[0]!, earlier: earlier.join(', ') },
        at: doc.title?.span ?? { line: 1, column: 1 },
      });
      return;
    }
    const text = linesBetween(doc, heading.span.line, heading.endLine).map((line) => line.text).join('\n');
    const missing = earlier.filter((other) => !text.includes(other));
    if (missing.length > 0) report({ messageId: 'unnamed', data: { section: heading.text, missing: missing.join(', '), pattern: described }, at: heading.span });
  },
});
