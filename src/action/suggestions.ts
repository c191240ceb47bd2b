import * as core from '@actions/core';
import { applyActions } from '../github/apply.js';
import { OperationBudgetExceeded, statusOf, toolIdentity, type GitHubPort, type PullRequestFile } from '../github/port.js';
import { recordingPort } from '../github/recording.js';
import type { FileResult } from '../model/finding.js';
import type { ParsedFile } from '../parse/document.js';
import { planSuggestions } from '../review/suggestions.js';
import { changedLines } from './changed-files.js';
import type { ActionInputs } from './inputs.js';

const READ_ONLY_NOTICE =
  'The suggested changes could not be posted: the token is read-only, as it is for pull requests from forks. The findings are in the annotations and the job summary.';

export interface SuggestionContext {
  inputs: ActionInputs;
  workspace: string;
  github: () => GitHubPort;
  pull: { number: number; base: string; head: string };
  /** The pull request files API's answer, when the changed files came from it. */
  api: PullRequestFile[] | undefined;
}

/**
 * The review of suggested changes, after the sticky comment: planned from the findings on lines the pull request
 * changed and the tool's earlier suggestion comments, carried out by the one applier (a recording port in a dry run).
 * Sets the output `suggestions` to the comments posted. Never fails the step: a read-only token gets a notice.
 */
export async function postSuggestions(context: SuggestionContext, results: readonly FileResult[], parsed: readonly ParsedFile[]): Promise<void> {
  let posted = 0;
  try {
    const wanting = results.some((result) => result.findings.some((finding) => finding.suggestion));
    const toolLogin = await toolIdentity(context.github(), context.inputs.botLogin);
    const port = context.inputs.dryRun ? recordingPort(context.github(), (line) => core.info(line), context.inputs.maxOperations) : context.github();
    // Without a suggestion to make, the diff is not read: only the earlier comments may need deleting.
    const changed = wanting ? await changedLines(context.workspace, context.pull, context.github, context.api) : new Map();
    const lines = new Map(parsed.flatMap((file) => (file.postmortem ? [[file.path, file.postmortem.source.split('\n')] as const] : [])));
    const plan = planSuggestions({
      results,
      changed,
      lines,
      previous: await port.listReviewComments(context.pull.number),
      toolLogin,
      pullNumber: context.pull.number,
      headSha: context.pull.head,
    });
    if (plan.writes.length === 0) {
      if (plan.kept > 0) core.info(`${plan.kept} suggested change(s) already posted`);
      return;
    }
    // The review first; the earlier comments are deleted only once it is posted (a read-only token stops here).
    const [first, ...rest] = plan.writes;
    const creates = first!.key === 'review';
    const reviewed = creates ? await applyActions(port, [first!]) : undefined;
    const review = reviewed?.outcomes[0];
    const applied = review === undefined || review.status === 'done' ? await applyActions(port, creates ? rest : plan.writes) : { outcomes: [], budgetExhausted: false };
    if (review?.status === 'failed') {
      if (review.httpStatus === 403) core.notice(READ_ONLY_NOTICE);
      else core.warning(`The suggested changes could not be posted: ${review.message}`);
    } else if (review?.status === 'waiting' || applied.budgetExhausted) {
      core.warning(`${new OperationBudgetExceeded(context.inputs.maxOperations).message}: ${review?.status === 'done' ? 'earlier suggestions were not all deleted' : 'the suggested changes were not posted'}`);
    } else if (review?.status === 'written-as') {
      core.warning(`The suggested changes were posted by ${review.login}, but the tool took itself to be ${toolLogin}: set the input bot-login: ${review.login}.`);
    }
    if (review?.status === 'done' && !context.inputs.dryRun) {
      posted = plan.wanted.length;
      core.info(`Suggested changes: ${posted} comment(s) in a review${review.comment?.url ? `: ${review.comment.url}` : ''}`);
    }
    const deleted = applied.outcomes.filter((outcome) => outcome.key.startsWith('suggestion ') && outcome.status === 'done').length;
    if (deleted > 0) core.info(`Removed ${deleted} out-of-date suggestion comment(s)`);
    if (plan.omitted > 0) core.info(`${plan.omitted} more suggested change(s) wait until these are settled`);
  } catch (error) {
    if (error instanceof OperationBudgetExceeded) core.warning(`${error.message}: the suggested changes were not posted`);
    else if (statusOf(error) === 403 && !/rate limit/i.test(String((error as Error).message))) core.notice(READ_ONLY_NOTICE);
    else core.warning(`The suggested changes could not be posted: ${(error as Error).message}`);
  } finally {
    core.setOutput('suggestions', posted);
  }
}
