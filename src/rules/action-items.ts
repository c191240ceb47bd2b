import type { ActionItem, ActionItemTable } from '../model/postmortem.js';

/** How a message names an action item: its ID, or its place when it has none. */
export function itemLabel(item: ActionItem, index: number, table?: Pick<ActionItemTable, 'kind'>): string {
  const id = item.fields.id?.text;
  if (id) return id;
  const place = item.ordinal ?? index + 1;
  return (item.kind ?? table?.kind) === 'list' ? `Action item ${place}` : `The action item in row ${place}`;
}
