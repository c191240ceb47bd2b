import { isTemplateSlot } from '../model/template.js';
import { itemLabel } from './action-items.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

export default ruleWithDefaults('action-item-type', {
  meta: {
    description: 'Every action item has a type from the configured set (detect, mitigate, prevent, process, repair).',
    url: docsUrl('action-item-type'),
    messages: {
      missing: '{{item}} has no type: use one of {{types}}',
      unknown: '{{item}} has the type "{{type}}": use one of {{types}}',
    },
  },
  check(doc, report, { options }) {
    const table = doc.actionItems;
    if (!table) return;
    const allowed = new Set(options.types.map((type) => type.toLowerCase()));
    const types = options.types.join(', ');
    table.items.forEach((item, index) => {
      if (item.done) return;
      const cell = item.fields.type;
      const at = cell?.span ?? item.row;
      const type = cell?.text ?? '';
      if (isTemplateSlot(type)) return;
      const label = itemLabel(item, index, table);
      if (type === '') report({ messageId: 'missing', data: { item: label, types }, at });
      else if (!allowed.has(type.toLowerCase())) report({ messageId: 'unknown', data: { item: label, type, types }, at });
    });
  },
});
