import { capText, cappedList, MENTION_BREAK, urlPath, visibleControls } from '../report/inert.js';
import { renderBlock, type ItemMetadata } from '../tracked/marker.js';
import { DESCRIPTION_LIMIT, inertText, mentionOrText } from '../tracked/text.js';
import { definitionOfDone } from './done.js';
import type { LinkedIncident, SyncItem } from './item.js';

/** GitHub's limits on an issue's title and body (and a comment's body), in characters. */
export const TITLE_LIMIT = 256;
export const BODY_LIMIT = 65_536;
/** What the tool's block may take of a body: the rest is room for what people write around it. */
const BLOCK_LIMIT = 60_000;
/** What the block's metadata keeps of the description, to tell the old one in a comment when it changes. */
export const STORED_DESCRIPTION = 1_000;

export { inertText, mentionOrText } from '../tracked/text.js';

/** Titles are plain text on GitHub: one line, controls visible, mentions broken like everywhere else. */
function titleText(text: string): string {
  return visibleControls(text.replace(/\s+/g, ' ').trim()).replace(/@/g, `@${MENTION_BREAK}`);
}

/** `[INC-20240115-0042] AI-001: Add monitor for pool utilization >80%`, within GitHub's limit. */
export function issueTitle(item: SyncItem): string {
  return capText(`[${titleText(item.incident)}] ${titleText(item.item)}: ${titleText(capText(item.description, TITLE_LIMIT))}`, TITLE_LIMIT);
}

/** Where an issue body links to. */
export interface BodyLinks {
  /** https://github.com/o/r/blob/<default branch>/: the related postmortems, the footer's link (where the item is edited), and the incident's without a commit. */
  linkBase: string;
  /**
   * The commit the body is written at (a push's sha) and the line of the item's row there: the item's permalink.
   * `repository` is https://github.com/o/r.
   */
  permalink?: { repository: string; sha: string; line: number | undefined } | undefined;
}

/**
 * The item's row at the commit: `?plain=1` because GitHub shows a Markdown file rendered, where a line anchor
 * points nowhere. Without a commit (a preview), the Action Items section on the default branch.
 */
export function itemLink(item: Pick<SyncItem, 'file'>, links: BodyLinks): string {
  const { permalink } = links;
  if (!permalink) return `${links.linkBase}${urlPath(item.file)}#action-items`;
  const at = `${permalink.repository}/blob/${permalink.sha}/${urlPath(item.file)}`;
  return permalink.line === undefined ? `${at}#action-items` : `${at}?plain=1#L${permalink.line}`;
}

/** The tool's metadata for an item's issue: its fields, the description as stored, and the permalink's commit and line. */
export function itemMetadata(item: Pick<SyncItem, 'incident' | 'item' | 'due' | 'priority' | 'type' | 'owner' | 'severity' | 'file' | 'description'>, links?: BodyLinks): ItemMetadata {
  const { incident, item: id, due, priority, type, owner, severity, file } = item;
  const permalink = links?.permalink;
  return {
    v: 1, incident, item: id, due, priority, type, owner, severity, file,
    description: capText(item.description, STORED_DESCRIPTION),
    ...(permalink ? { at: permalink.sha, ...(permalink.line !== undefined ? { line: permalink.line } : {}) } : {}),
  };
}

interface Detail {
  description: number;
  title: number;
  related: number;
  /** The Summary's and the root cause's paragraphs. */
  context: number;
}

// Shed in order until the block fits: a postmortem may hold any number of related ids and any length of text.
const DETAILS: Detail[] = [
  { description: DESCRIPTION_LIMIT, title: 200, related: 20, context: 600 },
  { description: 1_000, title: 100, related: 5, context: 300 },
  { description: 200, title: 64, related: 0, context: 0 },
];

/** `[INC-… · title](its postmortem) (date)`: on the default branch, where the postmortem reads as it is now. */
function incidentLink(incident: LinkedIncident, links: BodyLinks, detail: Detail): string {
  const date = incident.date ? ` (${inertText(incident.date, 32)})` : '';
  return `[${inertText(incident.id, 64)} · ${inertText(incident.title, Math.min(detail.title, 100))}](${links.linkBase}${urlPath(incident.file)})${date}`;
}

/** The ids `related:` names: linked to their postmortems when the knowledge base holds them. */
function relatedCell(item: SyncItem, links: BodyLinks, detail: Detail): string {
  if (item.related.length === 0) return 'none';
  const known = new Map((item.relatedIncidents ?? []).map((incident) => [incident.id, incident]));
  const shown = item.related.slice(0, detail.related).map((id) => {
    const incident = known.get(id);
    return incident ? incidentLink(incident, links, detail) : inertText(id, 64);
  });
  return cappedList([...shown, ...item.related.slice(detail.related)], detail.related);
}

/** The incidents whose `related:` names this one, with their dates: it happened again. */
function linkedFromCell(item: SyncItem, links: BodyLinks, detail: Detail): string | undefined {
  const from = item.linkedFrom ?? [];
  if (from.length === 0) return undefined;
  const shown = from.slice(0, detail.related).map((incident) => incidentLink(incident, links, detail));
  return cappedList([...shown, ...from.slice(detail.related).map((incident) => incident.id)], detail.related);
}

function content(item: SyncItem, links: BodyLinks, detail: Detail): string {
  const link = itemLink(item, links);
  const linkedFrom = linkedFromCell(item, links, detail);
  const paragraph = (label: string, text: string | undefined) => (text && detail.context > 0 ? [`**${label}:** ${inertText(text, detail.context)}`, ''] : []);
  return [
    inertText(item.description, detail.description),
    '',
    '| | |',
    '|---|---|',
    `| Incident | [${inertText(item.incident, 64)} · ${inertText(item.incidentTitle, detail.title)}](${link}) |`,
    `| Severity | ${inertText(item.severity, 32)} |`,
    `| Incident date | ${inertText(item.incidentDate, 32)} |`,
    `| Due | ${inertText(item.due, 32)} |`,
    `| Priority | ${inertText(item.priority, 32)} |`,
    `| Type | ${inertText(item.type, 32)} |`,
    // The owner is pinged on purpose: this is their item.
    `| Owner | ${mentionOrText(item.owner)} |`,
    `| Related incidents | ${relatedCell(item, links, detail)} |`,
    ...(linkedFrom !== undefined ? [`| Linked from | ${linkedFrom} |`] : []),
    '',
    ...paragraph('What happened', item.summary),
    ...paragraph('Root cause', item.rootCause),
    `**Definition of done:** ${definitionOfDone(item.type)}`,
    '',
    // Edited on the default branch: a permalink shows the item as it was, where it cannot be edited.
    `Kept in step with [the postmortem](${links.linkBase}${urlPath(item.file)}#action-items) by postmortem-kb: edit the item there. Text outside this block is yours and is kept.`,
  ].join('\n');
}

/**
 * The tool's block of an item's issue: the hidden metadata, the description,
 * the item's fields and its context (the incident and its permalink, what
 * happened, the root cause, the incidents linked both ways, when the issue is
 * done). Built to fit: the block stays within BLOCK_LIMIT, so the body GitHub
 * is sent is never refused for its length.
 */
export function issueBlock(item: SyncItem, links: BodyLinks): string {
  const metadata = itemMetadata(item, links);
  const frame = renderBlock(metadata, '').length;
  let text = '';
  for (const detail of DETAILS) {
    text = content(item, links, detail);
    if (frame + text.length <= BLOCK_LIMIT) break;
  }
  return renderBlock(metadata, text);
}
