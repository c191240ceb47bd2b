import { docsUrl, ruleWithDefaults } from './rule.js';
import { positionIn, proseNodes, sourceLines } from './text.js';

/** What follows "lazy" when it names a technique, not a person: "lazy loading", "lazy load", "lazy evaluation", "lazy init". */
const LAZY_TECHNIQUE = 'load|evaluat|eval\\b|init|instantiat|import|fetch|compil|mount|hydrat|render|iterat|sequence|stream|propert|attribute|relation|association|quer|collection|binding|deserializ|pars|list|val\\b';
/**
 * A person's name: one capitalised word, not inside a word, handle or path. It stands before person-only acts
 * (forgot, neglected, didn't bother, failed to mention/tell/…), never before a bare "failed to": "Redis failed to
 * reconnect" and "Bob failed to restart it" cannot be told apart by their words. Pronouns and determiners that open
 * a sentence are not names ("It", "The"; "He forgot" is the PERSON pattern's), and neither are customers ("Users forgot
 * their passwords" is a fact about the product, not blame).
 */
const NAME = String.raw`(?<![\p{L}\p{N}_@./'’-])(?!(?:The|This|That|These|Those|It|Its|He|She|They|We|I|You|Someone|Somebody|Nobody|Everyone|Everybody|No|One|Each|When|Then|There|Which|What|Some|Many|Most|Several|Both|All|Few|Others|Users|Customers|Clients|People)\s)\p{Lu}\p{Ll}+`;
/**
 * What only a person fails to do. Systems fail to start, roll back, reconnect, and also to read a file, follow a
 * redirect, notice a dead node, consider a taint, communicate with a peer or escalate a page: those stay unflagged.
 */
const PERSON_ONLY_ACTS = 'mention|tell|ask|realise|realize|double-check|hand over';
/** Blaming phrases and what to write instead. Each pattern is anchored on words, so it runs in linear time. */
const PERSON = String.raw`(?:he|she|they|we|i|you|someone|somebody|the (?:engineer|developer|operator|on-?call|team)|engineers?|developers?|operators?|on-?call|@[\w-]+(?:/[\w.-]+)?)`;
/**
 * A blaming phrase and what to write instead. `rewrite`, on the few entries whose rewording is certain, is the text
 * that replaces the matched phrase ('' drops it, with the space before it); everything else is advice for the author.
 */
export interface Phrase {
  pattern: RegExp;
  suggestion: string;
  rewrite?: (phrase: string) => string | undefined;
}

/** Words after which dropping an adverb would change the sense ("not carelessly") or leave a dangling word ("very", "and"). */
const KEEPS_ADVERB = /(?:^|[^\p{L}])(?:not|never|very|quite|so|too|rather|somewhat|extremely|pretty|fairly|most|more|less|really|and|or|but|nor)$/iu;

/** "dumb mistake" → "mistake" (its case kept), "carelessly" and "recklessly" dropped: the sentence says the same without the judgement. */
function judgementRewrite(phrase: string): string | undefined {
  if (/^dumb mistake$/i.test(phrase)) return /^\p{Lu}/u.test(phrase) ? `${phrase[5]!.toUpperCase()}${phrase.slice(6)}` : phrase.slice(5);
  return /^(?:careless|reckless)ly$/.test(phrase) ? '' : undefined;
}

