import { defineRule, docsUrl } from './rule.js';

export interface FiveWhysOptions {
  /** The fewest steps a chain may have. */
  minSteps: number;
  /** Severities whose postmortems must have a chain; empty means every severity. */
  severities: string[];
}

export default defineRule<FiveWhysOptions>({
  meta: {
    id: 'five-whys',
    description: 'Root Cause Analysis holds a 5-Whys chain: numbered "Why …?" questions, each with an answer.',
    url: docsUrl('five-whys'),
    defaultSeverity: 'error',
    messages: {
      missing: 'Root Cause Analysis has no 5-Whys chain: add a numbered list of at least {{min}} steps such as "1. **Why did X fail?** → Because Y"',
      short: 'The 5-Whys chain has {{count}} step{{plural}}; keep asking why until at least {{min}}',
      notQuestion: 'Step {{step}} of the 5-Whys chain does not ask why: write it as "Why …?" followed by its answer',
      noAnswer: 'Step {{step}} of the 5-Whys chain has no answer: add "→ Because …" after the question',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minSteps: { type: 'integer', minimum: 1 }, severities: { type: 'array', items: { type: 'string' } } },
    },
  },
  defaultOptions: { minSteps: 5, severities: [] },
  check(doc, report, { options }) {
    const severity = doc.meta.severity;
    const required = severity !== undefined && (options.severities.length === 0 || options.severities.includes(severity));
    const rca = doc.sections.find((section) => section.key === 'root-cause-analysis');
    const min = options.minSteps;
    if (doc.whys.length === 0) {
      // Without the section, required-sections says what is missing.
      if (required && rca) report({ messageId: 'missing', data: { min }, at: rca.heading });
      return;
    }
    if (doc.whys.length < min) {
      report({ messageId: 'short', data: { count: doc.whys.length, plural: doc.whys.length === 1 ? '' : 's', min }, at: doc.whys[0]!.span });
    }
    doc.whys.forEach((why, index) => {
      const step = index + 1;
      if (!/\bwhy\b/i.test(why.question) || !why.question.endsWith('?')) report({ messageId: 'notQuestion', data: { step }, at: why.span });
      else if (!/[\p{L}\p{N}]/u.test(why.answer)) report({ messageId: 'noAnswer', data: { step }, at: why.span });
    });
  },
});
