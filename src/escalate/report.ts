import { capText, markdownText } from '../report/inert.js';
import type { EscalationPlan, TrackedIssue } from './plan.js';
import { escalationSummary, type EscalationSummary, type SummaryItem, type SummaryOptions } from './summary.js';

export const REPORT_MARKER = '<!-- postmortem-kb:report -->';

/** Owners are not pinged from the report: it is read by everyone, every day. Fields are bounded: the report holds many. */
const quiet = (text: string, limit = 100) => markdownText(capText(text.replace(/\s+/g, ' ').trim(), limit));

/** What a report line shows of an item's title: enough to know it, without a line that wraps three times. */
const TITLE_SHOWN = 120;

const days = (count: number) => `${count} day${count === 1 ? '' : 's'}`;

/**
 * The tracking issue's body (and the job summary), from the plan: see `formatSummaryReport`. Pure, and the same
 * text for the same day, so a re-run has nothing new to write.
 */
export function formatEscalationReport(plan: EscalationPlan, issues: readonly TrackedIssue[], asOf: string, options: SummaryOptions = {}): string {
  return formatSummaryReport(escalationSummary(plan, issues, asOf, options));
}

/**
 * The report in Markdown: a line at a glance (open, overdue, due soon, completion over 90 days) and the
 * knowledge base's index; overdue items by owner, critical first, then by severity, with days overdue; items
 * due soon; items overdue before adoption (`escalation.since`), apart, so they are seen without anyone being
 * pinged; items per incident. Each item by its title, incident and id.
 */
export function formatSummaryReport(summary: EscalationSummary): string {
  const { counts, completion } = summary;
  const old = counts.overdueBeforeAdoption > 0 ? ` · ${counts.overdueBeforeAdoption} overdue before adoption (not escalated)` : '';
  const rate = completion.percent === null ? `no item was due in the last ${completion.windowDays} days` : `${completion.closed} of ${completion.due} item${completion.due === 1 ? '' : 's'} due in the last ${completion.windowDays} days closed (${completion.percent}%)`;
  const soon = `${counts.dueSoon} due by ${summary.dueSoonWindow.dueBy} (within ${days(summary.dueSoonWindow.days)})`;
  const lines = [REPORT_MARKER, `## Postmortem action items`, '', `**At a glance, ${summary.asOf}:** ${counts.open} open · ${counts.overdue} overdue (${counts.critical} critical) · ${soon}${old} · ${rate}.`, ''];
  if (summary.index !== null) {
    const path = quiet(summary.index.path, 200);
    lines.push(`Knowledge base: ${summary.index.url === null ? path : `[${path}](${summary.index.url})`}, every incident and the patterns they form.`, '');
  }
  const median = completion.medianDaysToClose === null ? `no item was closed in the last ${completion.windowDays} days` : `${completion.medianDaysToClose} days from its issue’s opening`;
  lines.push(`Median time to close an item over the last ${completion.windowDays} days: ${median}.`);
  if (summary.overdueByOwner.length > 0) {
    lines.push('', '### Overdue');
    for (const { owner, items } of summary.overdueByOwner) {
      lines.push('', `#### ${owner === '' ? 'No owner' : quiet(owner)}`, '');
      for (const item of items) lines.push(`- ${item.critical ? '🚨 **critical** ' : ''}${lead(item)} · ${quiet(item.severity)} · ${days(item.daysOverdue)} overdue (due ${quiet(item.due)})`);
    }
  }
  if (summary.dueSoon.length > 0) {
    lines.push('', '### Due soon', '');
    for (const item of summary.dueSoon) {
      const left = item.daysOverdue === 0 ? 'today' : `in ${days(-item.daysOverdue)}`;
      lines.push(`- ${lead(item)} · ${quiet(item.owner || 'no owner')} · due ${quiet(item.due)} (${left})`);
    }
  }
  const adopted = summary.overdueBeforeAdoption;
  if (adopted.items.length > 0) {
    // After the items the ladder acts on: a report cut to GitHub's limit loses these before those.
    const since = adopted.since === null ? '`escalation.since`' : `${quiet(adopted.since, 32)} (\`escalation.since\`)`;
    lines.push('', '### Overdue before adoption', '', `Due before ${since}, so already overdue when the escalation was adopted: listed here, never escalated.`, '');
    for (const item of adopted.items) {
      lines.push(`- ${lead(item)} · ${quiet(item.severity)} · ${quiet(item.owner || 'no owner')} · ${days(item.daysOverdue)} overdue (due ${quiet(item.due)})`);
    }
  }
  if (summary.incidents.length > 0) {
    lines.push('', '### Items per incident', '', '| Incident | Open | Total |', '|---|---:|---:|');
    for (const incident of summary.incidents) lines.push(`| ${quiet(incident.id)}${incident.title === '' ? '' : ` · ${quiet(incident.title, 100)}`} | ${incident.open} | ${incident.total} |`);
  }
  const text = `${lines.join('\n')}\n`;
  // GitHub refuses an issue body over 65,536 characters: the tail is cut, the overdue list first in line.
  return text.length <= REPORT_LIMIT ? text : `${text.slice(0, text.lastIndexOf('\n', REPORT_LIMIT - 200))}\n\n… (cut to GitHub’s size limit; \`postmortem overdue\` lists every item)\n`;
}

/** The issue, the item's title, its incident and id: how every line of the report begins. */
const lead = (item: SummaryItem) => `[#${item.issue}](${item.url}) ${item.title === '' ? '' : `**${quiet(item.title, TITLE_SHOWN)}** — `}${quiet(item.incident)} ${quiet(item.item)}`;

const REPORT_LIMIT = 65_536;
