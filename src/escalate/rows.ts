import type { ParsedFile } from '../parse/document.js';
import { capText } from '../report/inert.js';

/** An action item's row in its postmortem, as read this run. */
export interface ItemRow {
  /** 1-based, in the file (frontmatter included), for a link to the row. */
  line: number | undefined;
  /** Its description, on one line and bounded. */
  title: string;
  /** The postmortem, relative to the repository. */
  file: string;
}

/** The key of an item among the rows read this run: incident and item id, which no id can forge (NUL is no text). */
export const itemKey = (incident: string, item: string): string => `${incident}\u0000${item}`;

/** What an item's title may take wherever the escalation shows it: a comment, a report line, the JSON. */
export const TITLE_LIMIT = 200;

/**
 * Each action item's row in the postmortems read this run, by `itemKey`: the line of its row (for a link to it),
 * its description and its file. An id written twice keeps its first row, as the sync does.
 */
export function itemRows(parsed: readonly ParsedFile[]): Map<string, ItemRow> {
  const rows = new Map<string, ItemRow>();
  for (const file of parsed) {
    const doc = file.postmortem;
    if (!doc || doc.meta.id === undefined) continue;
    // The sync caps ids at 100 characters before they go into an issue's block: the same key here.
    const incident = capText(doc.meta.id, 100);
    for (const row of doc.actionItems?.items ?? []) {
      const id = capText(row.fields.id?.text ?? '', 100);
      const key = itemKey(incident, id);
      if (id === '' || rows.has(key)) continue;
      rows.set(key, { line: row.row.line, title: capText(oneLine(row.fields.description?.text ?? ''), TITLE_LIMIT), file: file.path });
    }
  }
  return rows;
}

/**
 * An item's title as the escalation shows it: the description in its postmortem as read this run, else the
 * issue's title without the sync's `[incident] item: ` prefix (the same description when the sync wrote it).
 */
export function itemTitle(issue: { title: string; metadata: { incident: string; item: string } }, row: ItemRow | undefined): string {
  if (row && row.title !== '') return row.title;
  const prefix = `[${issue.metadata.incident}] ${issue.metadata.item}`;
  // A title that is the prefix alone names no more than the line already does.
  const title = issue.title.startsWith(prefix) ? issue.title.slice(prefix.length).replace(/^:\s*/, '') : issue.title;
  return capText(oneLine(title), TITLE_LIMIT);
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
