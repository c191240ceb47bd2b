import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import type { ResolvedConfig } from '../config/types.js';
import { OperationBudgetExceeded, statusOf, toolIdentity, type GitHubPort, type PullRequestFile } from '../github/port.js';
import { countBySeverity, type FileResult } from '../model/finding.js';
import { selectAnnotations } from '../report/annotations.js';
import { formatGithub } from '../report/github.js';
import { COMMENT_BUDGET, formatLintReport, type LintReport, type ReviewContext } from '../report/pull-request.js';
import { formatSarif, sarifRules } from '../report/sarif.js';
import { suppressedLine } from '../report/stylish.js';
import { cappedMessage } from '../report/sync.js';
import { reviewDocuments, type TrackedIssues } from '../review/index.js';
import { RULES } from '../rules/index.js';
import { applyBaseline } from '../workspace/baseline.js';
import { lintWorkspace } from '../workspace/lint.js';
import { workspaceRoot } from '../workspace/reader.js';
import { sourceReader } from '../workspace/sources.js';
import { changedFiles, postmortemsAmong } from './changed-files.js';
import { postSuggestions } from './suggestions.js';
import type { ActionInputs } from './inputs.js';
import { COMMENT_LIMIT, COMMENT_MARKER, upsertStickyComment } from '../review/sticky-comment.js';
import { recordingPort } from '../github/recording.js';

/** GitHub's limit on a job summary. */
const SUMMARY_LIMIT = 1024 * 1024;
const FORK_NOTICE =
  'The pull request comment could not be written: the token is read-only, as it is for pull requests from forks. Annotations and the job summary carry the review; to get the comment, run this workflow for pull requests from branches of this repository.';

export interface PullRequest {
  number: number;
  base: string;
  head: string;
}

export interface LintModeContext {
  inputs: ActionInputs;
  config: ResolvedConfig;
  workspace: string;
  pull: PullRequest | undefined;
  github: () => GitHubPort;
  /** https://github.com/o/r/blob/<sha>/ */
  blobBase: string | undefined;
  version: string;
  /** https://github.com/o/r, and the run's page: links of the review, passed as data. */
  repositoryUrl?: string | undefined;
  runUrl?: string | undefined;
}

/**
 * Lint mode: on a pull request, the postmortems it adds or changes (the
 * whole knowledge base indexed for related incidents); otherwise the whole
 * knowledge base. Says whether the step fails, by `fail-on`.
 */
export async function lintMode(context: LintModeContext): Promise<{ failed: boolean; errors: number; warnings: number }> {
  const { inputs, config, workspace, pull } = context;
  let patterns: string[] = [];
  let scope = 'The knowledge base';
  let changedPaths: string[] = [];
  let changedApi: PullRequestFile[] | undefined;
  if (pull) {
    const changed = await changedFiles(workspace, pull, context.github);
    changedPaths = changed.files;
    changedApi = changed.api;
    patterns = postmortemsAmong(changed.files, config, workspace);
    core.info(`${changed.files.length} files changed (from ${changed.source === 'git' ? 'the git history' : 'the pull request files API'}); ${patterns.length} are postmortems`);
    scope = `Pull request #${pull.number} changes ${patterns.length} postmortem${patterns.length === 1 ? '' : 's'}`;
    if (patterns.length === 0) {
      core.notice('This pull request changes no postmortem: nothing to lint.');
      if (inputs.comment) await comment(context, pull, undefined);
      // The earlier run's suggestions are out of date: deleted, and none posted.
      if (inputs.comment && inputs.suggestions) await postSuggestions({ ...context, pull, api: changedApi }, [], []);
      await report([], { errors: 0, warnings: 0 }, `Pull request #${pull.number} changes no postmortem`, context, undefined);
      return { failed: false, errors: 0, warnings: 0 };
    }
  }
  // A pull request's few files are parsed and kept for its review; a full lint may reuse the cache.
  const outcome = await lintWorkspace({ cwd: workspace, patterns, config, keepParsed: pull !== undefined, cacheFile: pull ? undefined : inputs.cache });
  for (const warning of outcome.warnings) core.warning(warning);
  if (!pull && inputs.cache) core.info(`Lint cache ${inputs.cache}: ${outcome.stats.reused} of ${outcome.results.length} results reused`);
  // The lint baseline (.postmortem-baseline.json at the config's root), when the repository has one: only new findings count. Never written here.
  const baseline = applyBaseline(outcome, { complete: false });
  if (baseline.suppressed > 0) core.info(`${suppressedLine(baseline.suppressed)} (${baseline.shown})`);
  const { results, suppressed } = baseline;
  // A pull request can record its own findings in the baseline: said where the reviewer reads, never silently.
  const baselineChanged = pull !== undefined && changedPaths.some((path) => resolve(workspace, path) === baseline.path);
  if (baselineChanged) core.warning(`This pull request changes the lint baseline ${baseline.shown}: the findings it records are not reported. Review that change with the postmortems.`, { file: baseline.shown, startLine: 1, title: 'Lint baseline changed' });
  const { shown, hidden } = selectAnnotations(results, RULES.map((rule) => rule.meta.id));
  process.stdout.write(formatGithub(shown));
  // The action-item issues, read once: which items already have one, and which earlier items are still open.
  const tracked = pull ? await actionItemIssues(context) : undefined;
  const review = reviewDocuments({
    parsed: outcome.parsed,
    results,
    knowledgeBase: outcome.knowledgeBase,
    // The run's reader: an earlier incident the lint already read is not read again.
    readIncidents: outcome.reader.incidents(outcome.knowledgeBase),
    config,
    tracked,
  });
  // As the sync will say it on merge, on the postmortem itself: the items past the cap get no issue.
  for (const capped of review.capped) core.warning(cappedMessage(capped), { file: capped.file, startLine: 1, title: 'Too many action items to sync' });
  const lintReport: LintReport = {
    scope,
    results: review.results,
    hidden,
    documents: review.documents,
    blobBase: context.blobBase,
    ruleUrl: (ruleId) => RULES.find((rule) => rule.meta.id === ruleId)?.meta.url,
    suppressed,
    baselineChanged: baselineChanged ? baseline.shown : undefined,
    context: reviewContext(context, pull),
    itemStates: review.itemStates,
  };
  if (pull && inputs.comment) await comment(context, pull, formatLintReport(lintReport, Math.min(COMMENT_BUDGET, COMMENT_LIMIT - COMMENT_MARKER.length - 1)));
  if (pull && inputs.comment && inputs.suggestions) await postSuggestions({ ...context, pull, api: changedApi }, review.results, outcome.parsed);
  await report(results, hidden, scope, context, lintReport);
  const { errors, warnings } = review.counts;
  return { failed: (inputs.failOn === 'error' && errors > 0) || (inputs.failOn === 'warning' && errors + warnings > 0), errors, warnings };
}

