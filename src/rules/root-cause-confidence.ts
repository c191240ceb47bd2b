import type { Nodes } from 'mdast';
import type { Heading, Postmortem, SourceSpan } from '../model/postmortem.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { linesBetween, saysNothing, sourceLines, withoutHtmlComments, words } from './text.js';

// Only tested, so a digit is all it needs: the `\d{1,3}\s*%?` it had changed no answer and kept the ReDoS checker past its time limit.
const STATED_CONFIDENCE = /\bconfidence\b[^0-9\n]{0,20}\d/i;
const NAMES_A_ROOT_CAUSE = /\broot cause\b/i;

/**
 * A body line that states the document's confidence as a label and a number: `**Confidence**: 55%`,
 * `Confidence: 55 %`, `- **Confidence:** 55/100`, `Root cause confidence - 55%`; a range (`60-70%`) counts as its lower bound. A separator is required and the
 * pattern is anchored at the line's start, so prose that merely mentions confidence is not read. It runs in linear time:
 * `(?=.*$)` refuses a line break up front (the end `(.*)$` failed there only after trying every split of the digits
 * and spaces before it), and the spaces around an optional `**` after the separator are one run unless it is there.
 */
export const BODY_CONFIDENCE =
  /^(?=.*$)[ \t]*(?:>[ \t]*)?(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\*\*|__)?(?:(?:overall|root[- ]cause|our)[ \t]+)?confidence(?:[ \t]+level|[ \t]+in(?:[ \t]+the)?[ \t]+root[ \t]+cause)?(?:(?:\*\*|__)[ \t]*[:=–—-]|[ \t]*[:=–—-](?:[ \t]*(?:\*\*|__))?)[ \t]*(\d{1,3})(?:[.,]\d+)?(?:[ \t]*[-–][ \t]*\d{1,3})?[ \t]*(%|\/[ \t]*100\b)?(.*)$/i;
/** Without a unit, the number must end the value ("Confidence: 55", "Confidence: 55 (medium)"), not start a count ("3 of 5"). */
const ENDS_THE_VALUE = /^(?:[ \t]*$|[ \t]*[.,;(*_])/;

/** Words that may qualify the name of the data gaps section: "Known data gaps", "Remaining evidence gaps". */
const QUALIFIERS = /^(?:(?:known|remaining|open|outstanding|identified|unresolved|main|key|our|the) )+/;
const NUMBERING = /^\s*(?:\d+(?:\.\d+)*|[ivx]+)[.)]?\s+/i;

/**
 * Whether a heading names the data gaps section: one of the names, alone or as one part of a heading joined by
 * "and", "&", ",", "/" or ":" ("Data Gaps and Limitations", "Limitations & data gaps", "Data gaps: what we could
 * not see"), after numbering, asides in parentheses and qualifiers ("Known") are dropped. A name with other words
 * around it ("Data Gaps Remediation Plan") is another section.
 */
function namesDataGaps(heading: string, names: ReadonlySet<string>): boolean {
  const text = heading.replace(NUMBERING, '').replace(/\([^()]*\)/g, ' ');
  if (names.has(words(text))) return true;
  return text.split(/[,/:;&+]|\band\b/i).some((part) => names.has(words(part).replace(QUALIFIERS, '')));
}

/** Line ranges the body confidence is not read from: code, and the subsections of several root causes (each states its own). */
function ignoredRanges(doc: Postmortem, causes: Heading[]): [number, number][] {
  const ranges: [number, number][] = causes.length >= 2 ? causes.map((cause) => [cause.span.line, cause.endLine]) : [];
  const stack: Nodes[] = [doc.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'code' && node.position) ranges.push([node.position.start.line, node.position.end.line]);
    else if ('children' in node) for (const child of node.children as Nodes[]) stack.push(child);
  }
  return ranges;
}

