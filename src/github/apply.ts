import { ensureLabels } from './labels.js';
import { OperationBudgetExceeded, statusOf, writtenBy, type Comment, type GitHubPort, type Issue, type ReviewCommentDraft } from './port.js';

/** A label the planned writes use, with the colour and description it is created with when missing. */
export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export type IssueChanges = Parameters<GitHubPort['updateIssue']>[1];

/**
 * One request a plan asks for, as data: planners decide every field, the applier only sends it. Serialisable,
 * so `--dry-run` can print exactly the requests a real run would make.
 */
export type Write =
  /** Lists the repository's labels once and creates those missing (one another run creates meanwhile is fine). */
  | { op: 'ensure-labels'; labels: LabelSpec[] }
  /**
   * `expectAuthor`: the login the issue must come back written by; another means the token is not who the
   * tool took itself to be, and the run stops (more creates would only be issues the next run cannot recognise).
   */
  | { op: 'create-issue'; title: string; body: string; labels: string[]; assignees: string[]; expectAuthor?: string | undefined }
  | { op: 'update-issue'; issue: number; changes: IssueChanges }
  | { op: 'add-labels'; issue: number; labels: string[] }
  | { op: 'remove-label'; issue: number; label: string }
  | { op: 'create-comment'; issue: number; body: string; expectAuthor?: string | undefined }
  /** Updates a comment; when it is gone since it was listed (403, 404), a new one on `issue` takes its place. */
  | { op: 'update-comment'; id: number; issue: number; body: string; expectAuthor?: string | undefined }
  | { op: 'delete-comment'; id: number }
  /** One review of the pull request (event COMMENT) with its comments on lines of the diff's new side. */
  | { op: 'create-review'; pull: number; commitId: string; body: string; comments: ReviewCommentDraft[]; expectAuthor?: string | undefined }
  | { op: 'delete-review-comment'; id: number };

/** A unit of a plan: its writes go in order, and stop at the first that fails. */
export interface PlannedWrites {
  /** What the action is about (an item key, `labels`, `report`): outcomes are told by it. */
  key: string;
  writes: Write[];
}

/** What became of one planned action. */
export type Outcome =
  | {
      key: string;
      status: 'done';
      issue?: Pick<Issue, 'number' | 'url'>;
      comment?: Pick<Comment, 'id' | 'url'>;
      /** An updated comment was gone, and a new one took its place. */
      replaced?: boolean;
      /** Who GitHub says wrote what the last write returned. */
      author?: string | undefined;
    }
  /** Not tried: the run had stopped before it (the budget was spent, or a create came back by another writer). */
  | { key: string; status: 'waiting'; reason: string }
  /** Failed; `uncertain` when the write may have happened all the same (a timeout, a server error): only the next list can tell. */
  | { key: string; status: 'failed'; message: string; uncertain: boolean; httpStatus: number | undefined }
  /** Done, but GitHub says someone else wrote it: the run stopped after it. */
  | { key: string; status: 'written-as'; login: string; issue?: Pick<Issue, 'number' | 'url'>; comment?: Pick<Comment, 'id' | 'url'> };

export interface Applied {
  outcomes: Outcome[];
  /** Why the run stopped early, when it did; every action after the stop is `waiting` for this reason. */
  stopped: string | undefined;
  budgetExhausted: boolean;
  /** The login GitHub said wrote what the run created, when it is not the one expected. */
  writtenAs: string | undefined;
}

export const BUDGET_SPENT = 'max-operations reached';

