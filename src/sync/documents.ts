import { isOpenStatus } from '../kb/action-items.js';
import { buildKnowledgeBase, type KnowledgeBase } from '../kb/index.js';
import type { ParsedFile } from '../parse/document.js';
import { capText } from '../report/inert.js';
import { firstParagraph, linksOf } from './context.js';
import type { SyncDocument } from './plan.js';

/**
 * The postmortems as the sync reads them: every action item with an ID, the
 * incident's fields it carries, and its context (the Summary and the root
 * cause, the incidents linked both ways). `knowledgeBase` is the run's index
 * (the sync's reader makes it from the files it parsed, reading none again);
 * without one, the index of these files alone.
 */
export function syncDocuments(parsed: readonly ParsedFile[], knowledgeBase?: KnowledgeBase): SyncDocument[] {
  const index = knowledgeBase ?? buildKnowledgeBase(parsed.flatMap((file) => (file.postmortem ? [{ path: file.path, meta: file.postmortem.meta }] : [])));
  return parsed.flatMap((file) => {
    const doc = file.postmortem;
    if (!doc || doc.meta.id === undefined) return [];
    // The tool's block in each issue stores these fields whole: bounded as no real one is longer, so a body always fits GitHub's 65,536 characters.
    const incident = capText(doc.meta.id, 100);
    const rows = doc.actionItems?.items ?? [];
    const seen = new Set<string>();
    // Once per document, shared by its items.
    const context = { summary: firstParagraph(doc, 'summary'), rootCause: firstParagraph(doc, 'root-cause-analysis'), ...linksOf(index, doc.meta.id, doc.meta.related ?? []) };
    // An item without an ID, or repeating one (action-item-id reports both), cannot be tied to one issue.
    const items = rows
      .filter((row) => {
        const id = capText(row.fields.id?.text ?? '', 100);
        if (id === '' || seen.has(id)) return false;
        seen.add(id);
        return true;
      })
      .map((row) => ({
        incident,
        item: capText(row.fields.id!.text, 100),
        description: row.fields.description?.text ?? '',
        owner: capText(row.fields.owner?.text ?? '', 200),
        due: capText(row.fields.due?.text ?? '', 64),
        // Also in label names (`priority:P1`), which GitHub caps at 50 characters.
        priority: capText(row.fields.priority?.text.toUpperCase() ?? '', 32),
        type: capText(row.fields.type?.text.toLowerCase() ?? '', 32),
        severity: capText(doc.meta.severity ?? '', 32),
        file: file.path,
        incidentTitle: doc.meta.title ?? '',
        incidentDate: doc.meta.date ?? '',
        related: doc.meta.related ?? [],
        closedInDocument: row.fields.status !== undefined && !isOpenStatus(row.fields.status.text),
        line: row.row.line,
        ...context,
      }));
    return [{ incident, status: doc.meta.status ?? '', items, untracked: rows.length - items.length, date: doc.meta.date }];
  });
}