export const PHRASES: Phrase[] = [
  { pattern: /\bhuman errors?\b/gi, suggestion: 'name the gap in the system that let one action cause harm, e.g. "the deploy tool allowed a config push without review"' },
  // People know and realise; a canary "should have caught" something is a finding about the canary, not blame.
  { pattern: /\bshould(?: have|'ve|’ve) (?:known|realised|realized)\b/gi, suggestion: 'describe what information was missing or hard to see at the time' },
  { pattern: new RegExp(String.raw`(?<![\w@])${PERSON} should(?: have|'ve|’ve) (?:noticed|caught|seen|checked)\b`, 'gi'), suggestion: 'describe what information was missing or hard to see at the time' },
  { pattern: /\b(?:careless(?:ly|ness)?|negligen(?:t|ce)|sloppy|incompetent|incompetence|reckless(?:ly)?|stupid|dumb mistake)(?![\w-])/gi, suggestion: 'describe the action and the conditions that made it likely', rewrite: judgementRewrite },
  // "Lazy" judges a person; "lazy loading", "lazy-loads", "lazily" and "lazy evaluation" are how ORMs and runtimes work.
  { pattern: new RegExp(String.raw`\blazy(?![\w-]|\s+(?:${LAZY_TECHNIQUE}))`, 'gi'), suggestion: 'describe the action and the conditions that made it likely' },
  {
    pattern: /(?<![\p{L}\p{N}_/@-])[\p{L}@][\p{L}\p{N}_/-]*['’]s fault\b(?!\s+(?:handling|tolerance|domain|injection|detection|code|path|isolation|model|line|zone|log))|\bthe fault of\b|\bto blame\b|\bblamed? (?:on|for)\b/giu,
    suggestion: 'describe the contributing factors instead of assigning fault',
  },
  { pattern: /\b(?:caused by|because of|due to) @[\w-]+(?:\/[\w.-]+)?/gi, suggestion: 'name the action and the missing safeguard, not the person' },
  { pattern: /(?<![\w@])@[\w-]+(?:\/[\w.-]+)? (?:caused|broke|forgot|messed up|screwed up|failed to)\b/gi, suggestion: 'name the action and the missing safeguard, not the person' },
  { pattern: new RegExp(String.raw`(?<![\w@])${PERSON} (?:forgot|neglected|failed to notice|didn't bother|didn’t bother)\b`, 'gi'), suggestion: 'describe what made the step easy to miss (no checklist, no automation, no alert)' },
  { pattern: new RegExp(String.raw`${NAME} (?:forgot|neglected|didn't bother|didn’t bother|did not bother|failed to (?:${PERSON_ONLY_ACTS}))\b`, 'gu'), suggestion: 'describe what made the step easy to miss (no checklist, no automation, no alert)' },
];

/** A cheap first look: a text with none of these words cannot match any phrase above. */
const TRIGGER = /error|should|care|neglig|sloppy|lazy|incompet|reckless|stupid|dumb|fault|blame|@|forgot|neglect|failed to|bother/i;

export default ruleWithDefaults('blameless-language', {
  meta: {
    description: 'Postmortems describe systems and conditions, not culprits: blaming phrasing is flagged with a rewording.',
    url: docsUrl('blameless-language'),
    messages: {
      blame: '"{{phrase}}" assigns blame: {{suggestion}}',
    },
  },
  check(doc, report) {
    for (const node of proseNodes(doc)) {
      if (node.type !== 'text' || !TRIGGER.test(node.value)) continue;
      const found = phrasesIn(node.value);
      for (const { phrase, index, entry } of found) {
        const at = positionIn(node, index);
        const rewritten = entry.rewrite?.(phrase);
        const suggestion = rewritten === undefined ? undefined : rewordedLine(sourceLines(doc), node.value, found.length, { index, phrase, rewritten }, at);
        report({ messageId: 'blame', data: { phrase, suggestion: entry.suggestion }, at, suggestion });
      }
    }
  },
});

/** The phrases of a text, in the table's order; "@bob forgot" is both a handle as the subject and a person forgetting: one phrase, one finding. */
function phrasesIn(text: string): { phrase: string; index: number; entry: Phrase }[] {
  const found: { phrase: string; index: number; entry: Phrase }[] = [];
  const reported = new Set<number>();
  for (const entry of PHRASES) {
    for (const match of text.matchAll(entry.pattern)) {
      if (reported.has(match.index)) continue;
      reported.add(match.index);
      found.push({ phrase: match[0], index: match.index, entry });
    }
  }
  return found;
}

/**
 * The source line with the phrase reworded, when that is certain: the text in the file is the node's text there (no
 * escape or entity in between), a dropped word leaves a whole sentence behind, and the reworded text holds one
 * phrase fewer and no new one.
 */
function rewordedLine(
  lines: readonly string[],
  value: string,
  phrases: number,
  { index, phrase, rewritten }: { index: number; phrase: string; rewritten: string },
  at: { line: number; column: number },
): { line: number; text: string } | undefined {
  let start = index;
  const end = index + phrase.length;
  if (rewritten === '') {
    // Only mid-sentence, between two words, lower case, and not after a word it would leave dangling.
    if (value[start - 1] !== ' ' || !/^ \p{L}/u.test(value.slice(end, end + 2)) || !/^\p{Ll}/u.test(phrase) || KEEPS_ADVERB.test(value.slice(0, start - 1))) return undefined;
    start -= 1;
  }
  const line = lines[at.line - 1];
  const from = at.column - 1 - (index - start);
  if (line === undefined || from < 0 || line.slice(from, from + (end - start)) !== value.slice(start, end)) return undefined;
  const after = value.slice(0, start) + rewritten + value.slice(end);
  if (!TRIGGER.test(after) ? phrases !== 1 : phrasesIn(after).length !== phrases - 1) return undefined;
  return { line: at.line, text: line.slice(0, from) + rewritten + line.slice(from + (end - start)) };
}
