import { defineRule, docsUrl } from './rule.js';
import { findHeading, linesBetween } from './text.js';

export interface RootCauseConfidenceOptions {
  /** Below this confidence (0-100) the missing evidence must be listed. */
  threshold: number;
  /** Headings that name the section listing missing evidence. */
  dataGapsSections: string[];
}

const STATED_CONFIDENCE = /\bconfidence\b[^0-9\n]{0,20}\d{1,3}\s*%?/i;
const NAMES_A_ROOT_CAUSE = /\broot cause\b/i;

export default defineRule<RootCauseConfidenceOptions>({
  meta: {
    id: 'root-cause-confidence',
    description: 'Low confidence lists its data gaps; several root causes each state a confidence, with categorised contributing factors.',
    url: docsUrl('root-cause-confidence'),
    defaultSeverity: 'error',
    messages: {
      noDataGaps: 'Confidence in the root cause is {{confidence}} (below {{threshold}}): add a "{{section}}" section listing the evidence that is missing',
      emptyDataGaps: '"{{section}}" lists no missing evidence',
      causeWithoutConfidence: 'Root cause "{{cause}}" does not state its confidence: add a line such as "Confidence: 60%"',
      causesWithoutFactors: 'Root Cause Analysis names {{count}} root causes: categorise the contributing factors in a Contributing Factors section',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        threshold: { type: 'integer', minimum: 0, maximum: 100 },
        dataGapsSections: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      },
    },
  },
  defaultOptions: { threshold: 70, dataGapsSections: ['Data Gaps', 'Evidence Gaps', 'Missing Evidence'] },
  check(doc, report, { options }) {
    const { confidence } = doc.meta;
    if (confidence !== undefined && confidence < options.threshold) {
      const gaps = findHeading(doc, options.dataGapsSections);
      const section = options.dataGapsSections[0]!;
      if (!gaps) report({ messageId: 'noDataGaps', data: { confidence, threshold: options.threshold, section }, at: doc.frontmatter.locate(['confidence']) ?? { line: 1, column: 1 } });
      else if (!linesBetween(doc, gaps.span.endLine + 1, gaps.endLine).some(({ text }) => /[\p{L}\p{N}]/u.test(text))) {
        report({ messageId: 'emptyDataGaps', data: { section: gaps.text }, at: gaps.span });
      }
    }

    const rca = doc.sections.find((section) => section.key === 'root-cause-analysis');
    if (!rca) return;
    const causes = doc.headings.filter(
      (heading) => heading.depth > rca.depth && heading.span.line > rca.heading.line && heading.span.line <= rca.endLine && NAMES_A_ROOT_CAUSE.test(heading.text),
    );
    if (causes.length < 2) return;
    for (const cause of causes) {
      const stated = linesBetween(doc, cause.span.line, cause.endLine).some(({ text }) => STATED_CONFIDENCE.test(text));
      if (!stated) report({ messageId: 'causeWithoutConfidence', data: { cause: cause.text }, at: cause.span });
    }
    const categorised = doc.contributingFactors.some((factor) => factor.category !== undefined);
    if (!categorised) report({ messageId: 'causesWithoutFactors', data: { count: causes.length }, at: rca.heading });
  },
});