/** The confidence in the root cause: the frontmatter's `confidence`, else the first labelled line of the body. */
function statedConfidence(doc: Postmortem, causes: Heading[]): { value: number; at: Pick<SourceSpan, 'line' | 'column'> } | undefined {
  const { confidence } = doc.meta;
  if (confidence !== undefined) return { value: confidence, at: doc.frontmatter.locate(['confidence']) ?? { line: 1, column: 1 } };
  // Walked only for a line that reads as a stated confidence: most documents have none.
  let ignored: [number, number][] | undefined;
  const lines = sourceLines(doc);
  const first = doc.frontmatter.present ? doc.frontmatter.endLine + 1 : 1;
  for (let index = first - 1; index < lines.length; index++) {
    const text = lines[index]!;
    if (!/confidence/i.test(text)) continue;
    const match = BODY_CONFIDENCE.exec(text);
    if (!match || (match[2] === undefined && !ENDS_THE_VALUE.test(match[3]!))) continue;
    const line = index + 1;
    ignored ??= ignoredRanges(doc, causes);
    if (ignored.some(([from, to]) => from <= line && line <= to)) continue;
    const value = Number(match[1]);
    if (value <= 100) return { value, at: { line, column: 1 } };
  }
  return undefined;
}

export default ruleWithDefaults('root-cause-confidence', {
  meta: {
    description: 'Low confidence (in the frontmatter or the body) lists its data gaps; several root causes each state a confidence, with categorised contributing factors.',
    url: docsUrl('root-cause-confidence'),
    messages: {
      noDataGaps: 'Confidence in the root cause is {{confidence}} (below {{threshold}}): add a "{{section}}" section listing the evidence that is missing',
      emptyDataGaps: '"{{section}}" lists no missing evidence',
      dataGapsNone: '"{{section}}" says "{{text}}", but confidence in the root cause is {{confidence}} (below {{threshold}}): list the evidence that is missing',
      causeWithoutConfidence: 'Root cause "{{cause}}" does not state its confidence: add a line such as "Confidence: 60%"',
      causesWithoutFactors: 'Root Cause Analysis names {{count}} root causes: categorise the contributing factors in a Contributing Factors section',
    },
  },
  check(doc, report, { options }) {
    const rca = doc.sections.find((section) => section.key === 'root-cause-analysis');
    const causes = rca
      ? doc.headings.filter((heading) => heading.depth > rca.depth && heading.span.line > rca.heading.line && heading.span.line <= rca.endLine && NAMES_A_ROOT_CAUSE.test(heading.text))
      : [];

    const confidence = statedConfidence(doc, causes);
    if (confidence !== undefined && confidence.value < options.threshold) {
      const names = new Set(options.dataGapsSections.map(words));
      const gaps = doc.headings.find((heading) => namesDataGaps(heading.text, names));
      const data = { confidence: confidence.value, threshold: options.threshold };
      if (!gaps) report({ messageId: 'noDataGaps', data: { ...data, section: options.dataGapsSections[0]! }, at: confidence.at });
      else {
        const text = withoutHtmlComments(linesBetween(doc, gaps.span.endLine + 1, gaps.endLine).map((line) => line.text).join('\n')).trim();
        if (!/[\p{L}\p{N}]/u.test(text)) report({ messageId: 'emptyDataGaps', data: { section: gaps.text }, at: gaps.span });
        else if (saysNothing(text)) report({ messageId: 'dataGapsNone', data: { ...data, section: gaps.text, text: text.replace(/\s+/g, ' ') }, at: gaps.span });
      }
    }

    if (!rca || causes.length < 2) return;
    for (const cause of causes) {
      const stated = linesBetween(doc, cause.span.line, cause.endLine).some(({ text }) => STATED_CONFIDENCE.test(text));
      if (!stated) report({ messageId: 'causeWithoutConfidence', data: { cause: cause.text }, at: cause.span });
    }
    const categorised = doc.contributingFactors.some((factor) => factor.category !== undefined);
    if (!categorised) report({ messageId: 'causesWithoutFactors', data: { count: causes.length }, at: rca.heading });
  },
});
