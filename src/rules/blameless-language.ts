import { defineRule, docsUrl } from './rule.js';
import { positionIn, proseNodes } from './text.js';

/** Blaming phrases and what to write instead. Each pattern is anchored on words, so it runs in linear time. */
const PERSON = String.raw`(?:he|she|they|we|i|you|someone|somebody|the (?:engineer|developer|operator|on-?call|team)|engineers?|developers?|operators?|on-?call|@[\w-]+(?:/[\w.-]+)?)`;
const PHRASES: { pattern: RegExp; suggestion: string }[] = [
  { pattern: /\bhuman errors?\b/gi, suggestion: 'name the gap in the system that let one action cause harm, e.g. "the deploy tool allowed a config push without review"' },
  // People know and realise; a canary "should have caught" something is a finding about the canary, not blame.
  { pattern: /\bshould(?: have|'ve|’ve) (?:known|realised|realized)\b/gi, suggestion: 'describe what information was missing or hard to see at the time' },
  { pattern: new RegExp(String.raw`(?<![\w@])${PERSON} should(?: have|'ve|’ve) (?:noticed|caught|seen|checked)\b`, 'gi'), suggestion: 'describe what information was missing or hard to see at the time' },
  { pattern: /\b(?:careless(?:ly|ness)?|negligen(?:t|ce)|sloppy|lazy|incompetent|incompetence|reckless(?:ly)?|stupid|dumb mistake)(?![\w-])/gi, suggestion: 'describe the action and the conditions that made it likely' },
  {
    pattern: /(?<![\p{L}\p{N}_/@-])[\p{L}@][\p{L}\p{N}_/-]*['’]s fault\b(?!\s+(?:handling|tolerance|domain|injection|detection|code|path|isolation|model|line|zone|log))|\bthe fault of\b|\bto blame\b|\bblamed? (?:on|for)\b/giu,
    suggestion: 'describe the contributing factors instead of assigning fault',
  },
  { pattern: /\b(?:caused by|because of|due to) @[\w-]+(?:\/[\w.-]+)?/gi, suggestion: 'name the action and the missing safeguard, not the person' },
  { pattern: /(?<![\w@])@[\w-]+(?:\/[\w.-]+)? (?:caused|broke|forgot|messed up|screwed up)\b/gi, suggestion: 'name the action and the missing safeguard, not the person' },
  { pattern: new RegExp(String.raw`(?<![\w@])${PERSON} (?:forgot|neglected|failed to notice|didn't bother|didn’t bother)\b`, 'gi'), suggestion: 'describe what made the step easy to miss (no checklist, no automation, no alert)' },
];

/** A cheap first look: a text with none of these words cannot match any phrase above. */
const TRIGGER = /error|should|care|neglig|sloppy|lazy|incompet|reckless|stupid|dumb|fault|blame|@|forgot|neglect|failed to notice|bother/i;

export default defineRule({
  meta: {
    id: 'blameless-language',
    description: 'Postmortems describe systems and conditions, not culprits: blaming phrasing is flagged with a rewording.',
    url: docsUrl('blameless-language'),
    defaultSeverity: 'warning',
    messages: {
      blame: '"{{phrase}}" assigns blame: {{suggestion}}',
    },
  },
  defaultOptions: {},
  check(doc, report) {
    for (const node of proseNodes(doc)) {
      if (node.type !== 'text' || !TRIGGER.test(node.value)) continue;
      for (const { pattern, suggestion } of PHRASES) {
        for (const match of node.value.matchAll(pattern)) {
          report({ messageId: 'blame', data: { phrase: match[0], suggestion }, at: positionIn(node, match.index) });
        }
      }
    }
  },
});
