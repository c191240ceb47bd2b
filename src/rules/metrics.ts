import { formatMinutes, parseDuration } from '../model/durations.js';
import type { SourceSpan } from '../model/postmortem.js';
import { milestoneInstants } from '../model/milestones.js';
import { MILESTONE_NAMES, type Milestone } from '../model/timeline.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { sourceLines } from './text.js';

type Measure = Exclude<Milestone, 'start'>;

/** How Metrics rows name each measure; all are measured from impact start (FireHydrant's definitions). */
const MEASURE_NAMES: [Measure, RegExp][] = [
  ['detect', /\b(?:time to detect(?:ion)?|mttd|ttd|detection time)\b/i],
  ['acknowledge', /\b(?:time to acknowledge?(?:ment)?|mtta|tta|acknowledge?ment time)\b/i],
  ['mitigate', /\b(?:time to mitigat(?:e|ion)|mttm|ttm|mitigation time)\b/i],
  ['resolve', /\b(?:time to (?:resolve|resolution|recovery|recover|restore)|mttr|ttr|resolution time|duration)\b/i],
];

// The value starts at its first non-space, or is the one last space of a blank value, as `\s*(.+)$` read it; that
// split a run of spaces every way before failing at a line break (N²).
export const DURATION_LINE = /^\s*(?:[-*+]\s+)?\*{0,2}Duration\*{0,2}\s*:\*{0,2}\s*(\S.*|[^\S\n\r\u2028\u2029])$/i;

export default ruleWithDefaults('metrics', {
  meta: {
    description: 'Stated time to detect, acknowledge, mitigate and resolve agree with the timestamps and the timeline.',
    url: docsUrl('metrics'),
    messages: {
      disagrees: '{{name}} says {{stated}}, but {{measure}} came {{computed}} after impact start ({{from}} → {{to}})',
    },
  },
  check(doc, report, { options }) {
    const instants = milestoneInstants(doc);
    const start = instants.start;
    if (!start) return;
    const stated: { name: string; value: string; measure: Measure; at: SourceSpan }[] = [];
    for (const metric of doc.metrics) {
      const measure = MEASURE_NAMES.find(([, pattern]) => pattern.test(metric.name.text))?.[0];
      if (measure) stated.push({ name: metric.name.text, value: metric.value.text, measure, at: metric.value.span });
    }
    sourceLines(doc).forEach((line, index) => {
      const match = DURATION_LINE.exec(line);
      if (match) stated.push({ name: 'Duration', value: match[1]!, measure: 'resolve', at: { line: index + 1, column: 1, endLine: index + 1, endColumn: line.length + 1 } });
    });
    for (const { name, value, measure, at } of stated) {
      const end = instants[measure];
      const minutes = parseDuration(value);
      if (!end || minutes === undefined) continue;
      const computed = (end.instant - start.instant) / 60_000;
      if (Math.abs(computed - minutes) <= options.toleranceMinutes) continue;
      report({
        messageId: 'disagrees',
        data: { name, stated: value, measure: MILESTONE_NAMES[measure], computed: formatMinutes(computed), from: start.source, to: end.source },
        at,
      });
    }
  },
});
