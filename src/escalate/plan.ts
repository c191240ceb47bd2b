import type { LabelSpec, PlannedWrites, Write } from '../github/apply.js';
import { writtenBy, type Issue } from '../github/port.js';
import { parseMetadata, type ItemMetadata } from '../tracked/marker.js';
import type { IgnoredIssue } from '../tracked/issues.js';
import { escalationText, recurrenceParagraphs, type EscalationLinks } from './comments.js';
import { byStanding, overdueBeforeAdoption, standing, type EscalationSettings, type Standing } from './ladder.js';
import { itemKey, type ItemRow } from './rows.js';

export type { EscalationLinks } from './comments.js';
export type { ItemRow } from './rows.js';

/** An action-item issue with the tool's metadata. */
export interface TrackedIssue {
  number: number;
  state: 'open' | 'closed';
  labels: string[];
  url: string;
  title: string;
  createdAt: string;
  closedAt: string | undefined;
  /** The login that wrote the issue: only the tool's own issues are escalated (none given: not the tool's). */
  author?: string | undefined;
  metadata: ItemMetadata;
}

/** What the tool's own comments on an issue recorded. */
export interface History {
  /** The highest escalation level notified, for each due date it was notified under. */
  levels: { level: number; due: string }[];
  /** Newer incidents already announced as recurrences. */
  recurrences: string[];
}

export interface IncidentInfo {
  title: string;
  date: string;
  authors: string[];
  /** Its postmortem, relative to the repository (none given: no link to it is shown). */
  file?: string | undefined;
  /** Newer incidents related to this one (explicit links or the same recurring pattern), with their postmortems. */
  recurredIn: { id: string; date: string; title: string; file?: string | undefined }[];
}

export interface EscalationInput {
  issues: readonly TrackedIssue[];
  history: ReadonlyMap<number, History>;
  /** The knowledge base's incidents: an item of an incident not among them is never escalated. */
  incidents: ReadonlyMap<string, IncidentInfo>;
  asOf: string;
  settings: EscalationSettings;
  /** The login the tool writes as: issues by anyone else are never escalated. */
  toolLogin: string;
  /** Where links in comments point (none given: comments name files and lines without linking them). */
  links?: EscalationLinks | undefined;
  /** Each item's row in its postmortem as read this run, by `itemKey`: its line and description. */
  rows?: ReadonlyMap<string, ItemRow> | undefined;
}

/** What the escalation says or changes on one issue; `writes` are exactly the requests applying it sends. */
export type EscalationAction = (
  | { kind: 'comment'; issue: TrackedIssue; body: string; level: number | undefined; recurrences: string[] }
  | { kind: 'labels'; issue: TrackedIssue; add: string[]; remove: string[] }
) & { writes: Write[] };

export interface ReportLine {
  issue: TrackedIssue;
  standing: Standing;
  critical: boolean;
}

export interface EscalationPlan {
  actions: EscalationAction[];
  /** Items on the ladder: overdue, most late first. */
  overdue: ReportLine[];
  dueSoon: ReportLine[];
  /**
   * Items already overdue on `escalation.since` (due before it), most late first: listed in the report, never
   * escalated. Always set by `planEscalation`; optional so a plan written by hand needs none.
   */
  beforeAdoption?: ReportLine[];
  /** `escalation.since`, for the report's words about those items. */
  since?: string | undefined;
  /** `escalation.dueSoonDays`: the window `dueSoon` was taken over, for the report's words. */
  dueSoonDays?: number | undefined;
  /** Labels the planned writes add; created when missing. */
  labels: string[];
  /** The same labels with the colour and description each is created with. */
  labelSpecs: LabelSpec[];
}

// The JSON stops at '<': the tool's JSON has none (inertJson), and a scan that could run past the next marker
// made a line of many markers quadratic.
const ESCALATION_MARKER = /<!-- postmortem-kb:escalation (\{[^\n<]*?\}) -->/g;
const RECURRENCE_MARKER = /<!-- postmortem-kb:recurrence (\{[^\n<]*?\}) -->/g;
export const RECURRENCE_LABEL = 'recurrence';
export const DUE_SOON_LABEL = 'due-soon';

