import { ANGLE_MARKER, isTemplateMarker } from '../model/template.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

/** Words that carry no content in a why-step: articles, auxiliaries, pronouns, "because". Negations are kept: "not" is content. */
const STOP_WORDS = new Set(
  (
    'a an the of to in on at for by with from into onto about as and or but so than then this that these those there here ' +
    'is are was were be been being am do does did doing done has have had having will would shall should can could may might must ' +
    'it its they them their he she his her we our us you your i me my why what which who whom how when where because since due ' +
    'also just still even both all only very'
  ).split(' '),
);

/** A crude stem, enough to equate "fail", "fails", "failed" and "failing"; a miss only makes the check quieter. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed']) if (word.endsWith(suffix)) return word.slice(0, -suffix.length);
  return word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The content words of a question or an answer, stemmed; template slots (`<answer>`) are not words. */
function contentWords(text: string): Set<string> {
  const cleaned = text
    .replace(ANGLE_MARKER, (marker, inner: string) => (isTemplateMarker(inner) ? ' ' : marker))
    .toLowerCase()
    .replace(/n['’]t\b/g, ' not')
    .replace(/['’]s\b/g, '');
  return new Set((cleaned.match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !STOP_WORDS.has(word)).map(stem));
}

/**
 * An answer that only restates its question: all its content words are in the question, and they are at least
 * half of the question's. "Why did the API fail? → Because the API failed" restates; "Why did checkout fail during
 * the flash sale? → Because of the flash sale" picks the cause out of the question and is an answer.
 */
function restates(question: Set<string>, answer: Set<string>): boolean {
  if (answer.size === 0 || answer.size * 2 < question.size) return false;
  for (const word of answer) if (!question.has(word)) return false;
  return true;
}

export default ruleWithDefaults('five-whys', {
  meta: {
    description: 'Root Cause Analysis holds a 5-Whys chain: numbered "Why …?" questions, each with an answer that goes one level deeper.',
    url: docsUrl('five-whys'),
    messages: {
      missing: 'Root Cause Analysis has no 5-Whys chain: add a numbered list of at least {{min}} steps such as "1. **Why did X fail?** → Because Y"',
      short: 'The 5-Whys chain has {{count}} step{{plural}}; keep asking why until at least {{min}}',
      notQuestion: 'Step {{step}} of the 5-Whys chain does not ask why: write it as "Why …?" followed by its answer',
      noAnswer: 'Step {{step}} of the 5-Whys chain has no answer: add "→ Because …" after the question',
      circular: 'Step {{step}} of the 5-Whys chain answers its own question ("{{answer}}"): say what made it happen, not that it happened',
      repeated: 'Step {{step}} of the 5-Whys chain gives the same answer as step {{earlier}}: each answer must go one level deeper than the last',
    },
  },
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
    /** Earlier answers by their content words, sorted: the same words in any order are the same answer. */
    const answers = new Map<string, number>();
    doc.whys.forEach((why, index) => {
      const step = index + 1;
      if (!/\bwhy\b/i.test(why.question) || !why.question.endsWith('?')) return report({ messageId: 'notQuestion', data: { step }, at: why.span });
      if (!/[\p{L}\p{N}]/u.test(why.answer)) return report({ messageId: 'noAnswer', data: { step }, at: why.span });
      const answer = contentWords(why.answer);
      if (answer.size === 0) return;
      const key = [...answer].sort().join(' ');
      const earlier = answers.get(key);
      if (restates(contentWords(why.question), answer)) report({ messageId: 'circular', data: { step, answer: why.answer }, at: why.span });
      else if (earlier !== undefined) report({ messageId: 'repeated', data: { step, earlier }, at: why.span });
      if (earlier === undefined) answers.set(key, step);
    });
  },
});
