import { parseDocument } from 'yaml';
import { defaultSeverityLabels } from '../config/draft.js';
import type { ResolvedConfig } from '../config/types.js';
import { buildKnowledgeBase, type KnowledgeBase } from '../kb/index.js';
import { findRelated, relatedInWords } from '../kb/related.js';
import { normalizeSynonyms, normalizeTags } from '../kb/tags.js';
import type { Finding } from '../model/finding.js';
import { gateFinding } from './gates.js';
import { MAX_COMMENTS, type IncidentRecord } from './incident.js';
import { nextFreeId, slugOf } from './names.js';
import { authorsOf, readLabels, respondersOf, seedFromBody } from './seed.js';
import { atxHeading, commentText, destination, inlineText } from './text.js';
import { capUpdates, gapsOf, PROPOSED, proposeMilestones, timeCells, updatesOf } from './timeline.js';

export interface DraftInput {
  record: IncidentRecord;
  /** The template's text (`\n` line endings), frontmatter included. */
  template: string;
  config: ResolvedConfig;
  knowledgeBase: KnowledgeBase;
  /** The folder new postmortems go to, relative to the repository root (`postmortems`). */
  folder: string;
  /** An id to use instead of the next free one of the incident's day (a redraft keeps its first id). */
  id?: string | undefined;
}

export interface Draft {
  id: string;
  title: string;
  /** YYYY-MM-DD, UTC: the day the incident issue was opened. */
  date: string;
  severity: string | undefined;
  /** Relative to the repository root, POSIX separators. */
  path: string;
  text: string;
  /** The entry gates' findings, at lines of `text`. */
  findings: Finding[];
  responders: string[];
  timelineRows: number;
  related: { id: string; title: string | undefined; date: string | undefined; path: string; reasons: string }[];
}

/** An incident without a severity label gets a slot: the frontmatter rule leaves a slot to the placeholder rule. */
function severitySlot(severities: readonly string[]): string {
  return `<${severities.length > 1 ? `${severities.slice(0, -1).join(', ')} or ${severities[severities.length - 1]}` : (severities[0] ?? 'severity')}: the incident has no severity label>`;
}
const TITLE_LENGTH = 120;
const SEED_LENGTH = 2_000;
const RELATED_SHOWN = 5;
/** The stretches without an update told one by one; the rest are counted. */
const GAPS_SHOWN = 5;

/** A heading line's level and words, or undefined. */
function heading(line: string): { level: number; words: string } | undefined {
  const found = line.startsWith('#') ? atxHeading(line) : undefined;
  return found ? { level: found.level, words: found.text.toLowerCase() } : undefined;
}

function findSection(lines: readonly string[], names: readonly string[]): number {
  const wanted = names.map((name) => name.toLowerCase());
  return lines.findIndex((line) => {
    const found = heading(line);
    return found !== undefined && found.level >= 2 && wanted.includes(found.words);
  });
}

/** The index of the line after a section's own content: the next heading of any level. */
function contentEnd(lines: readonly string[], start: number): number {
  const next = lines.findIndex((line, index) => index > start && heading(line) !== undefined);
  return next === -1 ? lines.length : next;
}

/** Replaces a section's own content (to its next heading) with `content`, keeping a blank line around it. */
function replaceContent(lines: string[], start: number, content: readonly string[]): void {
  lines.splice(start + 1, contentEnd(lines, start) - start - 1, '', ...content, '');
}

function utc(at: number): string {
  return new Date(at).toISOString().slice(11, 16);
}

/**
 * A draft postmortem of an incident run in a GitHub issue: the template's frontmatter filled from the issue, its
 * Summary and Impact seeded from the description, a Responders list, a Timeline of its updates with the
 * milestones proposed, related incidents proposed in a comment; every other slot left for the author. Pure.
 */
