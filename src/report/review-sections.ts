import { ordinal } from '../kb/patterns.js';
import type { FileResult } from '../model/finding.js';
import type { DocumentReport, RelatedReport, UntrackedItem } from '../review/documents.js';
import { capText, codeSpan, linkUrl, markdownText } from './inert.js';
import { problemRows, type ProblemRow } from './review-findings.js';
import type { ReviewLinks } from './review-links.js';

/** Document text, escaped and bounded: a description or a title never floods the comment. */
export const text = (value: string, max = 300) => markdownText(capText(value, max));
const code = (value: string, max = 100) => codeSpan(capText(value, max));
const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

/** An incident id, linked to its file at the reviewed commit when the file and the repository are known. */
export function incidentLink(id: string, path: string | undefined, links: ReviewLinks): string {
  const url = path === undefined ? undefined : links.file(path);
  return url ? `[${text(id, 100)}](${url})` : text(id, 100);
}

/** The earlier items still open that a recurrence shows; the rest are counted. */
const OPEN_ITEMS_SHOWN = 15;

/**
 * The recurrence, before any finding: "INC-… is the 4th `n-plus-one` incident
 * in 180 days", the earlier incidents, and their action items still open.
 */
export function recurrenceSection(document: DocumentReport, links: ReviewLinks, itemStates: 'issues' | 'documents' | undefined): string[] {
  const pattern = document.pattern;
  if (!pattern) return [];
  const lead = pattern.tags[0] ?? '';
  const subject = incidentLink(document.id ?? document.path, document.path, links);
  const pathOf = (id: string) => pattern.paths?.[id];
  const earlier = pattern.incidents.filter((id) => id !== document.id);
  const dated = earlier.map((id) => {
    const date = document.related.find((related) => related.id === id)?.date;
    return `${incidentLink(id, pathOf(id), links)}${date ? ` (${text(date, 32)})` : ''}`;
  });
  const lines = [
    '',
    `### 🔁 ${text(document.id ?? document.path, 120)} is the ${ordinal(pattern.count)} ${code(lead)} incident in ${pattern.windowDays} days`,
    '',
    `${subject} repeats ${list(dated)}: all tagged ${pattern.tags.map((tag) => code(tag)).join(', ')}. The earlier fixes did not hold.`,
  ];
  const items = pattern.openActionItems;
  const source =
    itemStates === 'issues' ? 'by their issues' : 'by their documents’ Status column; their issues were not read';
  if (items.length === 0) {
    lines.push('', `The earlier incidents have no action item still open (${source}).`);
    return lines;
  }
  lines.push('', `**${plural(items.length, 'action item')} of the earlier incidents ${items.length === 1 ? 'is' : 'are'} still open** (${source}):`, '');
  for (const item of items.slice(0, OPEN_ITEMS_SHOWN)) {
    const label = item.id ? (item.url ? `[${text(item.id, 100)}](${linkUrl(item.url)})` : text(item.id, 100)) : 'an item without ID';
    const who = [item.owner ? `owner ${text(item.owner, 100)}` : 'no owner', item.due ? `due ${text(item.due, 32)}` : undefined].filter(Boolean).join(', ');
    lines.push(`- ${incidentLink(item.incident, pathOf(item.incident), links)} ${label}: ${text(item.description)} (${who})`);
  }
  if (items.length > OPEN_ITEMS_SHOWN) lines.push(`- … and ${items.length - OPEN_ITEMS_SHOWN} more, in the earlier postmortems`);
  return lines;
}

function list(entries: readonly string[]): string {
  if (entries.length <= 1) return entries.join('');
  return `${entries.slice(0, -1).join(', ')} and ${entries[entries.length - 1]}`;
}

/** Why an incident is related, in words a reader can check: the pattern, the links, the tags by rarity, the services. */
export function relatedReasons(related: RelatedReport): string {
  const reasons: string[] = [];
  if (related.samePattern) reasons.push('same recurring pattern');
  if (related.linksTo && related.linkedFrom) reasons.push('the two link to each other');
  else if (related.linksTo) reasons.push('this postmortem links to it');
  else if (related.linkedFrom) reasons.push('it links to this postmortem');
  const tags = (values: readonly string[]) => values.map((tag) => code(tag)).join(', ');
  const rare = related.rareTags ?? [];
  const common = related.commonTags ?? [];
  const usual = related.sharedTags.filter((tag) => !rare.includes(tag) && !common.includes(tag));
  const kinds = [
    rare.length > 0 ? `the rare ${rare.length === 1 ? 'tag' : 'tags'} ${tags(rare)}` : undefined,
    usual.length > 0 ? `the ${usual.length === 1 ? 'tag' : 'tags'} ${tags(usual)}` : undefined,
    common.length > 0 ? `${rare.length + usual.length === 0 && reasons.length === 0 ? 'only ' : ''}the common ${common.length === 1 ? 'tag' : 'tags'} ${tags(common)}` : undefined,
  ].filter((kind): kind is string => kind !== undefined);
  if (kinds.length > 0) reasons.push(`shares ${list(kinds)}`);
  const services = related.sharedServices ?? [];
  if (services.length > 0) reasons.push(`same ${services.length === 1 ? 'service' : 'services'} ${services.map((service) => code(service)).join(', ')}`);
  return reasons.join('; ');
}

