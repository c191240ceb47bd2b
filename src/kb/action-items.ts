import { isOpenStatus } from '../model/item-status.js';
import type { Postmortem } from '../model/postmortem.js';

/** An action item that is not done, as the knowledge base reports it. */
export interface OpenActionItem {
  incident: string;
  id: string | undefined;
  description: string;
  owner: string | undefined;
  due: string | undefined;
  status: string;
  /** The item's GitHub issue, once it has one. */
  url?: string;
}

export { CLOSED, CLOSED_FIRST, DONE_WORDS, isOpenStatus } from '../model/item-status.js';

/**
 * The items of a postmortem that are still open, by its own Status column
 * (or `[x]` in a task list). Once items are GitHub issues, the issue state
 * decides instead.
 */
export function openActionItems(doc: Postmortem): OpenActionItem[] {
  const incident = doc.meta.id ?? doc.path;
  return (doc.actionItems?.items ?? [])
    .filter((item) => isOpenStatus(item.fields.status?.text))
    .map((item) => ({
      incident,
      id: item.fields.id?.text || undefined,
      description: item.fields.description?.text ?? '',
      owner: item.fields.owner?.text || undefined,
      due: item.fields.due?.text || undefined,
      status: item.fields.status?.text || 'open',
    }));
}