export function draftPostmortem(input: DraftInput): Draft {
  const { record, config, knowledgeBase } = input;
  const settings = config.draft;
  const date = record.createdAt.slice(0, 10);
  const id = input.id ?? nextFreeId(knowledgeBase, date);
  const title = inlineTitle(record.title, record.number);
  const { severity, tagLabels } = readLabels(record.labels, settings, config.format.severities, defaultSeverityLabels(config.format.severities));
  const tags = normalizeTags(tagLabels, normalizeSynonyms(config.knowledgeBase.tags.synonyms)).filter((tag) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(tag));
  const authors = authorsOf(record, settings.ignoreLogins);
  const responders = respondersOf(record, settings.ignoreLogins);

  const match = /^---\n([\s\S]*?)\n---\n/.exec(input.template);
  const frontmatter = parseDocument(match ? match[1]! : '');
  frontmatter.set('id', id);
  frontmatter.set('title', title);
  frontmatter.set('date', date);
  frontmatter.set('severity', severity ?? severitySlot(config.format.severities));
  frontmatter.set('status', 'draft');
  if (authors.length > 0) frontmatter.set('authors', authors);
  if (tags.length > 0) frontmatter.set('tags', tags);
  frontmatter.set('started_at', record.createdAt.replace('.000Z', 'Z'));
  if (record.closedAt !== undefined) frontmatter.set('resolved_at', record.closedAt.replace('.000Z', 'Z'));
  frontmatter.set('incident', record.url);
  const head = `---\n${frontmatter.toString().trimEnd()}\n---\n`;

  const body = (match ? input.template.slice(match[0].length) : input.template).replace(/^# (.*)<Title>(.*)$/m, (_, before: string, after: string) => `# ${before}${markdownTitle(title)}${after}`);
  const lines = body.split('\n');
  const { sections } = config.format;

  // Related incidents, proposed by the draft's tags and services, as the knowledge base ranks them.
  const related = relatedOf(knowledgeBase, { id, title, date, tags, path: '' });
  const seed = seedFromBody(record.body, SEED_LENGTH);
  const summaryAt = findSection(lines, sections.summary);
  const recordLine = `The incident was run in [issue #${record.number}](${destination(record.url)}).`;
  const relatedLines =
    related.length === 0
      ? []
      : [
          '',
          '<!-- Related incidents proposed by postmortem draft from shared tags: add the ids of those that are to `related:` in the frontmatter, then delete this comment.',
          ...related.map((entry) => `- ${entry.id}${entry.title ? ` · ${commentText(entry.title)}` : ''}${entry.date ? ` (${commentText(entry.date)})` : ''}: ${commentText(entry.reasons)}`),
          '-->',
        ];
  // The issue's report is quoted under the template's slot: material for the Summary, which is still to write.
  const quoted = seed.summary === '' ? [] : ['> **From the incident issue:**', '>', ...seed.summary.split('\n').map((line) => (line === '' ? '>' : `> ${line}`)), ''];
  const summaryContent = [...quoted, recordLine, ...relatedLines];
  if (summaryAt === -1) {
    const h1 = lines.findIndex((line) => line.startsWith('# '));
    lines.splice(h1 + 1, 0, '', `## ${sections.summary[0] ?? 'Summary'}`, '', ...summaryContent);
  } else {
    lines.splice(contentEnd(lines, summaryAt), 0, ...summaryContent, '');
  }
  const impactAt = findSection(lines, sections.impact);
  if (impactAt !== -1 && seed.impact !== '') replaceContent(lines, impactAt, [seed.impact]);

  // Responders, before the Timeline (at its level), then the Timeline itself.
  let timelineAt = findSection(lines, sections.timeline);
  if (timelineAt === -1) {
    lines.push('', `## ${sections.timeline[0] ?? 'Timeline'}`, '');
    timelineAt = lines.length - 2;
  }
  const level = heading(lines[timelineAt]!)!.level;
  const responderLines = responders.length === 0 ? ['- <Who responded: @handle, role>'] : responders.map(({ person, assigned, updates }) => `- @${person.login}${describeResponder(assigned, updates)}`);
  lines.splice(timelineAt, 0, `${'#'.repeat(level)} Responders`, '', ...responderLines, '');
  const respondersAt = timelineAt;
  timelineAt += responderLines.length + 3;

  const updates = updatesOf(record);
  const { kept, left, leftFrom, leftTo } = capUpdates(updates, settings.maxTimelineRows);
  const proposed = proposeMilestones(kept, settings.keywords);
  const times = timeCells(kept);
  const columns = config.format.columns.timeline;
  const rows = [
    '<!-- postmortem draft wrote one row per update of the incident issue and proposed the Significance of some from their words: confirm each, move it to the right row, or clear it. -->',
    '',
    `| ${columns.time[0] ?? 'Time'} (UTC) | ${columns.event[0] ?? 'Event'} | ${columns.significance[0] ?? 'Significance'} |`,
    '|---|---|---|',
  ];
  const missing = PROPOSED.filter(({ milestone }) => ![...proposed.values()].includes(milestone));
  const startSlot = missing.find(({ milestone }) => milestone === 'start');
  if (startSlot) rows.push(`| <event time> | ${startSlot.slot} | ${startSlot.label} |`);
  kept.forEach((update, index) => {
    const milestone = proposed.get(index);
    const label = milestone === undefined ? '' : PROPOSED.find((entry) => entry.milestone === milestone)!.label;
    rows.push(`| ${times[index]} | ${update.event} | ${label} |`);
  });
  for (const slot of missing) if (slot !== startSlot) rows.push(`| <event time> | ${slot.slot} | ${slot.label} |`);
  if (left > 0) rows.push('', `_${left} updates of the incident issue, from ${new Date(leftFrom!.at).toISOString().slice(0, 16).replace('T', ' ')} to ${new Date(leftTo!.at).toISOString().slice(0, 16).replace('T', ' ')} UTC, are not in this Timeline: read them in [issue #${record.number}](${destination(record.url)})._`);
  replaceContent(lines, timelineAt, rows);

  const text = `${head}${lines.join('\n').replace(/\n{3,}/g, '\n\n')}`;
  const lineOf = lineFinder(text);
  const headLines = head.split('\n').length - 1;
  const findings: Finding[] = [];
  if (record.closedAt === undefined) findings.push(gateFinding('not-closed', { number: record.number }, lineOf('status:', 1)));
  if (severity === undefined) findings.push(gateFinding('no-severity', { number: record.number, labels: record.labels.length === 0 ? 'no labels' : `labels: ${record.labels.slice(0, 10).join(', ')}` }, lineOf('severity:', 1)));
  if (responders.length === 0) findings.push(gateFinding('no-responders', { number: record.number }, lineOf(`${'#'.repeat(level)} Responders`, headLines + respondersAt + 1)));
  const gaps = gapsOf(updates, settings.maxGapMinutes);
  const timelineLine = lineOf('| Time', headLines);
  for (const gap of gaps.slice(0, GAPS_SHOWN)) {
    const sameDay = new Date(gap.after.at).toISOString().slice(0, 10) === new Date(gap.before.at).toISOString().slice(0, 10);
    const when = (at: number) => (sameDay ? utc(at) : new Date(at).toISOString().slice(0, 16).replace('T', ' '));
    // The row after the gap, or the note that counts the rows left out when it is one of them.
    const line = kept.includes(gap.before) ? lineOf(`| ${gap.before.event} |`, timelineLine) : lineOf('updates of the incident issue, from', timelineLine);
    findings.push(gateFinding('timeline-gap', { minutes: gap.minutes, from: when(gap.after.at), to: when(gap.before.at) }, line));
  }
  if (gaps.length > GAPS_SHOWN) findings.push(gateFinding('more-gaps', { count: gaps.length - GAPS_SHOWN, minutes: settings.maxGapMinutes }, timelineLine));
  if (record.unreadComments > 0) findings.push(gateFinding('comments-unread', { number: record.number, count: record.unreadComments, max: MAX_COMMENTS }, lineOf('## Timeline', headLines)));
  findings.sort((a, b) => a.line - b.line);

  return {
    id,
    title,
    date,
    severity,
    path: `${input.folder === '.' ? '' : `${input.folder}/`}${date}-${slugOf(title)}.md`,
    text,
    findings,
    responders: responders.map(({ person }) => person.login),
    timelineRows: kept.length,
    related,
  };
}

function describeResponder(assigned: boolean, updates: number): string {
  const parts = [assigned ? 'assignee' : undefined, updates > 0 ? `${updates} ${updates === 1 ? 'update' : 'updates'}` : undefined].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** The issue's title as the postmortem's: one line, at most 120 characters, control characters gone. */
function inlineTitle(title: string, number: number): string {
  const line = title.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim() || `Incident #${number}`;
  return line.length <= TITLE_LENGTH ? line : `${line.slice(0, TITLE_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** The title in the H1: escaped as incident text. */
function markdownTitle(title: string): string {
  return inlineText(title);
}

/** The 1-based line of the first line of `text` that contains `needle`, else `fallback`. */
function lineFinder(text: string): (needle: string, fallback: number) => number {
  const lines = text.split('\n');
  return (needle, fallback) => {
    const index = lines.findIndex((line) => line.includes(needle));
    return index === -1 ? fallback : index + 1;
  };
}

function relatedOf(knowledgeBase: KnowledgeBase, draft: { id: string; title: string; date: string; tags: string[]; path: string }): Draft['related'] {
  if (draft.tags.length === 0) return [];
  const withDraft = buildKnowledgeBase([...knowledgeBase.entries, { path: draft.path, meta: { id: draft.id, title: draft.title, date: draft.date, tags: draft.tags } }], knowledgeBase.settings);
  return findRelated(withDraft, draft.id, RELATED_SHOWN).results.map((result) => ({
    id: result.incident.id,
    title: result.incident.meta.title,
    date: result.incident.meta.date,
    path: result.incident.path,
    reasons: relatedInWords(withDraft, result),
  }));
}

/**
 * The draft, within `maxBytes` (the lint's size limit): a very long incident keeps fewer Timeline rows (the first
 * and the last updates, the rest counted under the table) until the file fits.
 */
export function draftWithin(input: DraftInput, maxBytes: number): Draft {
  let rows = input.config.draft.maxTimelineRows;
  for (;;) {
    const config = rows === input.config.draft.maxTimelineRows ? input.config : { ...input.config, draft: { ...input.config.draft, maxTimelineRows: rows } };
    const draft = draftPostmortem({ ...input, config });
    if (new TextEncoder().encode(draft.text).length <= maxBytes || rows <= 10) return draft;
    rows = Math.max(10, Math.floor(rows / 2));
  }
}
