import { capText, cappedList, markdownText, MENTION_BREAK, urlPath, visibleControls } from '../report/inert.js';
import { renderBlock } from '../tracked/marker.js';
import { DESCRIPTION_LIMIT, inertText, mentionOrText } from '../tracked/text.js';
import type { SyncItem } from './item.js';

/** GitHub's limits on an issue's title and body (and a comment's body), in characters. */
export const TITLE_LIMIT = 256;
export const BODY_LIMIT = 65_536;
/** What the tool's block may take of a body: the rest is room for what people write around it. */
const BLOCK_LIMIT = 60_000;

export { inertText, mentionOrText } from '../tracked/text.js';

/** Titles are plain text on GitHub: one line, controls visible, mentions broken like everywhere else. */
function titleText(text: string): string {
  return visibleControls(text.replace(/\s+/g, ' ').trim()).replace(/@/g, `@${MENTION_BREAK}`);
}

/** `[INC-20240115-0042] AI-001: Add monitor for pool utilization >80%`, within GitHub's limit. */
export function issueTitle(item: SyncItem): string {
  return capText(`[${titleText(item.incident)}] ${titleText(item.item)}: ${titleText(capText(item.description, TITLE_LIMIT))}`, TITLE_LIMIT);
}

interface Detail {
  description: number;
  title: number;
  related: number;
}

// Shed in order until the block fits: a postmortem may hold any number of related ids and any length of text.
const DETAILS: Detail[] = [
  { description: DESCRIPTION_LIMIT, title: 200, related: 20 },
  { description: 1_000, title: 100, related: 5 },
  { description: 200, title: 64, related: 0 },
];

function content(item: SyncItem, linkBase: string, detail: Detail): string {
  const link = `${linkBase}${urlPath(item.file)}#action-items`;
  const shown = item.related.slice(0, detail.related).map((id) => inertText(id, 64));
  const related = item.related.length > 0 ? cappedList([...shown, ...item.related.slice(detail.related)], detail.related) : 'none';
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
    `| Related incidents | ${related} |`,
    '',
    `Kept in step with [the postmortem](${link}) by postmortem-kb: edit the item there. Text outside this block is yours and is kept.`,
  ].join('\n');
}

/**
 * The visible part of the tool's block: the description and the item's
 * fields, with a link to its place in the postmortem. Built to fit: with the
 * hidden metadata around it, the block stays within BLOCK_LIMIT, so the body
 * GitHub is sent is never refused for its length.
 */
export function issueBodyContent(item: SyncItem, linkBase: string): string {
  const { incident, item: id, due, priority, type, owner, severity, file } = item;
  const frame = renderBlock({ v: 1, incident, item: id, due, priority, type, owner, severity, file }, '').length;
  let text = '';
  for (const detail of DETAILS) {
    text = content(item, linkBase, detail);
    if (frame + text.length <= BLOCK_LIMIT) break;
  }
  return text;
}
