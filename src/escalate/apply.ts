import { applyActions, BUDGET_SPENT, type Outcome } from '../github/apply.js';
import { OperationBudgetExceeded, type GitHubPort } from '../github/port.js';
import type { IgnoredIssue } from '../tracked/issues.js';
import { escalationLabels, planReport, reportWrites, type EscalationPlan } from './plan.js';
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

const reasonOf = (outcome: Outcome) => (outcome.status === 'waiting' ? outcome.reason : outcome.status === 'failed' ? outcome.message : undefined);

/**
 * Carries an escalation out with the one applier: the labels the plan uses,
 * each issue's comment and labels, then the report issue. Which report issue
 * to update, or whether to create one, is decided by `planReport` from the
 * report issues listed after the comments (a report written meanwhile by
 * another run is updated, not duplicated). A dry run is this same code on a
 * recording port.
 */
export async function applyEscalation(plan: EscalationPlan, report: { body: string; createIfMissing: boolean; title: string; label: string; toolLogin: string }, github: GitHubPort): Promise<EscalationReport> {
  const outcome: EscalationReport = { commented: [], relabelled: [], report: { action: 'none' }, pending: [], budgetExhausted: false, ignoredReports: [] };
  const needed = escalationLabels(plan, report);
  const labels = needed.length > 0 ? [{ key: 'labels', writes: [{ op: 'ensure-labels' as const, labels: needed }] }] : [];
  const applied = await applyActions(github, [...labels, ...plan.actions.map((action) => ({ key: `#${action.issue.number}`, writes: action.writes }))]);
  applied.outcomes.forEach((result, index) => {
    const action = index < labels.length ? undefined : plan.actions[index - labels.length]!;
    const reason = reasonOf(result);
    if (reason !== undefined) outcome.pending.push({ issue: action?.issue.number ?? 0, reason });
    else if (action?.kind === 'comment') outcome.commented.push(action.issue.number);
    else if (action) outcome.relabelled.push(action.issue.number);
  });
  outcome.budgetExhausted = applied.budgetExhausted;
  if (applied.stopped) {
    outcome.pending.push({ issue: 0, reason: applied.stopped });
    return outcome;
  }
  let listed;
  try {
    listed = await github.listIssues(report.label, 'open');
  } catch (error) {
    const budget = error instanceof OperationBudgetExceeded;
    outcome.budgetExhausted ||= budget;
    outcome.pending.push({ issue: 0, reason: budget ? BUDGET_SPENT : (error as Error).message });
    return outcome;
  }
  const { decision, ignored } = planReport(listed, { ...report, marker: REPORT_MARKER }, report.toolLogin);
  outcome.ignoredReports = ignored;
  if (decision.action === 'unchanged') outcome.report = { action: 'unchanged', url: decision.issue.url };
  const written = await applyActions(github, reportWrites(decision, report));
  for (const result of written.outcomes) {
    const reason = reasonOf(result);
    if (reason !== undefined) outcome.pending.push({ issue: 0, reason });
    else if (result.status === 'done') outcome.report = { action: decision.action === 'update' ? 'updated' : 'created', url: decision.action === 'update' ? decision.issue.url : (result.issue?.url ?? '') };
  }
  outcome.budgetExhausted ||= written.budgetExhausted;
  return outcome;
}
