import { dayNumber } from '../model/dates.js';
import { isTemplateSlot } from '../model/template.js';
import { itemLabel } from './action-items.js';
import { ruleWithOptions, docsUrl } from './rule.js';

export interface ActionItemDueOptions {
  /** Days after the incident date within which an item of each priority is due. */
  deadlines: Record<string, number>;
  /** Overrides of `deadlines` for a severity, priority by priority. */
  bySeverity: Record<string, Record<string, number>>;
}

const DAYS = { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } };

export default ruleWithOptions<ActionItemDueOptions>()({
  meta: {
    id: 'action-item-due',
    description: 'Every action item has a real due date, not before the incident and within its priority’s deadline.',
    url: docsUrl('action-item-due'),
    defaultSeverity: 'error',
    messages: {
      noColumn: '{{item}} has no due date: the Action Items table has no Due column',
      empty: '{{item}} has no due date: give one as YYYY-MM-DD',
      invalid: '{{item}} is due "{{due}}", which is not a real date in the form YYYY-MM-DD',
      beforeIncident: '{{item}} is due {{due}}, before the incident on {{date}}',
      tooLate: '{{item}} is due {{due}}, {{days}} days after the incident; a {{priority}} item is due within {{limit}} days',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { deadlines: DAYS, bySeverity: { type: 'object', additionalProperties: DAYS } },
    },
  },
  defaultOptions: { deadlines: { P0: 7, P1: 30, P2: 60, P3: 90 }, bySeverity: {} },
  check(doc, report, { options }) {
    const table = doc.actionItems;
    if (!table) return;
    const incidentDay = doc.meta.date === undefined ? undefined : dayNumber(doc.meta.date);
    const deadlines = { ...options.deadlines, ...(options.bySeverity[doc.meta.severity ?? ''] ?? {}) };
    table.items.forEach((item, index) => {
      if (item.done) return;
      const label = itemLabel(item, index, table);
      const cell = item.fields.due;
      const at = cell?.span ?? item.row;
      const due = cell?.text ?? '';
      if (isTemplateSlot(due)) return;
      if (!(item.columns ?? table.columns).has('due')) return report({ messageId: 'noColumn', data: { item: label }, at });
      if (due === '') return report({ messageId: 'empty', data: { item: label }, at });
      const dueDay = dayNumber(due);
      if (dueDay === undefined) return report({ messageId: 'invalid', data: { item: label, due }, at });
      if (incidentDay === undefined) return;
      if (dueDay < incidentDay) return report({ messageId: 'beforeIncident', data: { item: label, due, date: doc.meta.date ?? '' }, at });
      const priority = item.fields.priority?.text.toUpperCase() ?? '';
      const limit = deadlines[priority];
      if (limit !== undefined && dueDay - incidentDay > limit) {
        report({ messageId: 'tooLate', data: { item: label, due, days: dueDay - incidentDay, priority, limit }, at });
      }
    });
  },
});
