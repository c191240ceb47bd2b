import { existsSync, lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import type { ResolvedConfig } from '../config/types.js';
import { applyEscalation } from '../escalate/apply.js';
import { recordingPort } from '../github/recording.js';
import { incidentInfo } from '../escalate/incidents.js';
import { incidentsToRead, readHistories } from '../escalate/history.js';
import { otherBotWriter, planEscalation, trackedIssuesOf } from '../escalate/plan.js';
import { formatSummaryReport } from '../escalate/report.js';
import { itemRows } from '../escalate/rows.js';
import { escalationSummary, summaryJson } from '../escalate/summary.js';
import { toolIdentity, type GitHubPort } from '../github/port.js';
import { safeLogLine } from '../report/github.js';
import { urlPath } from '../report/inert.js';
import { ignoredLines } from '../report/sync.js';
import { createReader } from '../workspace/reader.js';
import { InputError, type ActionInputs } from './inputs.js';

export interface EscalateModeContext {
  inputs: ActionInputs;
  config: ResolvedConfig;
  workspace: string;
  github: () => GitHubPort;
  /**
   * Bases of links to the repository's files, ending in `/`: `blob` at the commit this run read (comments link an
   * item's row there: the line stays right), `branch` at the default branch (the report's link to the index, the
   * same every day). None: nothing is linked.
   */
  links?: { blob: string; branch: string } | undefined;
}

/**
 * Escalate mode (a schedule): the open action-item issues climb the ladder
 * by days past due; each level is said once; the report issue shows where
 * the organisation stands.
 */
export async function escalateMode(context: EscalateModeContext): Promise<void> {
  const { inputs, config, workspace } = context;
  const settings = config.escalation;
  // Before anything is written: a path out of the workspace fails the run at once.
  const jsonPath = inputs.reportJson === undefined ? undefined : reportJsonPath(inputs.reportJson, workspace);
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
  const reader = createReader({ config, cwd: workspace });
  const knowledgeBase = await reader.index();
  const incidents = incidentInfo(knowledgeBase);
  const { history, unread } = await readHistories(github, issues, { incidents, asOf: inputs.asOf, settings, toolLogin });
  // An issue whose history could not be read is left for the next run rather than told again what it was told.
  if (unread.size > 0) core.warning(`Stopped at max-operations while reading the history of ${unread.size} issue(s); they wait for the next run.`);
  // The postmortems of the items shown, each parsed once: the rows comments link to, the titles the report shows.
  const rows = itemRows(reader.incidents(knowledgeBase)(incidentsToRead(issues, { incidents, asOf: inputs.asOf, settings, toolLogin })));
  const links = context.links && { blob: context.links.blob };
  const plan = planEscalation({ issues: issues.filter((issue) => !unread.has(issue.number)), history, incidents, asOf: inputs.asOf, settings, toolLogin, links, rows });
  const index = indexPage(config, workspace);
  const summary = escalationSummary(plan, issues, inputs.asOf, { rows, incidents, index: index === undefined ? undefined : { path: index, url: context.links && `${context.links.branch}${urlPath(index)}` } });
  const body = formatSummaryReport(summary);
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
  // The report as data, for a chat message or a dashboard: the same summary the report issue shows.
  const json = summaryJson(summary, { url: outcome.report.url || undefined });
  core.setOutput('report-json', json);
  if (jsonPath !== undefined) writeReportJson(jsonPath, json, inputs.reportJson!, workspace);
  if (process.env.GITHUB_STEP_SUMMARY) {
    const ignoredSection = ignoredAll.length > 0 ? `\n### Ignored\n\n${ignoredLines(ignoredAll).join('\n')}\n` : '';
    await core.summary.addRaw(`${body.slice(body.indexOf('\n') + 1)}${ignoredSection}`).write();
  }
  core.info(`Escalation as of ${inputs.asOf}: ${plan.overdue.length} overdue, ${plan.dueSoon.length} due soon, ${beforeAdoption > 0 ? `${beforeAdoption} overdue before adoption (not escalated), ` : ''}${outcome.commented.length} comments, report ${outcome.report.action}`);
}

/** The knowledge base's index page relative to the workspace, for the report's link; undefined when it lies outside. */
function indexPage(config: ResolvedConfig, workspace: string): string | undefined {
  const path = relative(workspace, resolve(config.root, config.indexPath));
  return path === '' || path.startsWith('..') || isAbsolute(path) ? undefined : path.split(sep).join('/');
}

const outside = (input: string) => new InputError(`Input "report-json" is "${input}", which reaches outside the workspace: name a file relative to the repository, inside it`);

/** The `report-json` file as an absolute path inside the workspace; an InputError naming the input otherwise. */
function reportJsonPath(input: string, workspace: string): string {
  const path = resolve(workspace, input);
  const inside = relative(resolve(workspace), path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw outside(input);
  return path;
}

/** Writes the JSON, refusing a folder or a file on the way that links out of the workspace. */
function writeReportJson(path: string, json: string, input: string, workspace: string): void {
  const root = realpathSync(workspace);
  let existing = dirname(path);
  while (!existsSync(existing)) existing = dirname(existing);
  const reached = relative(root, realpathSync(existing));
  if (reached.startsWith('..') || isAbsolute(reached)) throw outside(input);
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && lstatSync(path).isSymbolicLink()) throw outside(input);
  writeFileSync(path, `${json}\n`);
  core.info(`Escalation report written as JSON to ${input}`);
}
