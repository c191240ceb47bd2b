import { capText, markdownText } from '../report/inert.js';
import type { EscalationPlan, TrackedIssue } from './plan.js';
import { completion } from './plan.js';

export const REPORT_MARKER = '<!-- postmortem-kb:report -->';

/** Owners are not pinged from the report: it is read by everyone, every day. Fields are bounded: the report holds many. */
const quiet = (text: string, limit = 100) => markdownText(capText(text.replace(/\s+/g, ' ').trim(), limit));

/**
 * The tracking issue's body (and the job summary): overdue items by owner,
 * then severity, with days overdue; items due soon; items overdue before
 * adoption (`escalation.since`), apart, so they are seen without anyone being
 * pinged; completion over the last 90 days; items per incident. Pure, and the same text for the same day, so
 * a re-run has nothing new to write.
 */
export function formatEscalationReport(plan: EscalationPlan, issues: readonly TrackedIssue[], asOf: string): string {
  const lines = [REPORT_MARKER, `## Postmortem action items`, '', `As of ${asOf}.`, ''];
  const open = issues.filter((issue) => issue.state === 'open');
  const adopted = plan.beforeAdoption ?? [];
  // The count of old items only where there are some: a report without them reads as it always did.
  const old = adopted.length > 0 ? `, ${adopted.length} overdue before adoption` : '';
  lines.push(`${open.length} open, ${plan.overdue.length} overdue (${plan.overdue.filter((line) => line.critical).length} critical), ${plan.dueSoon.length} due within the next days${old}.`, '');
  const { rate, medianDaysToClose } = completion(issues, asOf);
  lines.push(
    `Last 90 days: ${rate === undefined ? 'no item was due' : `${Math.round(rate * 100)}% of the items due were closed`}; median time to close ${medianDaysToClose === undefined ? 'n/a' : `${medianDaysToClose} days`}.`,
  );
  if (plan.overdue.length > 0) {
    lines.push('', '### Overdue');
    const byOwner = new Map<string, typeof plan.overdue>();
    for (const line of plan.overdue) byOwner.set(line.issue.metadata.owner || 'no owner', [...(byOwner.get(line.issue.metadata.owner || 'no owner') ?? []), line]);
    for (const [owner, items] of [...byOwner].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push('', `#### ${quiet(owner)}`, '');
      for (const line of [...items].sort((a, b) => a.issue.metadata.severity.localeCompare(b.issue.metadata.severity) || b.standing.overdueDays - a.standing.overdueDays)) {
        const { metadata } = line.issue;
        lines.push(`- ${line.critical ? '🚨 **critical** ' : ''}[#${line.issue.number}](${line.issue.url}) ${quiet(metadata.severity)} ${quiet(metadata.incident)} ${quiet(metadata.item)}: ${line.standing.overdueDays} days overdue (due ${quiet(metadata.due)})`);
      }
    }
  }
  if (plan.dueSoon.length > 0) {
    lines.push('', '### Due soon', '');
    for (const line of plan.dueSoon) {
      const { metadata } = line.issue;
      lines.push(`- [#${line.issue.number}](${line.issue.url}) ${quiet(metadata.incident)} ${quiet(metadata.item)} (${quiet(metadata.owner)}): due ${quiet(metadata.due)}`);
    }
  }
  if (adopted.length > 0) {
    // After the items the ladder acts on: a report cut to GitHub's limit loses these before those.
    const since = plan.since === undefined ? '`escalation.since`' : `${quiet(plan.since, 32)} (\`escalation.since\`)`;
    lines.push('', '### Overdue before adoption', '', `Due before ${since}, so already overdue when the escalation was adopted: listed here, never escalated.`, '');
    for (const line of adopted) {
      const { metadata } = line.issue;
      lines.push(`- [#${line.issue.number}](${line.issue.url}) ${quiet(metadata.severity)} ${quiet(metadata.incident)} ${quiet(metadata.item)} (${quiet(metadata.owner || 'no owner')}): ${line.standing.overdueDays} days overdue (due ${quiet(metadata.due)})`);
    }
  }
  const perIncident = new Map<string, { open: number; total: number }>();
  for (const issue of issues) {
    const counts = perIncident.get(issue.metadata.incident) ?? { open: 0, total: 0 };
    counts.total += 1;
    if (issue.state === 'open') counts.open += 1;
    perIncident.set(issue.metadata.incident, counts);
  }
  if (perIncident.size > 0) {
    lines.push('', '### Items per incident', '', '| Incident | Open | Total |', '|---|---:|---:|');
    for (const [incident, counts] of [...perIncident].sort(([a], [b]) => a.localeCompare(b))) lines.push(`| ${quiet(incident)} | ${counts.open} | ${counts.total} |`);
  }
  const text = `${lines.join('\n')}\n`;
  // GitHub refuses an issue body over 65,536 characters: the tail is cut, the overdue list first in line.
  return text.length <= REPORT_LIMIT ? text : `${text.slice(0, text.lastIndexOf('\n', REPORT_LIMIT - 200))}\n\n… (cut to GitHub’s size limit; \`postmortem overdue\` lists every item)\n`;
}

const REPORT_LIMIT = 65_536;
