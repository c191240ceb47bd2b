import { dayNumber } from '../model/dates.js';
import { capText } from '../report/inert.js';
import type { EscalationPlan, IncidentInfo, ReportLine, TrackedIssue } from './plan.js';
import { itemKey, itemTitle, type ItemRow } from './rows.js';

/**
 * Where the organisation stands, as data: the one source of the report issue's Markdown (report.ts) and of the
 * action's `report-json` (schemas/escalation-report.schema.json). Strings from documents are kept as they are
 * written, on one line and bounded: each place that shows them escapes them for itself.
 */

export const COMPLETION_WINDOW_DAYS = 90;

export interface SummaryItem {
  issue: number;
  url: string;
  incident: string;
  item: string;
  /** The item's description in its postmortem (else its issue's title), bounded. */
  title: string;
  /** Empty when the item names none. */
  owner: string;
  severity: string;
  priority: string;
  due: string;
  /** Days past the due date; 0 or less: days left. */
  daysOverdue: number;
  /** The ladder's level reached (0: not overdue). */
  level: number;
  critical: boolean;
}

export interface EscalationSummary {
  asOf: string;
  counts: { open: number; overdue: number; critical: number; dueSoon: number; overdueBeforeAdoption: number };
  /** Items due from `asOf` to `dueBy` (`days` days after it) are due soon: `escalation.dueSoonDays`. */
  dueSoonWindow: { days: number; dueBy: string };
  completion: { windowDays: number; due: number; closed: number; percent: number | null; medianDaysToClose: number | null };
  overdueByOwner: { owner: string; items: SummaryItem[] }[];
  dueSoon: SummaryItem[];
  overdueBeforeAdoption: { since: string | null; items: SummaryItem[] };
  incidents: { id: string; title: string; open: number; total: number }[];
  /** The knowledge base's index page, relative to the repository, and its address (null: not known to this run). */
  index: { path: string; url: string | null } | null;
}

export interface SummaryOptions {
  /** The items' rows as read this run, by `itemKey`, for their titles. */
  rows?: ReadonlyMap<string, ItemRow> | undefined;
  incidents?: ReadonlyMap<string, IncidentInfo> | undefined;
  index?: { path: string; url?: string | undefined } | undefined;
}

// Bounds of every string from a document: a summary holds many items, and the JSON is an action output.
const ID_LIMIT = 100;
const FIELD_LIMIT = 100;
const oneLine = (text: string, limit: number) => capText(text.replace(/\s+/g, ' ').trim(), limit);

/** The summary of a plan, for the same day the same data (a re-run has nothing new to write). */
export function escalationSummary(plan: EscalationPlan, issues: readonly TrackedIssue[], asOf: string, options: SummaryOptions = {}): EscalationSummary {
  const rows = options.rows ?? new Map<string, ItemRow>();
  const entry = (line: ReportLine): SummaryItem => {
    const { metadata } = line.issue;
    return {
      issue: line.issue.number,
      url: line.issue.url,
      incident: oneLine(metadata.incident, ID_LIMIT),
      item: oneLine(metadata.item, ID_LIMIT),
      title: itemTitle(line.issue, rows.get(itemKey(metadata.incident, metadata.item))),
      owner: oneLine(metadata.owner, FIELD_LIMIT),
      severity: oneLine(metadata.severity, 32),
      priority: oneLine(metadata.priority, 32),
      due: oneLine(metadata.due, 32),
      daysOverdue: line.standing.overdueDays,
      level: line.standing.level,
      critical: line.critical,
    };
  };
  const byOwner = new Map<string, SummaryItem[]>();
  for (const item of plan.overdue.map(entry)) byOwner.set(item.owner, [...(byOwner.get(item.owner) ?? []), item]);
  const overdueByOwner = [...byOwner]
    // No owner last: those items are everyone's to chase.
    .sort(([a], [b]) => Number(a === '') - Number(b === '') || a.localeCompare(b))
    // Critical items first: what a manager reads the report for.
    .map(([owner, items]) => ({ owner, items: items.sort((a, b) => Number(b.critical) - Number(a.critical) || a.severity.localeCompare(b.severity) || b.daysOverdue - a.daysOverdue || a.issue - b.issue) }));
  const perIncident = new Map<string, { open: number; total: number }>();
  for (const issue of issues) {
    const counts = perIncident.get(issue.metadata.incident) ?? { open: 0, total: 0 };
    counts.total += 1;
    if (issue.state === 'open') counts.open += 1;
    perIncident.set(issue.metadata.incident, counts);
  }
  const { due, closed } = completionCounts(issues, asOf);
  const { medianDaysToClose } = completion(issues, asOf);
  const dueSoonDays = plan.dueSoonDays ?? 3;
  const today = dayNumber(asOf);
  const adopted = plan.beforeAdoption ?? [];
  return {
    asOf,
    counts: {
      open: issues.filter((issue) => issue.state === 'open').length,
      overdue: plan.overdue.length,
      critical: plan.overdue.filter((line) => line.critical).length,
      dueSoon: plan.dueSoon.length,
      overdueBeforeAdoption: adopted.length,
    },
    dueSoonWindow: { days: dueSoonDays, dueBy: today === undefined ? asOf : isoDay(today + dueSoonDays) },
    completion: { windowDays: COMPLETION_WINDOW_DAYS, due, closed, percent: due === 0 ? null : Math.round((closed / due) * 100), medianDaysToClose: medianDaysToClose ?? null },
    overdueByOwner,
    dueSoon: plan.dueSoon.map(entry),
    overdueBeforeAdoption: { since: plan.since ?? null, items: adopted.map(entry) },
    incidents: [...perIncident]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, counts]) => ({ id: oneLine(id, ID_LIMIT), title: oneLine(options.incidents?.get(id)?.title ?? '', 200), ...counts })),
    index: options.index ? { path: options.index.path, url: options.index.url ?? null } : null,
  };
}

