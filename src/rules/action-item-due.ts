import { dayNumber, isoDateOf } from '../model/dates.js';
import { isTemplateSlot } from '../model/template.js';
import { itemLabel } from './action-items.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { rewriteOnce, sourceLines } from './text.js';

export default ruleWithDefaults('action-item-due', {
  meta: {
    description: 'Every action item has a real due date, not before the incident and within its priority’s deadline.',
    url: docsUrl('action-item-due'),
    messages: {
      noColumn: '{{item}} has no due date: the Action Items table has no Due column',
      empty: '{{item}} has no due date: give one as YYYY-MM-DD',
      invalid: '{{item}} is due "{{due}}", which is not a real date in the form YYYY-MM-DD',
      beforeIncident: '{{item}} is due {{due}}, before the incident on {{date}}',
      tooLate: '{{item}} is due {{due}}, {{days}} days after the incident; a {{priority}} item is due within {{limit}} days',
    },
  },
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
      const priority = item.fields.priority?.text.toUpperCase() ?? '';
      const limit = deadlines[priority];
      const dueDay = dayNumber(due);
      if (dueDay === undefined) {
        // `2024/3/5` → `2024-03-05`, offered only when that date raises nothing else here: applying it settles the item.
        const iso = isoDateOf(due);
        const settled = iso !== undefined && whenProblem(dayNumber(iso)!, incidentDay, limit) === undefined;
        return report({ messageId: 'invalid', data: { item: label, due }, at, suggestion: settled && cell ? rewriteOnce(sourceLines(doc), cell.span, due, iso) : undefined });
      }
      const problem = whenProblem(dueDay, incidentDay, limit);
      if (problem === 'beforeIncident') report({ messageId: 'beforeIncident', data: { item: label, due, date: doc.meta.date ?? '' }, at });
      else if (problem === 'tooLate') report({ messageId: 'tooLate', data: { item: label, due, days: dueDay - incidentDay!, priority, limit: limit! }, at });
    });
  },
});

/** What is wrong with a real due date: before the incident, or past the priority's deadline. */
function whenProblem(dueDay: number, incidentDay: number | undefined, limit: number | undefined): 'beforeIncident' | 'tooLate' | undefined {
  if (incidentDay === undefined) return undefined;
  if (dueDay < incidentDay) return 'beforeIncident';
  return limit !== undefined && dueDay - incidentDay > limit ? 'tooLate' : undefined;
}

