import { docsUrl, ruleWithDefaults } from './rule.js';
import { idMentions, positionIn } from './text.js';

export default ruleWithDefaults('related-incidents', {
  meta: {
    description: 'Every incident id in `related:` and in the body exists in the knowledge base.',
    url: docsUrl('related-incidents'),
    messages: {
      unknownRelated: 'Related incident "{{id}}" is not in the knowledge base',
      unknownMention: 'Incident "{{id}}" is mentioned but is not in the knowledge base',
      self: 'The postmortem lists itself ("{{id}}") as related',
    },
  },
  check(doc, report, { format, knowledge }) {
    const known = (id: string) => knowledge.knows(id);
    (doc.meta.related ?? []).forEach((id, index) => {
      // Located only when reported: finding a position parses the frontmatter again.
      const at = () => doc.frontmatter.locate(['related', index]) ?? { line: 1, column: 1 };
      if (id === doc.meta.id) report({ messageId: 'self', data: { id }, at: at() });
      else if (!known(id)) report({ messageId: 'unknownRelated', data: { id }, at: at() });
    });
    for (const { id, node, index } of idMentions(doc, format.idPattern)) {
      if (id !== doc.meta.id && !known(id)) report({ messageId: 'unknownMention', data: { id }, at: positionIn(node, index) });
    }
  },
});