/** What the review says of where it ran: the pull request's head (the reviewed commit), the run; the comment's rest is in the job summary. */
function reviewContext(context: LintModeContext, pull: PullRequest | undefined): ReviewContext {
  return {
    repositoryUrl: context.repositoryUrl,
    sha: pull?.head,
    pullNumber: pull?.number,
    runUrl: context.runUrl,
    version: context.version,
    elsewhere: context.inputs.sarifFile ? ['job-summary', 'code-scanning'] : ['job-summary'],
  };
}

/** The issues with the action-item label, and who the tool is: only its issues say what an item's state is. */
async function actionItemIssues(context: LintModeContext): Promise<TrackedIssues | undefined> {
  try {
    const toolLogin = await toolIdentity(context.github(), context.inputs.botLogin);
    const issues = await context.github().listIssues(context.config.sync.label);
    return { issues, toolLogin };
  } catch (error) {
    core.info(`Could not read the action-item issues (${(error as Error).message}); the review goes by the postmortems alone`);
    return undefined;
  }
}

async function comment(context: LintModeContext, pull: PullRequest, body: string | undefined): Promise<void> {
  try {
    // Who the tool is decides which comment is its own; a read-only token (a fork's) is GITHUB_TOKEN's bot.
    const toolLogin = await toolIdentity(context.github(), context.inputs.botLogin);
    // A dry run is the same plan and the same applier on a port that records the writes instead of sending them.
    const port = context.inputs.dryRun ? recordingPort(context.github(), (line) => core.info(line), context.inputs.maxOperations) : context.github();
    const outcome = await upsertStickyComment(port, pull.number, body, {
      noLongerBody: '## Postmortem review\n\nThis pull request no longer changes any postmortem: nothing to review.\n',
      toolLogin,
    });
    if (outcome.writtenAs !== undefined) {
      core.warning(`The pull request comment is written by ${outcome.writtenAs}, but the tool took itself to be ${toolLogin}: set the input bot-login: ${outcome.writtenAs}, or every run adds a new comment.`);
    }
    core.setOutput('comment', outcome.action);
    if (outcome.url) core.info(`Pull request comment ${outcome.action}: ${outcome.url}`);
    if (outcome.removedDuplicates > 0) core.info(`Removed ${outcome.removedDuplicates} duplicate comment(s)`);
  } catch (error) {
    // The review is in the annotations and the summary; a comment that cannot be written fails nothing.
    if (statusOf(error) === 403 && !/rate limit/i.test(String((error as Error).message))) core.notice(FORK_NOTICE);
    else if (error instanceof OperationBudgetExceeded) core.warning(`${error.message}: the pull request comment was not written`);
    else core.warning(`The pull request comment could not be written: ${(error as Error).message}`);
  }
}

async function report(results: FileResult[], hidden: { errors: number; warnings: number }, scope: string, context: LintModeContext, lintReport: LintReport | undefined): Promise<void> {
  const { errors, warnings } = countBySeverity(results.flatMap((result) => result.findings));
  core.setOutput('errors', errors);
  core.setOutput('warnings', warnings);
  core.setOutput('files', JSON.stringify(results.map((result) => result.filePath)));
  if (context.inputs.sarifFile) {
    // The files with findings, read again (within the workspace) for the lines their fingerprints hash and their fixes.
    const sources = sourceReader({ config: context.config, cwd: context.workspace, workspace: workspaceRoot(context.workspace) });
    writeFileSync(resolve(context.workspace, context.inputs.sarifFile), formatSarif(results, sarifRules(), context.version, sources));
    core.setOutput('sarif-file', context.inputs.sarifFile);
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    // The summary is where the comment sends readers for the rest; past its own limit, code scanning or the CLI.
    const base = lintReport ?? { scope, results, hidden, documents: [], blobBase: context.blobBase, ruleUrl: () => undefined, context: reviewContext(context, context.pull) };
    const summary = formatLintReport({ ...base, context: { ...base.context, elsewhere: context.inputs.sarifFile ? ['code-scanning'] : ['cli'] } }, SUMMARY_LIMIT);
    await core.summary.addRaw(summary).write();
  }
  core.info(`${results.length} postmortems linted: ${errors} errors, ${warnings} warnings`);
}
