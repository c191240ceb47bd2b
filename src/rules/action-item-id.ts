import { compiledPattern } from '../config/compiled-pattern.js';
import { itemLabel } from './action-items.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

export default ruleWithDefaults('action-item-id', {
  meta: {
    description: 'Every action item has an ID that matches the pattern and is unique within the postmortem.',
    url: docsUrl('action-item-id'),
    messages: {
      missing: '{{item}} has no ID: give it one such as AI-001',
      pattern: 'Action item ID "{{id}}" does not match {{pattern}}',
      duplicate: 'Action item ID "{{id}}" is used twice (first at line {{first}})',
    },
  },
  check(doc, report, { options }) {
    const table = doc.actionItems;
    if (!table) return;
    const pattern = compiledPattern(options.pattern, 'u');
    const seen = new Map<string, number>();
    table.items.forEach((item, index) => {
      const cell = item.fields.id;
      const at = cell?.span ?? item.row;
      const id = cell?.text ?? '';
      // A finished item is not asked for an ID; one it has must still be valid and unique.
      if (id === '') return item.done ? undefined : report({ messageId: 'missing', data: { item: itemLabel(item, index, table) }, at });
      if (!pattern.test(id)) report({ messageId: 'pattern', data: { id, pattern: options.pattern }, at });
      const first = seen.get(id);
      if (first !== undefined) report({ messageId: 'duplicate', data: { id, first }, at });
      else seen.set(id, at.line);
    });
  },
});