/**
 * The action-item issues the escalation may act on: the tool's own, with its block. An issue anyone else wrote
 * is ignored whatever it holds (listed once in the summary); duplicates the sync closed are not items (they would
 * count as done in the report).
 */
export function trackedIssuesOf(listed: readonly Issue[], toolLogin: string): { issues: TrackedIssue[]; ignored: IgnoredIssue[] } {
  const issues: TrackedIssue[] = [];
  const ignored: IgnoredIssue[] = [];
  for (const issue of listed) {
    const metadata = parseMetadata(issue.body);
    if (!metadata || issue.isPullRequest) continue;
    if (!writtenBy(issue.author, toolLogin)) ignored.push({ number: issue.number, url: issue.url, author: issue.author?.login ?? 'ghost' });
    else if (issue.stateReason !== 'duplicate') {
      const { number, state, labels, url, title, createdAt, closedAt } = issue;
      issues.push({ number, state, labels, url, title, createdAt, closedAt, author: issue.author?.login, metadata });
    }
  }
  return { issues, ignored };
}

/**
 * The one other bot that wrote every marked issue, when the tool wrote none: an app token run without
 * `bot-login` takes itself for GITHUB_TOKEN's bot and would ignore all of its own issues. Undefined otherwise
 * (no marked issues, some of the tool's, or several writers: forged issues are just ignored).
 */
export function otherBotWriter(listed: readonly Issue[], toolLogin: string): string | undefined {
  const writers = new Set(listed.filter((issue) => !issue.isPullRequest && parseMetadata(issue.body)).map((issue) => issue.author?.login ?? ''));
  const [only] = writers;
  if (writers.size !== 1 || only === undefined || !only.endsWith('[bot]') || writtenBy(only, toolLogin)) return undefined;
  return only;
}

export type ReportDecision = { action: 'none' } | { action: 'create' } | { action: 'update' | 'unchanged'; issue: Issue };

/** A label of the escalation (levels, due soon, recurrence) as it is created when missing; the report's own label is green. */
export function escalationLabel(name: string, reportLabel?: string): LabelSpec {
  return { name, color: name === reportLabel ? '0e8a16' : 'fbca04', description: `postmortem-kb: ${name.replace(/-/g, ' ')}` };
}

/** The labels an escalation run makes when missing: the plan's, and the report's own when it may create the report. */
export function escalationLabels(plan: Pick<EscalationPlan, 'labelSpecs'>, report: { label: string; createIfMissing: boolean }): LabelSpec[] {
  return [...plan.labelSpecs, ...(report.createIfMissing ? [escalationLabel(report.label, report.label)] : [])];
}

/** The requests that carry a report decision out: the report issue created or its body replaced (its label is made up front: `escalationLabels`). */
export function reportWrites(decision: ReportDecision, report: { body: string; title: string; label: string }): PlannedWrites[] {
  if (decision.action === 'create') {
    return [{ key: 'report', writes: [{ op: 'create-issue', title: report.title, body: report.body, labels: [report.label], assignees: [] }] }];
  }
  if (decision.action === 'update') return [{ key: 'report', writes: [{ op: 'update-issue', issue: decision.issue.number, changes: { body: report.body } }] }];
  return [];
}

/**
 * The report issue to update, or whether to create one, from the open issues with the report's label: only a
 * report the tool wrote is ever edited; one with the marker by anyone else is ignored (and listed).
 */
export function planReport(
  listed: readonly Issue[],
  report: { body: string; createIfMissing: boolean; marker: string },
  toolLogin: string,
): { decision: ReportDecision; ignored: IgnoredIssue[] } {
  const marked = listed.filter((issue) => issue.state === 'open' && !issue.isPullRequest && issue.body.startsWith(report.marker));
  const ignored = marked.filter((issue) => !writtenBy(issue.author, toolLogin)).map((issue) => ({ number: issue.number, url: issue.url, author: issue.author?.login ?? 'ghost' }));
  // A report a human closed is left closed, and a new one takes its place.
  const existing = marked.filter((issue) => writtenBy(issue.author, toolLogin)).sort((a, b) => a.number - b.number)[0];
  if (existing) return { decision: { action: existing.body === report.body ? 'unchanged' : 'update', issue: existing }, ignored };
  return { decision: report.createIfMissing ? { action: 'create' } : { action: 'none' }, ignored };
}