/**
 * One line of the summary in the tool's own words, numbers and dates (`asOf` is a checked date): nothing from a
 * document, so a chat message built from it cannot mention anyone or carry markup.
 */
export function summaryLine(summary: EscalationSummary): string {
  const { counts, completion: done } = summary;
  const adopted = counts.overdueBeforeAdoption > 0 ? `, ${counts.overdueBeforeAdoption} overdue before adoption (not escalated)` : '';
  const rate = done.percent === null ? `no item was due in the last ${done.windowDays} days` : `${done.closed} of ${done.due} item${done.due === 1 ? '' : 's'} due in the last ${done.windowDays} days closed (${done.percent}%)`;
  return `Postmortem action items as of ${summary.asOf}: ${counts.open} open, ${counts.overdue} overdue (${counts.critical} critical), ${counts.dueSoon} due by ${summary.dueSoonWindow.dueBy}${adopted}; ${rate}.`;
}

/** At most this many items per list in the JSON (the counts stay whole): it stays far below an output's 1 MB. */
export const JSON_ITEMS_LIMIT = 100;

/** The action's `report-json`: the summary with its one line, lists bounded, and the report issue's address when known. */
export function summaryJson(summary: EscalationSummary, report: { url: string | undefined }): string {
  let left = JSON_ITEMS_LIMIT;
  const overdueByOwner = summary.overdueByOwner.flatMap((group) => {
    const items = group.items.slice(0, Math.max(0, left));
    left -= items.length;
    return items.length > 0 ? [{ owner: group.owner, items }] : [];
  });
  const shown = overdueByOwner.reduce((sum, group) => sum + group.items.length, 0);
  const data = {
    $schema: 'https://raw.githubusercontent.com/postmortem-kb/postmortem-kb/main/schemas/escalation-report.schema.json',
    version: 1,
    summary: summaryLine(summary),
    reportUrl: report.url ?? null,
    ...summary,
    overdueByOwner,
    dueSoon: summary.dueSoon.slice(0, JSON_ITEMS_LIMIT),
    overdueBeforeAdoption: { since: summary.overdueBeforeAdoption.since, items: summary.overdueBeforeAdoption.items.slice(0, JSON_ITEMS_LIMIT) },
    incidents: summary.incidents.slice(0, JSON_ITEMS_LIMIT),
    omitted: {
      overdue: summary.counts.overdue - shown,
      dueSoon: Math.max(0, summary.dueSoon.length - JSON_ITEMS_LIMIT),
      overdueBeforeAdoption: Math.max(0, summary.overdueBeforeAdoption.items.length - JSON_ITEMS_LIMIT),
      incidents: Math.max(0, summary.incidents.length - JSON_ITEMS_LIMIT),
    },
  };
  return JSON.stringify(data);
}

/** The items due in the last `windowDays` days (today included), and how many of them are closed. */
export function completionCounts(issues: readonly TrackedIssue[], asOf: string, windowDays = COMPLETION_WINDOW_DAYS): { due: number; closed: number } {
  const today = dayNumber(asOf) ?? 0;
  const inWindow = issues.filter((issue) => {
    const due = dayNumber(issue.metadata.due);
    return due !== undefined && due <= today && due > today - windowDays;
  });
  return { due: inWindow.length, closed: inWindow.filter((issue) => issue.state === 'closed').length };
}

/** Completion over a window: the share of items due in the window that are closed, and the median days from opening to closing. */
export function completion(issues: readonly TrackedIssue[], asOf: string, windowDays = COMPLETION_WINDOW_DAYS): { rate: number | undefined; medianDaysToClose: number | undefined } {
  const today = dayNumber(asOf) ?? 0;
  const { due, closed } = completionCounts(issues, asOf, windowDays);
  const durations = issues
    .filter((issue) => issue.closedAt !== undefined && Date.parse(issue.closedAt) / 86_400_000 > today - windowDays)
    .map((issue) => (Date.parse(issue.closedAt!) - Date.parse(issue.createdAt)) / 86_400_000)
    .sort((a, b) => a - b);
  const middle = Math.floor(durations.length / 2);
  const median = durations.length === 0 ? undefined : durations.length % 2 === 1 ? durations[middle]! : (durations[middle - 1]! + durations[middle]!) / 2;
  return { rate: due === 0 ? undefined : closed / due, medianDaysToClose: median === undefined ? undefined : Math.round(median * 10) / 10 };
}

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
