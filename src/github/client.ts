import { getOctokit } from '@actions/github';
import Bottleneck from 'bottleneck';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { OperationBudgetExceeded, rateLimitReset, statusOf, type Comment, type GitHubPort } from './port.js';

export interface ClientLog {
  warning(message: string): void;
}

export interface ClientOptions {
  token: string;
  repository: { owner: string; repo: string };
  /** The most requests the run may make (`max-operations`); retries count too. */
  maxOperations: number;
  /**
   * Milliseconds between two writes. Undefined keeps octokit's spacing, which
   * follows GitHub's guidance: a second between writes, three between writes
   * that notify (issues, comments).
   */
  writeInterval: number | undefined;
  /** Milliseconds a request may take before it is abandoned (and retried when that is safe). */
  requestTimeout?: number;
  log: ClientLog;
}

/** A hung connection must not hold the job until GitHub's six-hour limit. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** How often a request held back by a rate limit is tried again before the run gives up on it. */
const RATE_LIMIT_RETRIES = 2;

/**
 * The octokit client, pointed at whatever GITHUB_API_URL says (github.com or
 * GitHub Enterprise Server), honouring primary and secondary rate limits,
 * retrying server errors with backoff, and counting its requests.
 */
export function createGitHub({ token, repository, maxOperations, writeInterval, requestTimeout = DEFAULT_REQUEST_TIMEOUT_MS, log }: ClientOptions): GitHubPort {
  const octokit = getOctokit(
    token,
    {
      // A timeout surfaces as a TimeoutError, which octokit turns into a retryable 500: reads and updates are
      // tried again, creates are not (the next run finds a create that did land by its marker).
      request: { fetch: (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(requestTimeout) }) },
      throttle: {
        ...(writeInterval === undefined
          ? {}
          : {
              write: new Bottleneck.Group({ id: 'postmortem-kb-write', maxConcurrent: 1, minTime: writeInterval }),
              notifications: new Bottleneck.Group({ id: 'postmortem-kb-notifications', maxConcurrent: 1, minTime: writeInterval }),
            }),
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
          log.warning(`GitHub's rate limit is exhausted; ${retryCount < RATE_LIMIT_RETRIES ? `retrying in ${retryAfter} s` : 'giving up on this request'}`);
          return retryCount < RATE_LIMIT_RETRIES && retryAfter <= 60;
        },
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
          log.warning(`GitHub's secondary rate limit answered; ${retryCount < RATE_LIMIT_RETRIES ? `retrying in ${retryAfter} s` : 'giving up on this request'}`);
          return retryCount < RATE_LIMIT_RETRIES;
        },
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    },
    throttling,
    retry,
  );
  let operations = 0;
  octokit.hook.before('request', () => {
    if (operations >= maxOperations) throw new OperationBudgetExceeded(maxOperations);
    operations += 1;
  });
  const { owner, repo } = repository;
  const assignable = new Map<string, Promise<boolean>>();
  let tokenLogin: Promise<string | undefined> | undefined;
  type RestIssue = {
    number: number;
    state: string;
    title: string;
    body?: string | null;
    labels: (string | { name?: string })[];
    assignees?: { login: string }[] | null;
    html_url: string;
    user?: { login: string; type: string } | null;
    pull_request?: unknown;
    created_at: string;
    closed_at?: string | null;
    state_reason?: string | null;
  };
  const toIssue = (issue: RestIssue) => ({
    number: issue.number,
    state: issue.state === 'closed' ? ('closed' as const) : ('open' as const),
    title: issue.title,
    body: issue.body ?? '',
    labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
    assignees: (issue.assignees ?? []).map((assignee) => assignee.login),
    url: issue.html_url,
    isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    author: issue.user ? { login: issue.user.login, type: issue.user.type } : undefined,
    createdAt: issue.created_at,
    closedAt: issue.closed_at ?? undefined,
    stateReason: issue.state_reason ?? undefined,
  });
  const toComment = (comment: { id: number; body?: string | null; user?: { login: string; type: string } | null; html_url: string; created_at: string }): Comment => ({
    id: comment.id,
    body: comment.body ?? '',
    author: comment.user ? { login: comment.user.login, type: comment.user.type } : undefined,
    url: comment.html_url,
    createdAt: comment.created_at,
  });
  return {
    get operations() {
      return operations;
    },
    async pullRequestFiles(pullNumber) {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
      return files.map((file) => ({ path: file.filename, status: file.status, ...(typeof file.patch === 'string' ? { patch: file.patch } : {}) }));
    },
    async listReviewComments(pullNumber) {
      const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: pullNumber, per_page: 100 });
      return comments.map((comment) => {
        const { createdAt: _, ...rest } = toComment(comment);
        return { ...rest, path: comment.path, line: comment.line ?? undefined };
      });
    },
    async deleteReviewComment(commentId) {
      await octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: commentId });
    },
    async createReview(pullNumber, review) {
      // Not idempotent: never retried blindly (the next run finds the comments of one that did land by their marker).
      const { data } = await octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number: pullNumber,
        commit_id: review.commitId,
        event: review.event,
        body: review.body,
        comments: review.comments.map((comment) => ({ path: comment.path, line: comment.line, side: comment.side, body: comment.body })),
        request: { retries: 0 },
      });
      return { id: data.id, url: data.html_url, author: data.user ? { login: data.user.login, type: data.user.type } : undefined };
    },
    async listComments(issueNumber, limit) {
      if (limit === undefined) {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
        return comments.map(toComment);
      }
      if (!(limit >= 1)) return [];
      // Stops at the page that reaches the limit: a long thread costs ceil(limit / 100) requests, not one per 100 comments.
      let read = 0;
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: Math.min(100, Math.ceil(limit)) }, (response, done) => {
        read += response.data.length;
        if (read >= limit) done();
        return response.data;
      });
      return comments.slice(0, limit).map(toComment);
    },
    async createComment(issueNumber, body) {
      // A create is not idempotent: never retried blindly (the next run finds a duplicate by its marker).
      return toComment((await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body, request: { retries: 0 } })).data);
    },
    async updateComment(commentId, body) {
      return toComment((await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body })).data);
    },
    async deleteComment(commentId) {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
    },
    async listIssues(label, state = 'all') {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state, labels: label, per_page: 100 });
      return issues.map(toIssue);
    },
    async createIssue(issue) {
      return toIssue((await octokit.rest.issues.create({ owner, repo, ...issue, request: { retries: 0 } })).data);
    },
    async updateIssue(issueNumber, { stateReason, ...changes }) {
      return toIssue((await octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, ...changes, ...(stateReason ? { state_reason: stateReason } : {}) })).data);
    },
    async addLabels(issueNumber, labels) {
      await octokit.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels });
    },
    async removeLabel(issueNumber, label) {
      try {
        await octokit.rest.issues.removeLabel({ owner, repo, issue_number: issueNumber, name: label });
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
    },
    async listLabels() {
      const labels = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 });
      return labels.map((label) => label.name);
    },
    async createLabel(label) {
      await octokit.rest.issues.createLabel({ owner, repo, ...label });
    },
    async openPullRequestsFrom(branch) {
      // GitHub ignores a head without its owner (and answers every open pull request): owner:branch names this repository's.
      const { data } = await octokit.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${branch}`, per_page: 100 });
      return data.map((pull) => ({ number: pull.number, url: pull.html_url, author: pull.user ? { login: pull.user.login, type: pull.user.type } : undefined }));
    },
    tokenLogin() {
      // An installation token (GITHUB_TOKEN, an app's) is refused: 403 "Resource not accessible by integration".
      tokenLogin ??= octokit.rest.users.getAuthenticated().then(
        (response) => response.data.login,
        (error: unknown) => {
          const status = statusOf(error);
          // A rate limit also answers 403: that stops the run rather than guess an identity.
          const limited = rateLimitReset(error) !== undefined || /rate limit/i.test((error as Error).message);
          if ((status === 403 && !limited) || status === 404) return undefined;
          throw error;
        },
      );
      return tokenLogin;
    },
    isAssignable(login) {
      let answer = assignable.get(login.toLowerCase());
      if (!answer) {
        answer = octokit.rest.issues.checkUserCanBeAssigned({ owner, repo, assignee: login }).then(
          () => true,
          (error: unknown) => {
            if ((error as { status?: number }).status === 404) return false;
            throw error;
          },
        );
        assignable.set(login.toLowerCase(), answer);
      }
      return answer;
    },
  };
}
