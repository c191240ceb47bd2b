import postmortemSchema from '../../schemas/postmortem.schema.json' with { type: 'json' };
import { isTemplateSlot } from '../model/template.js';
import { itemLabel } from './action-items.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

export const HANDLE = new RegExp(postmortemSchema.$defs.handle.pattern);
const PLACEHOLDER = /^(?:tbd|tba|tbc|\?+|-+|—|n\/?a|none|nobody|unknown|todo|unassigned)$/i;
// Only tested, so one space before '@' is as good as a run: `\s+@` retried from each space of a long run (N²).
const SEVERAL = /[,;&]|\s(?:and|\/)\s|\s@/i;

export default ruleWithDefaults('action-item-owner', {
  meta: {
    description: 'Every action item has one owner, named by a GitHub handle (@user or @org/team).',
    url: docsUrl('action-item-owner'),
    messages: {
      noColumn: '{{item}} has no owner: the Action Items table has no Owner column',
      empty: '{{item}} has no owner: name a GitHub handle (@user or @org/team)',
      placeholder: '{{item}} has the placeholder owner "{{owner}}": name a GitHub handle (@user or @org/team)',
      several: '{{item}} has several owners ("{{owner}}"): name the one person or team accountable',
      notHandle: '{{item}} has the owner "{{owner}}", which is not a GitHub handle: write @user or @org/team',
    },
  },
  check(doc, report, { options }) {
    const table = doc.actionItems;
    if (!table) return;
    table.items.forEach((item, index) => {
      if (item.done) return;
      const label = itemLabel(item, index, table);
      const cell = item.fields.owner;
      const at = cell?.span ?? item.row;
      const owner = cell?.text ?? '';
      if (isTemplateSlot(owner)) return;
      if (!(item.columns ?? table.columns).has('owner')) report({ messageId: 'noColumn', data: { item: label }, at });
      else if (owner === '') report({ messageId: 'empty', data: { item: label }, at });
      else if (PLACEHOLDER.test(owner)) report({ messageId: 'placeholder', data: { item: label, owner }, at });
      else if (SEVERAL.test(owner)) report({ messageId: 'several', data: { item: label, owner }, at });
      else if (options.handles && !HANDLE.test(owner)) report({ messageId: 'notHandle', data: { item: label, owner }, at });
    });
  },
});
