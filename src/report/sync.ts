import { describe, type SyncReport } from '../sync/apply.js';
import type { Plan } from '../sync/plan.js';
import { escapeMarkdown } from './summary.js';

/** `postmortem plan`: what a sync would do, one line per action. Pure: returns the text. */
export function formatPlan(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const action of plan.actions) counts.set(action.kind, (counts.get(action.kind) ?? 0) + 1);
  const lines = [
    `Sync plan: ${[...counts].map(([kind, count]) => `${count} ${kind}`).join(', ') || 'nothing to do'}`,
    ...plan.actions.map((action) => `  ${describe(action)}`),
  ];
  if (plan.labels.length > 0) lines.push(`Labels used: ${plan.labels.map((label) => label.name).join(', ')}`);
  for (const note of plan.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** The job summary of a sync run, with links to the issues. Pure: returns the text. */
export function formatSyncSummary(report: SyncReport, dryRun: boolean, plan: Plan): string {
  const lines = ['## Postmortem action items', ''];
  if (dryRun) {
    lines.push('Dry run: nothing was written. The plan:', '', ...plan.actions.map((action) => `- ${escapeMarkdown(describe(action))}`));
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.flagged.length} flagged, ${report.duplicatesClosed.length} duplicates closed.`);
  const section = (title: string, issues: { key: string; number: number; url: string }[], extra?: (index: number) => string) => {
    if (issues.length === 0) return;
    lines.push('', `### ${title}`, '');
    issues.forEach((issue, index) => lines.push(`- [#${issue.number}](${issue.url}) ${escapeMarkdown(issue.key.replace('/', ' '))}${extra ? extra(index) : ''}`));
  };
  section('Created', report.created);
  section('Updated', report.updated, (index) => ` (${report.updated[index]!.reasons.join(', ')})`);
  section('Flagged: no longer in their postmortem', report.flagged);
  section('Duplicates closed', report.duplicatesClosed);
  if (report.pending.length > 0) {
    lines.push('', '### Left for the next run', '', ...report.pending.map((pending) => `- ${escapeMarkdown(pending.key.replace('/', ' '))}: ${escapeMarkdown(pending.reason)}`));
  }
  if (report.unchanged.length > 0) lines.push('', `<details><summary>${report.unchanged.length} unchanged</summary>`, '', ...report.unchanged.map((issue) => `- [#${issue.number}](${issue.url}) ${escapeMarkdown(issue.key.replace('/', ' '))}`), '', '</details>');
  return `${lines.join('\n')}\n`;
}
