import * as core from '@actions/core';
import type { ResolvedConfig } from '../config/types.js';
import { applyEscalation } from '../escalate/apply.js';
import { recordingPort } from '../github/recording.js';
import { incidentInfo } from '../escalate/incidents.js';
import { readHistories } from '../escalate/history.js';
import { otherBotWriter, planEscalation, trackedIssuesOf } from '../escalate/plan.js';
import { formatEscalationReport } from '../escalate/report.js';
import { toolIdentity, type GitHubPort } from '../github/port.js';
import { safeLogLine } from '../report/github.js';
import { ignoredLines } from '../report/sync.js';
import { createReader } from '../workspace/reader.js';
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
  const incidents = incidentInfo(await createReader({ config, cwd: workspace }).index());
  const { history, unread } = await readHistories(github, issues, { incidents, asOf: inputs.asOf, settings, toolLogin });
  // An issue whose history could not be read is left for the next run rather than told again what it was told.
  if (unread.size > 0) core.warning(`Stopped at max-operations while reading the history of ${unread.size} issue(s); they wait for the next run.`);
  const plan = planEscalation({ issues: issues.filter((issue) => !unread.has(issue.number)), history, incidents, asOf: inputs.asOf, settings, toolLogin });
  const body = formatEscalationReport(plan, issues, inputs.asOf);
  // A dry run is the same plan and the same applier on a port that records the writes instead of sending them.
  const port = inputs.dryRun ? recordingPort(github, (line) => core.info(safeLogLine(line)), inputs.maxOperations) : github;
  // Items overdue before adoption are shown nowhere else: they too make the report worth creating.
  const beforeAdoption = plan.beforeAdoption?.length ?? 0;
  const createIfMissing = plan.overdue.length + plan.dueSoon.length + beforeAdoption > 0;
  const outcome = await applyEscalation(plan, { body, createIfMissing, title: settings.reportTitle, label: settings.reportLabel, toolLogin }, port);
  // What waits because the budget ran out is counted in one line; each other failure has its own.
  for (const pending of outcome.pending) if (pending.reason !== 'max-operations reached') core.warning(`#${pending.issue}: ${pending.reason}`);
  if (outcome.budgetExhausted) {
    core.warning(`Stopped at max-operations (${inputs.maxOperations} requests): ${outcome.pending.length} write(s) are left; the next run continues.`);
  }
  const ignoredAll = [...ignored, ...outcome.ignoredReports.filter((report) => !ignored.some((issue) => issue.number === report.number))];
  if (ignoredAll.length > 0) core.notice(`${ignoredAll.length} issue(s) with a postmortem-kb marker were not written by ${toolLogin} and are ignored (listed in the job summary)`);
  // Items on the ladder: a workflow that alerts on this output stays quiet about the backlog adopted with `since`.
  core.setOutput('overdue', plan.overdue.length);
  core.setOutput('due-soon', plan.dueSoon.length);
  // The outputs count what was written: nothing, in a dry run.
  core.setOutput('escalated', inputs.dryRun ? 0 : outcome.commented.length);
  core.setOutput('report', inputs.dryRun ? 'none' : outcome.report.action);
  if (process.env.GITHUB_STEP_SUMMARY) {
    const ignoredSection = ignoredAll.length > 0 ? `\n### Ignored\n\n${ignoredLines(ignoredAll).join('\n')}\n` : '';
    await core.summary.addRaw(`${body.slice(body.indexOf('\n') + 1)}${ignoredSection}`).write();
  }
  core.info(`Escalation as of ${inputs.asOf}: ${plan.overdue.length} overdue, ${plan.dueSoon.length} due soon, ${beforeAdoption > 0 ? `${beforeAdoption} overdue before adoption (not escalated), ` : ''}${outcome.commented.length} comments, report ${outcome.report.action}`);
}
