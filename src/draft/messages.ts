import { capText, codeSpan, linkUrl, markdownText, urlPath } from '../report/inert.js';
import type { Draft } from './draft.js';
import type { IncidentRecord } from './incident.js';

/** The words a draft is announced with: the pull request's title and description, the comment on the incident. */

const MARKER = '<!-- postmortem-kb:draft ';
const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The tool's comment on an incident issue, found again by its marker: the draft's id and branch. */
export function draftMarkerOf(body: string): { id: string; branch: string } | undefined {
  const at = body.indexOf(MARKER);
  if (at === -1) return undefined;
  const end = body.indexOf(' -->', at);
  const fields = new Map(
    body
      .slice(at + MARKER.length, end === -1 ? undefined : end)
      .split(' ')
      .map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)] as const),
  );
  const id = fields.get('id');
  return id !== undefined && ID.test(id) ? { id, branch: `postmortem/${id}` } : undefined;
}

/**
 * The pull request's title, also its commit message: `#12` in an incident's title would link, and "Fixes #12"
 * close, another issue; a word joiner after the `#` keeps the text and drops the reference.
 */
export function pullRequestTitle(draft: Draft): string {
  return `Postmortem ${draft.id}: ${capText(draft.title, 120).replace(/#(?=\d)/g, '#\u2060')}`;
}

function when(record: IncidentRecord): string {
  const at = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  return record.closedAt === undefined ? `opened ${at(record.createdAt)} UTC, not closed` : `${at(record.createdAt)} → ${at(record.closedAt)} UTC`;
}

/** The pull request's description: what the draft holds, what is left, what the entry gates found. Incident text escaped. */
export function pullRequestBody(draft: Draft, record: IncidentRecord, path: string): string {
  const severity = draft.severity === undefined ? 'no severity label' : `**${markdownText(draft.severity)}**`;
  const lines = [
    `Draft postmortem of incident [#${record.number}](${linkUrl(record.url)}), ${markdownText(draft.title)} (${severity}, ${when(record)}), written by postmortem-kb from the incident issue.`,
    '',
    `- ${codeSpan(path)}: ${draft.timelineRows} Timeline rows from the issue's updates, their Significance proposed from their words (confirm them); ${draft.responders.length} ${draft.responders.length === 1 ? 'responder' : 'responders'}.`,
    `- What is left to write is marked with \`<…>\` slots: \`postmortem lint ${path.replace(/`/g, '')}\` lists them, and the review of this pull request shows them.`,
  ];
  if (draft.related.length > 0) {
    lines.push(`- Related incidents proposed (in a comment under the Summary): ${draft.related.map((entry) => `${markdownText(entry.id)}${entry.title ? ` · ${markdownText(capText(entry.title, 80))}` : ''}`).join('; ')}.`);
  }
  if (draft.findings.length > 0) {
    lines.push('', '**Before you start** (the method’s entry gates):', '');
    for (const finding of draft.findings) lines.push(`- Line ${finding.line}: ${markdownText(finding.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The one comment on the incident issue: where its draft is. */
export function draftComment(draft: Draft, path: string, repositoryUrl: string): string {
  const branch = `postmortem/${draft.id}`;
  // urlPath encodes every segment (parentheses and spaces included): linkUrl would encode its `%` again.
  const file = `${repositoryUrl}/blob/${urlPath(branch)}/${urlPath(path)}`;
  const pulls = `${repositoryUrl}/pulls?q=is:pr head:${branch}`;
  return [
    `${MARKER}id=${draft.id} -->`,
    `Draft postmortem: [${markdownText(path)}](${file}) on the branch [${markdownText(branch)}](${repositoryUrl}/tree/${urlPath(branch)}), for review in [its pull request](${linkUrl(pulls)}).`,
    '',
    `It holds this issue's timeline (${draft.timelineRows} rows), its responders and its description; the rest is for the authors to write.`,
  ].join('\n');
}
