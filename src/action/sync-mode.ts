import * as core from '@actions/core';
import type { ResolvedConfig } from '../config/types.js';
import { toolIdentity, type GitHubPort } from '../github/port.js';
import { safeLogLine } from '../report/github.js';
import { cappedMessage, formatSyncSummary } from '../report/sync.js';
import { recordingPort } from '../github/recording.js';
import { applySync, planWithAssignees } from '../sync/apply.js';
import { syncDocuments } from '../sync/documents.js';
import { syncSettingsOf } from '../sync/settings.js';
import { byRecency, incidentRow, type IncidentRow } from '../kb/insights.js';
import { findPatterns } from '../kb/patterns.js';
import { formatIndexPage } from '../report/index-page.js';
import { createReader } from '../workspace/reader.js';
import type { ActionInputs } from './inputs.js';

export interface SyncModeContext {
  inputs: ActionInputs;
  config: ResolvedConfig;
  workspace: string;
  github: () => GitHubPort;
  /** https://github.com/o/r/blob/<default branch>/ */
  linkBase: string;
  /** The pushed commit (GITHUB_SHA) and https://github.com/o/r: issue bodies link to their item's row at it. */
  commit?: { repository: string; sha: string } | undefined;
}

/**
 * Sync mode (a push to the default branch): one issue per action item of
 * every in-review or published postmortem, kept in step. Plan from one
 * paginated list of the tool's issues, then apply.
 */
export async function syncMode(context: SyncModeContext): Promise<void> {
  const { config, inputs, workspace } = context;
  // One reader for the run: discovery once, each file read and parsed once, for the plan and for the index page.
  const reader = createReader({ config, cwd: workspace });
  const paths = await reader.discover();
  const parsed = reader.parseAll(paths);
  const unreadable = parsed.filter((file) => !file.postmortem);
  for (const file of unreadable) core.warning(`${file.path} could not be read and is left out of the sync: ${file.problems[0]?.message ?? ''}`);
  const github = context.github();
  const toolLogin = await toolIdentity(github, inputs.botLogin);
  const existing = (await github.listIssues(config.sync.label)).filter((issue) => !issue.isPullRequest);
  // The index from the files just parsed (none is read again): the incidents each one is linked from, and the summary's patterns.
  const knowledgeBase = await reader.index(paths);
  const documents = syncDocuments(parsed, knowledgeBase);
  const unreadablePaths = new Set(unreadable.map((file) => file.path));
  const settings = syncSettingsOf(config, { linkBase: context.linkBase, toolLogin, commit: context.commit });
  // Who can be assigned is asked before planning, for the logins a first plan would assign: the plan says it all.
  const plan = await planWithAssignees(github, documents, existing, settings, unreadablePaths, inputs.maxOperations);
  for (const note of plan.notes) core.notice(note);
  // On the postmortem itself, where its author looks: the items past the cap are not forgotten silently.
  for (const capped of plan.capped) core.warning(cappedMessage(capped), { file: capped.file, startLine: 1, title: 'Too many action items to sync' });
  if (plan.ignored.length > 0) core.notice(`${plan.ignored.length} issue(s) with a postmortem-kb marker were not written by ${toolLogin} and are ignored (listed in the job summary)`);
  // A dry run is the same plan and the same applier on a port that records the writes instead of sending them.
  const port = inputs.dryRun ? recordingPort(github, (line) => core.info(safeLogLine(line)), inputs.maxOperations) : github;
  const report = await applySync(plan, port, { ownershipLabel: config.sync.label });
  for (const notice of report.notices) core.notice(notice);
  // What waits because the run stopped is one line with a count; each other failure has its own.
  for (const pending of report.pending) if (pending.reason !== report.stopped) core.warning(`${pending.key}: ${pending.reason}`);
  if (report.budgetExhausted) {
    core.warning(`Stopped at max-operations (${inputs.maxOperations} requests): ${report.pending.length} action(s) are left; the next run continues where this one stopped.`);
  }
  if (report.writtenAs !== undefined) {
    core.setFailed(`The issues this run created are written by ${report.writtenAs}, but the tool took itself to be ${toolLogin}: set the input bot-login: ${report.writtenAs}, or the next run will not recognise them. ${report.pending.length} action(s) are left.`);
  }
  // The outputs count what was written: nothing, in a dry run.
  const written = (count: number) => (inputs.dryRun ? 0 : count);
  core.setOutput('created', written(report.created.length));
  core.setOutput('updated', written(report.updated.length));
  core.setOutput('unchanged', report.unchanged.length);
  core.setOutput('flagged', written(report.flagged.length));
  if (process.env.GITHUB_STEP_SUMMARY) {
    // The knowledge base's front page, refreshed from the documents just read (the summary has room for 1 MiB).
    const rows = parsed.flatMap((file) => (file.postmortem ? [incidentRow(file.postmortem)] : [])).filter((row): row is IncidentRow => row !== undefined);
    const index = formatIndexPage(rows.sort(byRecency), findPatterns(knowledgeBase), (row) => `${context.linkBase}${row.path}`);
    const page = index.replace(/^<!--.*-->\n\n# Postmortems/, '## The knowledge base');
    const summary = `${formatSyncSummary(report, inputs.dryRun, plan)}\n${page.length < 900_000 ? page : ''}`;
    await core.summary.addRaw(summary).write();
  }
  core.info(`Sync${inputs.dryRun ? ' (dry run: what it would do)' : ''}: ${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.flagged.length} flagged, ${report.pending.length} left for the next run`);
}
