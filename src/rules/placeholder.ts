import { ANGLE_MARKER, isTemplateMarker, QUESTION_SLOT } from '../model/template.js';
import type { SourceSpan } from '../model/postmortem.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { positionIn, proseNodes } from './text.js';

const TIME_PLACEHOLDER = /\b(?:HH:mm|HH:MM|hh:mm|YYYY-MM-DD|20xx|YYYYMMDD)\b/;

/** The configured words, whole. Built here, outside the rule, so test/security/redos.test.ts can check the default form. */
export function wordPattern(words: readonly string[]): RegExp | undefined {
  return words.length > 0 ? new RegExp(`(?<![\\w-])(?:${words.map(escape).join('|')})(?![\\w-])`, 'g') : undefined;
}

/** A cheap first look: text without '<', a placeholder word, a time or date template or a phrase needs no closer one. */
export function triggerPattern(words: readonly string[], phrases: readonly string[]): RegExp {
  return new RegExp(['<', '?', 'HH', 'hh', 'YYYY', '20xx', ...words, ...phrases].map(escape).join('|'));
}

export default ruleWithDefaults('placeholder', {
  meta: {
    description: 'No template text is left: TODO, TBD, XXX, HH:mm, ??%, <…> markers, template phrases, empty sections.',
    url: docsUrl('placeholder'),
    messages: {
      word: '"{{text}}" marks unfinished text: replace it with what is known, or say what is unknown and why',
      time: '"{{text}}" is a template placeholder: write the real value',
      marker: 'Template marker "{{text}}" is still in place: replace it with the real content',
      slot: '"{{text}}" is a template slot for a value: write the real number, or say why it is unknown',
      phrase: 'Template text "{{text}}" is still in place: replace it with the real content',
      emptySection: 'Section "{{title}}" is empty: fill it in, or write why it does not apply',
      frontmatter: 'Frontmatter "{{key}}" still holds the template text "{{text}}"',
    },
  },
  check(doc, report, { options }) {
    const word = wordPattern(options.words);
    const find = (text: string): { messageId: 'word' | 'time' | 'slot' | 'marker' | 'phrase'; index: number; text: string }[] => {
      const found: { messageId: 'word' | 'time' | 'slot' | 'marker' | 'phrase'; index: number; text: string }[] = [];
      for (const match of word ? text.matchAll(word) : []) found.push({ messageId: 'word', index: match.index, text: match[0] });
      const time = TIME_PLACEHOLDER.exec(text);
      if (time) found.push({ messageId: 'time', index: time.index, text: time[0] });
      if (text.includes('?')) for (const match of text.matchAll(QUESTION_SLOT)) found.push({ messageId: 'slot', index: match.index, text: match[0] });
      for (const match of text.matchAll(ANGLE_MARKER)) {
        if (isTemplateMarker(match[1]!)) found.push({ messageId: 'marker', index: match.index, text: match[0] });
      }
      for (const phrase of options.phrases) {
        const index = text.indexOf(phrase);
        if (index !== -1) found.push({ messageId: 'phrase', index, text: phrase });
      }
      return found;
    };

    for (const [key, value] of Object.entries(doc.frontmatter.data)) {
      const values = Array.isArray(value) ? value : [value];
      values.forEach((item, index) => {
        if (typeof item !== 'string') return;
        const [first] = find(item);
        if (!first) return;
        const at = doc.frontmatter.locate(Array.isArray(value) ? [key, index] : [key]) ?? { line: 1, column: 1 };
        report({ messageId: 'frontmatter', data: { key, text: first.text }, at });
      });
    }
    // "TODO" as an action item's status (a Status cell, the SRE book's "Bug 123 **TODO**") says the item is open: no unfinished text.
    const statuses = (doc.actionItems?.items ?? []).flatMap((item) => {
      const status = item.fields.status;
      return status !== undefined && options.words.includes(status.text.replace(/[*_]/g, '').trim()) ? [{ word: status.text.replace(/[*_]/g, '').trim(), span: status.span }] : [];
    });
    const isStatus = (word: string, at: { line: number; column: number }) =>
      statuses.some(({ word: status, span }) => status === word && within(at, span));
    const trigger = triggerPattern(options.words, options.phrases);
    for (const node of proseNodes(doc)) {
      if (!trigger.test(node.value)) continue;
      if (node.type === 'html' && node.value.trimStart().startsWith('<!--')) continue;
      const hits = find(node.value).sort((a, b) => a.index - b.index);
      let coveredUntil = -1;
      for (const hit of hits) {
        // "<TODO>" is one placeholder, not a marker and a word.
        if (hit.index < coveredUntil) continue;
        coveredUntil = hit.index + hit.text.length;
        if (hit.messageId === 'word' && statuses.length > 0 && isStatus(hit.text, positionIn(node, hit.index))) continue;
        report({ messageId: hit.messageId, data: { text: hit.text }, at: positionIn(node, hit.index) });
      }
    }
    if (options.emptySections) {
      for (const section of doc.sections) {
        if (section.empty && section.key !== undefined) report({ messageId: 'emptySection', data: { title: section.title }, at: section.heading });
      }
    }
  },
});

function within(at: { line: number; column: number }, span: SourceSpan): boolean {
  if (at.line < span.line || at.line > span.endLine) return false;
  return (at.line > span.line || at.column >= span.column) && (at.line < span.endLine || at.column < span.endColumn);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
