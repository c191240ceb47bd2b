import { isTemplateSlot } from '../model/template.js';
import { itemLabel } from './action-items.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

/**
 * Google's SRE book asks action items to be actionable (they start with a
 * verb and name an outcome), specific and bounded (it is clear when they
 * are done). These heuristics look only at words, so they flag the common
 * failures and stay quiet otherwise; see docs/rules/action-item-wording.md.
 */
/**
 * An exhortation asks people for more care or effort instead of changing anything: "Be more careful …",
 * "Pay more attention to …", "Remember to …", "Try to …", also after a subject and a modal ("Engineers should be
 * more vigilant") or a reminder ("Remind the team to double-check more"). Anchored at the start, so an item that
 * removes the need ("… so nobody has to remember to …") is left alone. The repetitions are bounded, so it stays linear.
 */
export const EXHORTATION = new RegExp(
  String.raw`^(?:(?:[\w@/'’-]+\s+){0,3}?(?:should|must|needs? to|ha(?:ve|s) to|will|shall|ought to)\s+)?(?:(?:always|also|please)\s+)?` +
    String.raw`(?:(?:remind|tell|ask|encourage)\s+(?:[\w@/'’-]+\s+){0,3}?to\s+)?(?:make sure (?:to |that )?)?` +
    String.raw`(be (?:more |extra |very |much more |a bit more )?(?:careful|vigilant|cautious|diligent|mindful|attentive)|be more aware|` +
    String.raw`pay (?:more |closer |extra |better |special )?attention|remember to|(?:don['’]t|do not|never) forget to|try (?:harder |better )?to|` +
    String.raw`take (?:more |extra |greater |better )?care|double[- ]?check (?:more|better|carefully|everything|twice)|think twice)(?![\w-])`,
  'i',
);
const VAGUE_OPENERS = /^(investigate|look (?:into|at)|consider|explore|research|think about|discuss|try(?: to)?|figure out|brainstorm|revisit|evaluate whether|maybe|possibly|potentially|continue to|keep an eye on)\b/i;
const UNBOUNDED_VERBS = /^(improve|enhance|optimi[sz]e|increase|decrease|reduce|strengthen|harden|better)\b/i;
/** A number in digits or words is a bound: "to 200 ms", "to five hundred jobs", "by half". */
const A_BOUND = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|half|double|twice|zero)\b/i;
/** Openers that cannot start an instruction: "We should …", "The …", "More …". Followed by a space, so "A/B test …" passes. */
const NOT_A_VERB = /^(?:we|i|they|someone|somebody|should|need|needs|must|the|a|an|more|less|proper|some|better)\s/i;
/**
 * "Monitoring for …", "Documentation of …": a noun-ending word followed by a
 * preposition is a noun phrase. Followed by anything else ("Instrument the
 * service", "Transition paging to …") it is taken as a verb.
 */
const NOUN_PHRASE = /^[a-z]+(?:ing|tion|sion|ment|ness|ity)\s+(?:of|for|on|in|to|around|about|with|across)\b/i;
const OPEN_ENDED = /\b(ongoing|continuously|continually|regularly|periodically|as needed|as necessary|going forward|in the future|where possible|if possible|from now on|when possible)\b/i;

export default ruleWithDefaults('action-item-wording', {
  meta: {
    description: 'Action items are actionable (start with a verb and change something, not ask for more care), specific and bounded (clear when they are done).',
    url: docsUrl('action-item-wording'),
    messages: {
      exhortation: '{{item}} asks people to "{{words}}", which is not an action: change the system so it does not depend on care, e.g. "Require a confirmation before …"',
      vague: '{{item}} starts with "{{opener}}", which is not yet an action: name the change that will be made, e.g. "Add an alert when …"',
      unbounded: '{{item}} says "{{opener}}" without a measurable bound: say by how much or to what level (e.g. "to under 200 ms")',
      notVerb: '{{item}} does not start with a verb: write it as an instruction, e.g. "Add …", "Remove …", "Alert when …"',
      openEnded: '{{item}} is open-ended ("{{words}}"): give it a done-condition, or a cadence if it recurs',
      tooShort: '{{item}} is too short to tell when it is done: say what will change and where',
    },
  },
  check(doc, report, { options }) {
    const table = doc.actionItems;
    if (!table) return;
    table.items.forEach((item, index) => {
      if (item.done) return;
      const cell = item.fields.description;
      const text = cell?.text.replace(/^\[[ xX]\]\s*/, '').trim() ?? '';
      if (text === '' || isTemplateSlot(text)) return;
      const at = cell?.span ?? item.row;
      const label = itemLabel(item, index, table);
      const exhortation = EXHORTATION.exec(text);
      if (exhortation) return report({ messageId: 'exhortation', data: { item: label, words: exhortation[1]! }, at });
      const vague = VAGUE_OPENERS.exec(text);
      if (vague) return report({ messageId: 'vague', data: { item: label, opener: vague[1]! }, at });
      const unbounded = UNBOUNDED_VERBS.exec(text);
      if (unbounded && !A_BOUND.test(text)) return report({ messageId: 'unbounded', data: { item: label, opener: unbounded[1]! }, at });
      if (NOT_A_VERB.test(text) || NOUN_PHRASE.test(text)) {
        return report({ messageId: 'notVerb', data: { item: label }, at });
      }
      const openEnded = OPEN_ENDED.exec(text);
      if (openEnded) return report({ messageId: 'openEnded', data: { item: label, words: openEnded[1]! }, at });
      if (text.split(/\s+/).length < options.minWords) report({ messageId: 'tooShort', data: { item: label }, at });
    });
  },
});