/** Reads the levels and recurrences the tool's earlier comments recorded; anyone else's comments record nothing. */
export function historyOf(comments: readonly { body: string; author: string | undefined }[], toolLogin: string): History {
  const history: History = { levels: [], recurrences: [] };
  for (const comment of comments) {
    if (!writtenBy(comment.author, toolLogin)) continue;
    // The tool's markers open its comments; markers further down are quoted text and record nothing.
    const lead = /^(?:<!-- postmortem-kb:(?:escalation|recurrence) \{[^\n]*?\} -->\n?)+/.exec(comment.body)?.[0] ?? '';
    if (lead === '') continue;
    for (const match of lead.matchAll(ESCALATION_MARKER)) {
      const data = safeJson(match[1]!) as { level?: unknown; due?: unknown } | undefined;
      if (typeof data?.level === 'number' && typeof data.due === 'string') history.levels.push({ level: data.level, due: data.due });
    }
    for (const match of lead.matchAll(RECURRENCE_MARKER)) {
      const data = safeJson(match[1]!) as { incident?: unknown } | undefined;
      if (typeof data?.incident === 'string') history.recurrences.push(data.incident);
    }
  }
  return history;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const inertJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/--/g, '-\\u002d');

/**
 * Whether the escalation may speak on an issue: the tool wrote it, and its incident is in the knowledge base
 * (a marker naming any other incident is not one of the tool's items, whoever wrote it).
 */
function escalable(issue: TrackedIssue, input: Pick<EscalationInput, 'incidents' | 'toolLogin'>): boolean {
  return writtenBy(issue.author, input.toolLogin) && input.incidents.has(issue.metadata.incident);
}

/**
 * Issues whose comments must be read before planning: open ones past due, or whose incident recurred. An item
 * overdue before `escalation.since` never climbs, so its levels need no reading: adopting on a large backlog costs
 * no request per old item.
 */
export function needsHistory(issue: TrackedIssue, input: Pick<EscalationInput, 'incidents' | 'asOf' | 'settings' | 'toolLogin'>): boolean {
  if (issue.state !== 'open' || !escalable(issue, input)) return false;
  const where = standing(issue.metadata.due, issue.metadata.priority, input.asOf, input.settings);
  const climbs = !overdueBeforeAdoption(issue.metadata.due, input.settings.since);
  return (climbs && (where?.level ?? 0) > 0) || (input.incidents.get(issue.metadata.incident)?.recurredIn.length ?? 0) > 0;
}

/**
 * Decides, without touching GitHub, what the scheduled run says: each level
 * of the ladder reached at most once per issue and due date (recorded in the
 * tool's own comments, so removed labels or re-runs add nothing), at most one
 * comment per issue per run, labels in step with the standing, and each
 * recurrence announced once. Closed issues are never touched. An item
 * already overdue on `escalation.since` (due before it) is listed apart and
 * never climbs: no level comment, no level label (level labels it already
 * has are left as they are); recurrences are still announced, since they
 * mention no one.
 */
