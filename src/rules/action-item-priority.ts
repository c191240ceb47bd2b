import { isTemplateSlot } from '../model/template.js';
import { itemLabel } from './action-items.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

export default ruleWithDefaults('action-item-priority', {
  meta: {
    description: 'Every action item has a priority, P0 to P3 by default.',
    url: docsUrl('action-item-priority'),
    messages: {
      missing: '{{item}} has no priority: use one of {{priorities}}',
      unknown: '{{item}} has the priority "{{priority}}": use one of {{priorities}}',
    },
  },
  check(doc, report, { options }) {
    const table = doc.actionItems;
    if (!table) return;
    const priorities = options.priorities.join(', ');
    table.items.forEach((item, index) => {
      if (item.done) return;
      const cell = item.fields.priority;
      const at = cell?.span ?? item.row;
      const priority = cell?.text ?? '';
      if (isTemplateSlot(priority)) return;
      const label = itemLabel(item, index, table);
      if (priority === '') report({ messageId: 'missing', data: { item: label, priorities }, at });
      else if (!options.priorities.some((known) => known.toUpperCase() === priority.toUpperCase())) report({ messageId: 'unknown', data: { item: label, priority, priorities }, at });
    });
  },
});
