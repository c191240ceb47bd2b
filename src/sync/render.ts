import { stripMarkers } from './marker.js';
import type { SyncItem } from './plan.js';

/** GitHub's limits on an issue's title and body. */
export const TITLE_LIMIT = 256;
export const BODY_LIMIT = 65_536;
const DESCRIPTION_LIMIT = 4_000;

/**
 * Text from a document going into an issue: no markers (a document cannot
 * forge the tool's block), no mentions (nobody is pinged by a description),
 * no images that would load from elsewhere, bounded in length.
 */
export function inertText(text: string, limit = DESCRIPTION_LIMIT): string {
  let clean = text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<img\b[^>]*>/gi, '')
    .replace(/\s+/g, ' ');
  // Last, and until nothing changes: removing one thing must not assemble a marker from the rest.
  for (let previous = ''; previous !== clean; ) {
    previous = clean;
    clean = stripMarkers(clean);
  }
  // Mentions are defused after every removal: `@<!-- -->team` must not become a ping once the comment is gone.
  clean = clean.replace(/<!--|-->/g, '').replace(/@(?=[A-Za-z0-9])/g, '@\u200b').trim();
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean;
}

const HANDLE = /^@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/** A single GitHub handle is a mention the tool means; anything else is inert text. */
export function mentionOrText(owner: string): string {
  return HANDLE.test(owner.trim()) ? owner.trim() : inertText(owner, 64);
}

/** `[INC-20240115-0042] AI-001: Add monitor for pool utilization >80%`, within GitHub's limit. */
export function issueTitle(item: SyncItem): string {
  const title = `[${item.incident}] ${item.item}: ${inertText(item.description, TITLE_LIMIT)}`;
  return title.length > TITLE_LIMIT ? `${title.slice(0, TITLE_LIMIT - 1)}…` : title;
}

/** The visible part of the tool's block: the description and the item's fields, with a link to its place in the postmortem. */
export function issueBodyContent(item: SyncItem, linkBase: string): string {
  const link = `${linkBase}${item.file.split('/').map(encodeURIComponent).join('/')}#action-items`;
  const related = item.related.length > 0 ? item.related.map((id) => inertText(id, 64)).join(', ') : 'none';
  return [
    inertText(item.description),
    '',
    '| | |',
    '|---|---|',
    `| Incident | [${inertText(item.incident, 64)} · ${inertText(item.incidentTitle, 200)}](${link}) |`,
    `| Severity | ${inertText(item.severity, 32)} |`,
    `| Incident date | ${inertText(item.incidentDate, 32)} |`,
    `| Due | ${inertText(item.due, 32)} |`,
    `| Priority | ${inertText(item.priority, 32)} |`,
    `| Type | ${inertText(item.type, 32)} |`,
    // The owner is pinged on purpose: this is their item.
    `| Owner | ${mentionOrText(item.owner)} |`,
    `| Related incidents | ${related} |`,
    '',
    `Kept in step with [the postmortem](${link}) by postmortem-kb: edit the item there. Text outside this block is yours and is kept.`,
  ].join('\n');
}