export function planEscalation(input: EscalationInput): EscalationPlan {
  const { settings, asOf } = input;
  const actions: EscalationAction[] = [];
  const lines: ReportLine[] = [];
  /** Lines of items overdue before adoption: reported apart from the ladder's. */
  const adopted = new Set<ReportLine>();
  const labels = new Set<string>();
  for (const issue of input.issues) {
    if (issue.state !== 'open' || !escalable(issue, input)) continue;
    const where = standing(issue.metadata.due, issue.metadata.priority, asOf, settings);
    if (!where) continue;
    const history = input.history.get(issue.number) ?? { levels: [], recurrences: [] };
    const recorded = Math.max(0, ...history.levels.filter((entry) => entry.due === issue.metadata.due).map((entry) => entry.level));
    // Judged by the current due date: one moved to `since` or later climbs again, from its new standing.
    const climbs = !overdueBeforeAdoption(issue.metadata.due, settings.since);
    const critical = climbs && settings.levels.slice(0, where.level).some((level) => level.critical === true);
    const line = { issue, standing: where, critical };
    lines.push(line);
    if (!climbs) adopted.add(line);

    const has = new Set(issue.labels.map((label) => label.toLowerCase()));
    const add: string[] = [];
    const remove: string[] = [];
    const paragraphs: string[] = [];
    let level: number | undefined;
    if (climbs && where.level > recorded) {
      level = where.level;
      // Labels of the levels newly reached; a label a human removed at an earlier level is not put back.
      for (const step of settings.levels.slice(recorded, where.level)) if (step.label && !has.has(step.label.toLowerCase())) add.push(step.label);
      const row = input.rows?.get(itemKey(issue.metadata.incident, issue.metadata.item));
      paragraphs.push(escalationText({ issue, where, settings, incident: input.incidents.get(issue.metadata.incident), row, links: input.links }));
    }
    // Labels of levels above the standing go: the item is no longer (or not yet again) that late. An item off the
    // ladder is not relabelled at all: adopting must not send one write per old item.
    settings.levels.forEach((step, index) => {
      if (climbs && index >= where.level && step.label && has.has(step.label.toLowerCase())) remove.push(step.label);
    });
    if (where.dueSoon && where.level === 0 && !has.has(DUE_SOON_LABEL)) add.push(DUE_SOON_LABEL);
    if ((!where.dueSoon || where.level > 0) && has.has(DUE_SOON_LABEL)) remove.push(DUE_SOON_LABEL);

    const announced = new Set(history.recurrences);
    // Only a recurrence after the item became an issue happened "while this item was open".
    const opened = issue.createdAt.slice(0, 10);
    // A comment fits GitHub's 65,536 characters: ten recurrences at most (the next run announces the rest), and only ids short enough to record.
    const recurrences = (input.incidents.get(issue.metadata.incident)?.recurredIn ?? []).filter((newer) => !announced.has(newer.id) && newer.date >= opened && newer.id.length <= 100).slice(0, 10);
    paragraphs.push(...recurrenceParagraphs(issue.metadata.incident, recurrences, input.links));
    if (recurrences.length > 0 && !has.has(RECURRENCE_LABEL)) add.push(RECURRENCE_LABEL);

    if (paragraphs.length > 0) {
      const markers = [
        ...(level !== undefined ? [`<!-- postmortem-kb:escalation ${inertJson({ level, due: issue.metadata.due })} -->`] : []),
        ...recurrences.map((newer) => `<!-- postmortem-kb:recurrence ${inertJson({ incident: newer.id })} -->`),
      ];
      const body = `${markers.join('\n')}\n${paragraphs.join('\n\n')}`;
      actions.push({ kind: 'comment', issue, body, level, recurrences: recurrences.map((newer) => newer.id), writes: [{ op: 'create-comment', issue: issue.number, body }] });
    }
    if (add.length > 0 || remove.length > 0) {
      // One label at a time, not the whole set from the list: labels changed since (by a human, by the sync) survive.
      const writes: Write[] = [...(add.length > 0 ? [{ op: 'add-labels' as const, issue: issue.number, labels: add }] : []), ...remove.map((label) => ({ op: 'remove-label' as const, issue: issue.number, label }))];
      actions.push({ kind: 'labels', issue, add, remove, writes });
      add.forEach((label) => labels.add(label));
    }
  }
  const { overdue, dueSoon } = byStanding(lines, (a, b) => a.issue.number - b.issue.number);
  const names = [...labels].sort();
  return {
    actions,
    overdue: overdue.filter((line) => !adopted.has(line)),
    dueSoon,
    beforeAdoption: overdue.filter((line) => adopted.has(line)),
    since: settings.since,
    dueSoonDays: settings.dueSoonDays,
    labels: names,
    labelSpecs: names.map((name) => escalationLabel(name)),
  };
}
