import type { SyncReport } from '../sync/apply.js';
import { describe } from '../sync/describe.js';
import type { CappedDocument, IgnoredIssue, Plan } from '../sync/plan.js';
import { terminalText } from './inert.js';
import { escapeMarkdown } from './summary.js';

/** A login as GitHub spells one is shown as is (a summary pings nobody); anything else is escaped. */
const login = (name: string) => (/^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$/.test(name) ? `@${name}` : escapeMarkdown(`@${name}`));

/** One line per issue whose tool marker was not the tool's: "ignored: a tool marker in an issue written by @carol". */
export function ignoredLines(ignored: readonly IgnoredIssue[]): string[] {
  return ignored.map((issue) => `- [#${issue.number}](${issue.url}) ignored: a tool marker in an issue written by ${login(issue.author)}`);
}

/** The one finding on a postmortem with more open items than the sync turns into issues. */
export function cappedMessage(capped: CappedDocument): string {
  return `${capped.incident} has ${capped.count} open action items, more than sync.maxItemsPerDocument (${capped.cap}): the ${capped.count - capped.cap} after the first ${capped.cap} are not turned into issues`;
}

function planSections(plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.capped.length > 0) lines.push('', '### Postmortems over the item cap', '', ...plan.capped.map((capped) => `- ${escapeMarkdown(capped.file)}: ${escapeMarkdown(cappedMessage(capped))}`));
  if (plan.ignored.length > 0) lines.push('', '### Ignored', '', ...ignoredLines(plan.ignored));
  return lines;
}

/** `postmortem plan`: what a sync would do, one line per action. Pure: returns the text. */
export function formatPlan(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const action of plan.actions) counts.set(action.kind, (counts.get(action.kind) ?? 0) + 1);
  const lines = [
    `Sync plan: ${[...counts].map(([kind, count]) => `${count} ${kind}`).join(', ') || 'nothing to do'}`,
    // Titles and ids come from documents: each action stays on its line, never a workflow command.
    ...plan.actions.map((action) => `  ${terminalText(describe(action))}`),
  ];
  // Label names (severity:…) and file names come from documents too.
  if (plan.labels.length > 0) lines.push(`Labels used: ${terminalText(plan.labels.map((label) => label.name).join(', '))}`);
  for (const note of plan.notes) lines.push(`Note: ${terminalText(note)}`);
  for (const capped of plan.capped) lines.push(`Note: ${terminalText(`${capped.file}: ${cappedMessage(capped)}`)}`);
  return `${lines.join('\n')}\n`;
}

/** The job summary of a sync run, with links to the issues. Pure: returns the text. */
export function formatSyncSummary(report: SyncReport, dryRun: boolean, plan: Plan): string {
  const lines = ['## Postmortem action items', ''];
  if (dryRun) {
    lines.push('Dry run: nothing was written. The plan:', '', ...plan.actions.map((action) => `- ${escapeMarkdown(describe(action))}`), ...planSections(plan));
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
    // Everything after the run stopped waits for the same reason: one line, not one per action.
    const waiting = report.pending.filter((pending) => pending.reason === report.stopped);
    lines.push('', '### Left for the next run', '', ...report.pending.filter((pending) => !waiting.includes(pending)).map((pending) => `- ${escapeMarkdown(pending.key.replace('/', ' '))}: ${escapeMarkdown(pending.reason)}`));
    if (waiting.length > 0) lines.push(`- ${waiting.length} action(s): ${escapeMarkdown(report.stopped ?? '')}; the next run continues`);
  }
  lines.push(...planSections(plan));
  if (report.unchanged.length > 0) lines.push('', `<details><summary>${report.unchanged.length} unchanged</summary>`, '', ...report.unchanged.map((issue) => `- [#${issue.number}](${issue.url}) ${escapeMarkdown(issue.key.replace('/', ' '))}`), '', '</details>');
  return `${lines.join('\n')}\n`;
}
