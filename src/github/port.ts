/**
 * The narrow port through which the action talks to GitHub. Planners decide
 * with plain data; only implementations of this interface make requests.
 */
export interface GitHubPort {
  /** The files a pull request changes, with GitHub's status (added, modified, removed, renamed, ...). */
  pullRequestFiles(pullNumber: number): Promise<PullRequestFile[]>;
  /** Every review comment of a pull request (the comments on its diff), oldest first (one paginated list). */
  listReviewComments(pullNumber: number): Promise<ReviewComment[]>;
  deleteReviewComment(commentId: number): Promise<void>;
  /** Submits one review with its comments on the diff. Not retried: a create that fails uncertainly is settled by the next list. */
  createReview(pullNumber: number, review: ReviewDraft): Promise<Review>;
  /**
   * Every comment of an issue or pull request, oldest first (one paginated list). With a `limit`, only the oldest
   * `limit` comments: the list stops at the page that reaches it (ceil(limit / 100) requests); a limit below 1 reads nothing.
   */
  listComments(issueNumber: number, limit?: number): Promise<Comment[]>;
  createComment(issueNumber: number, body: string): Promise<Comment>;
  updateComment(commentId: number, body: string): Promise<Comment>;
  deleteComment(commentId: number): Promise<void>;
  /** Every issue (open and closed) carrying a label: one paginated list, never the search API (its index lags). */
  listIssues(label: string, state?: 'all' | 'open'): Promise<Issue[]>;
  /** Not retried: a create that fails uncertainly is settled by the next list. */
  createIssue(issue: { title: string; body: string; labels: string[]; assignees: string[] }): Promise<Issue>;
  updateIssue(
    issueNumber: number,
    changes: { title?: string; body?: string; labels?: string[]; assignees?: string[]; state?: 'open' | 'closed'; stateReason?: 'completed' | 'not_planned' | 'duplicate' },
  ): Promise<Issue>;
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  /** Removes one label; a label already gone is not an error. */
  removeLabel(issueNumber: number, label: string): Promise<void>;
  listLabels(): Promise<string[]>;
  /**
   * The open pull requests whose head is `branch` of this repository (not a fork's branch of the same name),
   * newest first; one page of 100.
   */
  openPullRequestsFrom(branch: string): Promise<PullRequest[]>;
  createLabel(label: { name: string; color: string; description: string }): Promise<void>;
  /** Whether a login can be assigned issues in the repository (asked once per login per run). */
  isAssignable(login: string): Promise<boolean>;
  /**
   * The login a personal token writes as (asked once per run); undefined for an installation token
   * (GITHUB_TOKEN, an app's), which GitHub does not let ask.
   */
  tokenLogin(): Promise<string | undefined>;
  /** Requests made so far in this run. */
  readonly operations: number;
}

export interface Issue {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  url: string;
  isPullRequest: boolean;
  /** Who wrote the issue: only the tool's own issues are trusted to hold its markers. */
  author: { login: string; type: string } | undefined;
  createdAt: string;
  closedAt: string | undefined;
  stateReason: string | undefined;
}

export interface Comment {
  id: number;
  body: string;
  author: { login: string; type: string } | undefined;
  url: string;
  /** When it was written: ISO 8601, as GitHub sends it (`2024-01-18T09:30:00Z`). */
  createdAt: string;
}

/** An open pull request, as the draft mode looks for its own before it opens one. */
export interface PullRequest {
  number: number;
  url: string;
  author: { login: string; type: string } | undefined;
}

export interface PullRequestFile {
  path: string;
  /** GitHub's status: added, modified, removed, renamed, ... */
  status: string;
  /** The file's hunks, as unified diff; GitHub sends none for a binary file or a diff too large. */
  patch?: string | undefined;
}

/** A comment on a pull request's diff. */
export interface ReviewComment {
  id: number;
  body: string;
  author: { login: string; type: string } | undefined;
  url: string;
  path: string;
  /** The line on the current diff; undefined once the comment is outdated. */
  line: number | undefined;
}

/** A comment of a review, on one line of the diff's new side. */
export interface ReviewCommentDraft {
  path: string;
  line: number;
  side: 'RIGHT';
  body: string;
}

export interface ReviewDraft {
  /** The head commit the comments' lines are read against. */
  commitId: string;
  event: 'COMMENT';
  body: string;
  comments: ReviewCommentDraft[];
}

export interface Review {
  id: number;
  url: string;
  author: { login: string; type: string } | undefined;
}

/** Who GITHUB_TOKEN writes as. */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * The tool's identity on GitHub: the `bot-login` input when given (an app token must say which app it is),
 * else a personal token's login, else GITHUB_TOKEN's bot. Only what this login wrote steers the tool.
 */
export async function toolIdentity(github: GitHubPort, override: string | undefined): Promise<string> {
  return override ?? (await github.tokenLogin()) ?? ACTIONS_BOT;
}

/** Whether GitHub says this login wrote it; logins compare case-insensitively, as GitHub's do. */
export function writtenBy(author: { login: string } | string | undefined, login: string): boolean {
  const name = typeof author === 'string' ? author : author?.login;
  return name !== undefined && name.toLowerCase() === login.toLowerCase();
}

/** The run's request budget (`max-operations`) is spent: what is left waits for the next run. */
export class OperationBudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`The run's budget of ${budget} GitHub API requests (max-operations) is spent`);
    this.name = 'OperationBudgetExceeded';
  }
}

/** GitHub answered with an error status; `status` says which. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * When GitHub's primary rate limit is exhausted: the time it resets, from the
 * error's headers (undefined for any other error).
 */
export function rateLimitReset(error: unknown): Date | undefined {
  const response = (error as { status?: number; response?: { headers?: Record<string, string | undefined> } })?.response;
  const status = (error as { status?: number })?.status;
  if ((status !== 403 && status !== 429) || response?.headers?.['x-ratelimit-remaining'] !== '0') return undefined;
  const reset = Number(response.headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : new Date(Date.now() + 3600_000);
}
