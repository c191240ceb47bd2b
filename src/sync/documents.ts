import { isOpenStatus } from '../kb/action-items.js';
import type { ParsedFile } from '../parse/document.js';
import type { SyncDocument } from './plan.js';

/** The postmortems as the sync reads them: every action item with an ID, and the incident's fields it carries. */
export function syncDocuments(parsed: readonly ParsedFile[]): SyncDocument[] {
  return parsed.flatMap((file) => {
    const doc = file.postmortem;
    const incident = doc?.meta.id;
    if (!doc || incident === undefined) return [];
    const rows = doc.actionItems?.items ?? [];
    const seen = new Set<string>();
    // An item without an ID, or repeating one (action-item-id reports both), cannot be tied to one issue.
    const items = rows
      .filter((row) => {
        const id = row.fields.id?.text ?? '';
        if (id === '' || seen.has(id)) return false;
        seen.add(id);
        return true;
      })
      .map((row) => ({
        incident,
        item: row.fields.id!.text,
        description: row.fields.description?.text ?? '',
        owner: row.fields.owner?.text ?? '',
        due: row.fields.due?.text ?? '',
        priority: row.fields.priority?.text.toUpperCase() ?? '',
        type: row.fields.type?.text.toLowerCase() ?? '',
        severity: doc.meta.severity ?? '',
        file: file.path,
        incidentTitle: doc.meta.title ?? '',
        incidentDate: doc.meta.date ?? '',
        related: doc.meta.related ?? [],
        closedInDocument: row.fields.status !== undefined && !isOpenStatus(row.fields.status.text),
      }));
    return [{ incident, status: doc.meta.status ?? '', items, untracked: rows.length - items.length }];
  });
}