export function relatedSection(document: DocumentReport, links: ReviewLinks): string[] {
  if (document.related.length === 0) return [];
  const lines = ['', '**Related incidents**', ''];
  for (const related of document.related) {
    const title = related.title ? ` · ${text(related.title, 200)}` : '';
    const date = related.date ? ` (${text(related.date, 32)})` : '';
    lines.push(`- ${incidentLink(related.id, related.path, links)}${title}${date}: ${relatedReasons(related) || 'related'}.`);
  }
  const banded = document.related.some((related) => (related.rareTags?.length ?? 0) + (related.commonTags?.length ?? 0) > 0);
  if (banded && document.rarity) {
    const { incidents, rareAtMost } = document.rarity;
    lines.push('', `Rare tags are carried by at most ${rareAtMost} of the knowledge base’s ${plural(incidents, 'incident')}, common ones by more than half.`);
  }
  return lines;
}

/** Plan rows shown in the comment; the rest are counted (the sync's own log lists every one on merge). */
const PLAN_ROWS = 30;

/** What an issue opened from a row with an error will lack, from the findings on its row. */
function lacks(issue: { owner: string; due: string; assignee?: string | undefined }, rows: readonly ProblemRow[]): string[] {
  const said: string[] = [];
  for (const row of rows) {
    if (row.rules.includes('action-item-owner')) {
      if (issue.assignee !== undefined) continue;
      said.push(issue.owner === '' ? 'opened unassigned, the row names no owner' : `opened unassigned, the owner ${code(issue.owner)} is not a GitHub handle`);
    } else if (row.rules.includes('action-item-due') && row.findings.some((finding) => ['invalid', 'empty', 'noColumn'].includes(finding.messageId))) {
      said.push(issue.due === '' ? 'no due date, so it is never escalated as overdue' : `no due date the escalation can read (${code(issue.due, 64)}), so it is never escalated as overdue`);
    } else {
      said.push(`opened as written, though ${text(row.message)}`);
    }
  }
  return said;
}

function untrackedReason(item: UntrackedItem): string {
  const { reason } = item;
  switch (reason.kind) {
    case 'no-id':
      return 'it has no ID, and the sync ties each issue to an item’s ID';
    case 'repeated-id':
      return `it repeats the ID of the row on line ${reason.firstLine}; only that row is tracked`;
    case 'done':
      return `already done in the document (Status ${code(reason.status, 64)})`;
    case 'capped':
      return `past the ${reason.cap} issues one postmortem may open (\`sync.maxItemsPerDocument\`)`;
    case 'has-issue':
      return reason.state === 'open' ? `already tracked by [#${reason.number}](${linkUrl(reason.url)}), kept in step on merge` : `its issue [#${reason.number}](${linkUrl(reason.url)}) is closed and stays closed`;
  }
}

export function planSection(document: DocumentReport, result: FileResult | undefined): string[] {
  if (!Array.isArray(document.plan)) return ['', `**No issues will be opened on merge:** ${text(document.plan.notYet)}`];
  const lines: string[] = [];
  const planned = document.plan;
  const errors = (result?.findings ?? []).filter((finding) => finding.severity === 'error');
  if (planned.length > 0) {
    lines.push('', `**On merge, ${plural(planned.length, 'issue')} will be opened:**`, '', '| Issue | Owner | Due | Priority | Type |', '|---|---|---|---|---|');
    const notes: string[] = [];
    for (const issue of planned.slice(0, PLAN_ROWS)) {
      lines.push(`| ${text(issue.title)} | ${text(issue.owner, 100)} | ${text(issue.due, 64)} | ${text(issue.priority, 32)} | ${text(issue.type, 32)} |`);
      if (issue.line === undefined) continue;
      const onRow = errors.filter((finding) => finding.line >= issue.line! && finding.line <= (issue.endLine ?? issue.line!));
      const missing = lacks(issue, problemRows(onRow));
      if (missing.length > 0) notes.push(`- ${text(issue.item ?? '', 100)} (line ${issue.line}): ${missing.join('; ')}.`);
    }
    if (planned.length > PLAN_ROWS) lines.push('', `… and ${planned.length - PLAN_ROWS} more.`);
    if (notes.length > 0) lines.push('', 'As written, these rows open incomplete issues:', '', ...notes);
  }
  const untracked = document.untracked ?? [];
  if (untracked.length > 0) {
    lines.push('', `**Not opened on merge (${plural(untracked.length, 'item')}):**`, '');
    for (const item of untracked.slice(0, PLAN_ROWS)) {
      const name = item.item ? `${text(item.item, 100)} (line ${item.line})` : `Line ${item.line}`;
      lines.push(`- ${name}, “${text(item.description, 120)}”: ${untrackedReason(item)}.`);
    }
    if (untracked.length > PLAN_ROWS) lines.push(`- … and ${untracked.length - PLAN_ROWS} more.`);
  }
  if (planned.length === 0 && untracked.length === 0) lines.push('', '**No issues will be opened on merge:** the postmortem has no action items.');
  return lines;
}
