import type { ActionItem, ActionItemTable } from '../model/postmortem.js';

/** How a message names an action item: its ID, or its place when it has none. */
export function itemLabel(item: ActionItem, index: number, table?: Pick<ActionItemTable, 'kind'>): string {
  const id = item.fields.id?.text;
  if (id) return id;
  return table?.kind === 'list' ? `Action item ${index + 1}` : `The action item in row ${index + 1}`;
}