/** A failure after which the write may or may not have happened. */
function uncertain(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/**
 * The one applier of every plan (sync, escalation, the sticky comment): sends
 * each action's writes in the plan's order and records what became of it.
 * It decides nothing: no order, no fallback, no choice between issues. It
 * stops when the request budget is spent or when a write expected to come
 * back by the tool comes back by someone else.
 */
export async function applyActions(github: GitHubPort, actions: readonly PlannedWrites[]): Promise<Applied> {
  const applied: Applied = { outcomes: [], stopped: undefined, budgetExhausted: false, writtenAs: undefined };
  for (const action of actions) {
    if (applied.stopped !== undefined) {
      applied.outcomes.push({ key: action.key, status: 'waiting', reason: applied.stopped });
      continue;
    }
    const done: { issue?: Pick<Issue, 'number' | 'url'>; comment?: Pick<Comment, 'id' | 'url'>; replaced?: boolean; author?: string } = {};
    let writtenAs: string | undefined;
    try {
      for (const write of action.writes) {
        const result = await send(github, write);
        if (result.issue) done.issue = { number: result.issue.number, url: result.issue.url };
        if (result.comment) done.comment = { id: result.comment.id, url: result.comment.url };
        if (result.replaced) done.replaced = true;
        const author = result.issue?.author ?? result.comment?.author;
        if (author) done.author = author.login;
        if ('expectAuthor' in write && write.expectAuthor !== undefined && author && !writtenBy(author, write.expectAuthor)) {
          writtenAs = author.login;
          break;
        }
      }
    } catch (error) {
      if (error instanceof OperationBudgetExceeded) {
        applied.stopped = BUDGET_SPENT;
        applied.budgetExhausted = true;
        applied.outcomes.push({ key: action.key, status: 'waiting', reason: BUDGET_SPENT });
      } else {
        applied.outcomes.push({ key: action.key, status: 'failed', message: (error as Error).message, uncertain: uncertain(error), httpStatus: statusOf(error) });
      }
      continue;
    }
    if (writtenAs !== undefined) {
      applied.writtenAs = writtenAs;
      applied.stopped = `the token writes as ${writtenAs}, not ${(action.writes.find((write) => 'expectAuthor' in write && write.expectAuthor) as { expectAuthor: string }).expectAuthor}: set the input bot-login`;
      applied.outcomes.push({ key: action.key, status: 'written-as', login: writtenAs, issue: done.issue, comment: done.comment });
    } else applied.outcomes.push({ key: action.key, status: 'done', ...done });
  }
  return applied;
}

async function send(github: GitHubPort, write: Write): Promise<{ issue?: Issue; comment?: Omit<Comment, 'createdAt'>; replaced?: boolean }> {
  switch (write.op) {
    case 'ensure-labels':
      await ensureLabels(github, write.labels);
      return {};
    case 'create-issue':
      return { issue: await github.createIssue({ title: write.title, body: write.body, labels: write.labels, assignees: write.assignees }) };
    case 'update-issue':
      return { issue: await github.updateIssue(write.issue, write.changes) };
    case 'add-labels':
      await github.addLabels(write.issue, write.labels);
      return {};
    case 'remove-label':
      await github.removeLabel(write.issue, write.label);
      return {};
    case 'create-comment':
      return { comment: await github.createComment(write.issue, write.body) };
    case 'update-comment':
      try {
        return { comment: await github.updateComment(write.id, write.body) };
      } catch (error) {
        if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error;
        return { comment: await github.createComment(write.issue, write.body), replaced: true };
      }
    case 'delete-comment':
      await github.deleteComment(write.id);
      return {};
    case 'create-review': {
      const review = await github.createReview(write.pull, { commitId: write.commitId, event: 'COMMENT', body: write.body, comments: write.comments });
      // The review's url stands where a comment's would: what the outcome links to.
      return { comment: { id: review.id, body: write.body, author: review.author, url: review.url } };
    }
    case 'delete-review-comment':
      await github.deleteReviewComment(write.id);
      return {};
  }
}

/** One line per write, as `--dry-run` prints it. Titles come from documents: the caller makes the line safe for its log. */
export function describeWrite(write: Write): string {
  switch (write.op) {
    case 'ensure-labels':
      return write.labels.length === 1 ? `create the label ${write.labels[0]!.name}` : `create the labels the repository lacks among: ${write.labels.map((label) => label.name).join(', ')}`;
    case 'create-issue':
      return `create "${write.title}" (labels: ${write.labels.join(', ')}${write.assignees.length > 0 ? `; assign ${write.assignees.map((login) => `@${login}`).join(', ')}` : ''})`;
    case 'update-issue': {
      const { state, stateReason, ...fields } = write.changes;
      const what = Object.keys(fields).join(', ');
      return `${state === 'closed' ? `close #${write.issue}${stateReason ? ` (${stateReason})` : ''}` : `update #${write.issue}`}${what ? ` (${what})` : ''}`;
    }
    case 'add-labels':
      return `label #${write.issue}: +${write.labels.join(', +')}`;
    case 'remove-label':
      return `label #${write.issue}: -${write.label}`;
    case 'create-comment':
      return `would create a comment on #${write.issue} (${write.body.length} characters)`;
    case 'update-comment':
      return `would update comment ${write.id}${write.issue > 0 ? ` on #${write.issue}` : ''} (${write.body.length} characters)`;
    case 'delete-comment':
      return `would delete duplicate comment ${write.id}`;
    case 'create-review':
      return `would create a review on #${write.pull} with ${write.comments.length} suggestion comment${write.comments.length === 1 ? '' : 's'}`;
    case 'delete-review-comment':
      return `would delete suggestion comment ${write.id}`;
  }
}
