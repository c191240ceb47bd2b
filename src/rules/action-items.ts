import type { ActionItem } from '../model/postmortem.js';

/** How a message names an action item: its ID, or its row when it has none. */
export function itemLabel(item: ActionItem, index: number): string {
  const id = item.fields.id?.text;
  return id ? id : `The action item in row ${index + 1}`;
}
