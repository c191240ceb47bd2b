import { idMentionPattern } from '../kb/index.js';
import { defineRule, docsUrl } from './rule.js';
import { positionIn, proseNodes } from './text.js';

export default defineRule({
  meta: {
    id: 'related-incidents',
    description: 'Every incident id in `related:` and in the body exists in the knowledge base.',
    url: docsUrl('related-incidents'),
    defaultSeverity: 'error',
    messages: {
      unknownRelated: 'Related incident "{{id}}" is not in the knowledge base',
      unknownMention: 'Incident "{{id}}" is mentioned but is not in the knowledge base',
      self: 'The postmortem lists itself ("{{id}}") as related',
    },
  },
  defaultOptions: {},
  check(doc, report, { config, knowledge }) {
    const known = (id: string) => knowledge.knows(id);
    (doc.meta.related ?? []).forEach((id, index) => {
      // Located only when reported: finding a position parses the frontmatter again.
      const at = () => doc.frontmatter.locate(['related', index]) ?? { line: 1, column: 1 };
      if (id === doc.meta.id) report({ messageId: 'self', data: { id }, at: at() });
      else if (!known(id)) report({ messageId: 'unknownRelated', data: { id }, at: at() });
    });
    const pattern = idMentionPattern(config.format.idPattern);
    for (const node of proseNodes(doc)) {
      if (node.type !== 'text') continue;
      for (const match of node.value.matchAll(pattern)) {
        if (match[0] !== doc.meta.id && !known(match[0])) {
          report({ messageId: 'unknownMention', data: { id: match[0] }, at: positionIn(node, match.index) });
        }
      }
    }
  },
});
