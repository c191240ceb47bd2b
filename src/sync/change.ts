import { capText } from '../report/inert.js';
import type { ItemMetadata } from '../tracked/marker.js';
import { inertText } from '../tracked/text.js';
import type { SyncItem } from './item.js';
import { STORED_DESCRIPTION } from './render.js';

/** One field of an item the postmortem changed, as the comment on its issue tells it. */
export interface ItemChange {
  field: 'description' | 'owner' | 'due';
  from: string;
  to: string;
}

/**
 * What the postmortem changed of an item, against what the tool last wrote in
 * its issue's metadata. An issue written before the description was stored
 * has no old description to tell: only its owner and due date are compared.
 */
export function itemChanges(previous: ItemMetadata, item: SyncItem): ItemChange[] {
  const changes: ItemChange[] = [];
  const description = capText(item.description, STORED_DESCRIPTION);
  if (previous.description !== undefined && previous.description !== description) changes.push({ field: 'description', from: previous.description, to: description });
  if (previous.owner !== item.owner) changes.push({ field: 'owner', from: previous.owner, to: item.owner });
  if (previous.due !== item.due) changes.push({ field: 'due', from: previous.due, to: item.due });
  return changes;
}

const NAMES: Record<ItemChange['field'], string> = { description: 'Description', owner: 'Owner', due: 'Due' };

/** A value in the comment: inert (an owner is named, not pinged: the assignment and the body ping), or "none". */
const shown = (value: string, limit: number) => (value.trim() === '' ? '_none_' : inertText(value, limit));

/**
 * The short comment an update posts when the item's description, owner or
 * due date changed: old → new, and the commit that changed it (linked) when
 * the run knows it. Bounded: each value is capped.
 */
export function changeComment(changes: readonly ItemChange[], commit: { repository: string; sha: string } | undefined): string {
  const where = commit ? ` in [\`${commit.sha.slice(0, 7)}\`](${commit.repository}/commit/${commit.sha})` : '';
  const lines = changes.map((change) => {
    const limit = change.field === 'description' ? 300 : 64;
    return `- ${NAMES[change.field]}: ${shown(change.from, limit)} → ${shown(change.to, limit)}`;
  });
  return [`The postmortem changed this action item${where}:`, '', ...lines, '', 'The issue above now shows the item as it is. — postmortem-kb'].join('\n');
}
