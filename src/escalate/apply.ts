import { ensureLabels } from '../github/labels.js';
import { OperationBudgetExceeded, type GitHubPort } from '../github/port.js';
import type { IgnoredIssue } from '../tracked/issues.js';
import { planReport, type EscalationAction, type EscalationPlan } from './plan.js';
import { REPORT_MARKER } from './report.js';

export interface EscalationReport {
  commented: number[];
  relabelled: number[];
  report: { action: 'created' | 'updated' | 'unchanged' | 'none' | 'pending'; url?: string };
  pending: { issue: number; reason: string }[];
  budgetExhausted: boolean;
  /** Open issues with the report's marker and label that someone else wrote: never edited. */
  ignoredReports: IgnoredIssue[];
}

/** The only code of the escalation that writes. Each issue's comment and labels, then the report issue. */
export async function applyEscalation(
  plan: EscalationPlan,
  report: { body: string; createIfMissing: boolean },
  github: GitHubPort,
  options: { dryRun: boolean; log: (message: string) => void; reportTitle: string; reportLabel: string; toolLogin: string },
): Promise<EscalationReport> {
  const outcome: EscalationReport = { commented: [], relabelled: [], report: { action: 'none' }, pending: [], budgetExhausted: false, ignoredReports: [] };
  const describe = (action: EscalationAction) =>
    action.kind === 'comment' ? `comment on #${action.issue.number}${action.level ? ` (level ${action.level})` : ''}${action.recurrences.length > 0 ? ` (recurrence: ${action.recurrences.join(', ')})` : ''}` : `labels on #${action.issue.number}: +${action.add.join(',')} -${action.remove.join(',')}`;
  if (options.dryRun) {
    for (const action of plan.actions) options.log(`[dry-run] ${describe(action)}`);
    options.log(`[dry-run] would ${report.createIfMissing ? 'create or update' : 'update, if it exists,'} the report issue "${options.reportTitle}"`);
    return outcome;
  }
  let stopped = false;
  const run = async (issue: number, work: () => Promise<void>) => {
    if (stopped) return void outcome.pending.push({ issue, reason: 'max-operations reached' });
    try {
      await work();
    } catch (error) {
      if (error instanceof OperationBudgetExceeded) {
        stopped = true;
        outcome.budgetExhausted = true;
      }
      outcome.pending.push({ issue, reason: error instanceof OperationBudgetExceeded ? 'max-operations reached' : (error as Error).message });
    }
  };
  const needed = [...plan.labels, ...(report.createIfMissing ? [options.reportLabel] : [])];
  if (needed.length > 0) {
    const labels = needed.map((name) => ({ name, color: name === options.reportLabel ? '0e8a16' : 'fbca04', description: `postmortem-kb: ${name.replace(/-/g, ' ')}` }));
    await run(0, () => ensureLabels(github, labels));
  }
  for (const action of plan.actions) {
    await run(action.issue.number, async () => {
      if (action.kind === 'comment') {
        await github.createComment(action.issue.number, action.body);
        outcome.commented.push(action.issue.number);
      } else {
        // One label at a time, not the whole set from the list: labels changed since (by a human, by the sync) survive.
        if (action.add.length > 0) await github.addLabels(action.issue.number, action.add);
        for (const label of action.remove) await github.removeLabel(action.issue.number, label);
        outcome.relabelled.push(action.issue.number);
      }
    });
  }
  await run(0, async () => {
    const { decision, ignored } = planReport(await github.listIssues(options.reportLabel, 'open'), { ...report, marker: REPORT_MARKER }, options.toolLogin);
    outcome.ignoredReports = ignored;
    if (decision.action === 'none') return;
    if (decision.action === 'unchanged') return void (outcome.report = { action: 'unchanged', url: decision.issue.url });
    const written =
      decision.action === 'update'
        ? await github.updateIssue(decision.issue.number, { body: report.body })
        : await github.createIssue({ title: options.reportTitle, body: report.body, labels: [options.reportLabel], assignees: [] });
    outcome.report = { action: decision.action === 'update' ? 'updated' : 'created', url: written.url };
  });
  return outcome;
}
