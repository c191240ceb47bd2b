import * as core from '@actions/core';
import type { ResolvedConfig } from '../config/types.js';
import { applyEscalation } from '../escalate/apply.js';
import { incidentInfo } from '../escalate/incidents.js';
import { historyOf, needsHistory, otherBotWriter, planEscalation, trackedIssuesOf, type History } from '../escalate/plan.js';
import { formatEscalationReport } from '../escalate/report.js';
import { OperationBudgetExceeded, toolIdentity, type GitHubPort } from '../github/port.js';
import { safeLogLine } from '../report/github.js';
import { ignoredLines } from '../report/sync.js';
import { indexKnowledgeBase } from '../workspace/files.js';
import type { ActionInputs } from './inputs.js';

export interface EscalateModeContext {
  inputs: ActionInputs;
  config: ResolvedConfig;
  workspace: string;
  github: () => GitHubPort;
}

/**
 * Escalate mode (a schedule): the open action-item issues climb the ladder
 * by days past due; each level is said once; the report issue shows where
 * the organisation stands.
 */
export async function escalateMode(context: EscalateModeContext): Promise<void> {
  const { inputs, config, workspace } = context;
  const settings = config.escalation;
  const github = context.github();
  const toolLogin = await toolIdentity(github, inputs.botLogin);
  const listed = await github.listIssues(config.sync.label);
  // Without bot-login an app's token takes itself for GITHUB_TOKEN's bot: its own issues would all be ignored,
  // and nothing escalated, in silence.
  const writer = inputs.botLogin === undefined ? otherBotWriter(listed, toolLogin) : undefined;
  if (writer !== undefined) {
    core.setFailed(`The action-item issues are all written by ${writer}, but the tool took itself to be ${toolLogin}: set the input bot-login: ${writer}. Nothing was escalated.`);
    return;
  }
  const { issues, ignored } = trackedIssuesOf(listed, toolLogin);
  const incidents = incidentInfo(await indexKnowledgeBase(config, workspace, []));
  const history = new Map<number, History>();
  const unread = new Set<number>();
  for (const issue of issues) {
    if (!needsHistory(issue, { incidents, asOf: inputs.asOf, settings, toolLogin })) continue;
    if (unread.size > 0) {
      unread.add(issue.number);
      continue;
    }
    try {
      const comments = await github.listComments(issue.number);
      history.set(issue.number, historyOf(comments.map((comment) => ({ body: comment.body, author: comment.author?.login })), toolLogin));
    } catch (error) {
      if (!(error instanceof OperationBudgetExceeded)) throw error;
      unread.add(issue.number);
    }
  }
  // An issue whose history could not be read is left for the next run rather than told again what it was told.
  if (unread.size > 0) core.warning(`Stopped at max-operations while reading the history of ${unread.size} issue(s); they wait for the next run.`);
  const plan = planEscalation({ issues: issues.filter((issue) => !unread.has(issue.number)), history, incidents, asOf: inputs.asOf, settings, toolLogin });
  const body = formatEscalationReport(plan, issues, inputs.asOf);
  const outcome = await applyEscalation(plan, { body, createIfMissing: plan.overdue.length + plan.dueSoon.length > 0 }, github, {
    dryRun: inputs.dryRun,
    log: (message) => core.info(safeLogLine(message)),
    reportTitle: settings.reportTitle,
    reportLabel: settings.reportLabel,
    toolLogin,
  });
  // What waits because the budget ran out is counted in one line; each other failure has its own.
  for (const pending of outcome.pending) if (pending.reason !== 'max-operations reached') core.warning(`#${pending.issue}: ${pending.reason}`);
  if (outcome.budgetExhausted) {
    core.warning(`Stopped at max-operations (${inputs.maxOperations} requests): ${outcome.pending.length} write(s) are left; the next run continues.`);
  }
  const ignoredAll = [...ignored, ...outcome.ignoredReports.filter((report) => !ignored.some((issue) => issue.number === report.number))];
  if (ignoredAll.length > 0) core.notice(`${ignoredAll.length} issue(s) with a postmortem-kb marker were not written by ${toolLogin} and are ignored (listed in the job summary)`);
  core.setOutput('overdue', plan.overdue.length);
  core.setOutput('due-soon', plan.dueSoon.length);
  core.setOutput('escalated', outcome.commented.length);
  core.setOutput('report', outcome.report.action);
  if (process.env.GITHUB_STEP_SUMMARY) {
    const ignoredSection = ignoredAll.length > 0 ? `\n### Ignored\n\n${ignoredLines(ignoredAll).join('\n')}\n` : '';
    await core.summary.addRaw(`${body.slice(body.indexOf('\n') + 1)}${ignoredSection}`).write();
  }
  core.info(`Escalation as of ${inputs.asOf}: ${plan.overdue.length} overdue, ${plan.dueSoon.length} due soon, ${outcome.commented.length} comments, report ${outcome.report.action}`);
}
