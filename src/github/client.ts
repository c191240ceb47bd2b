import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { OperationBudgetExceeded, type Comment, type GitHubPort } from './port.js';

export interface ClientLog {
  warning(message: string): void;
}

export interface ClientOptions {
  token: string;
  repository: { owner: string; repo: string };
  /** The most requests the run may make (`max-operations`); retries count too. */
  maxOperations: number;
  log: ClientLog;
}

/** How often a request held back by a rate limit is tried again before the run gives up on it. */
const RATE_LIMIT_RETRIES = 2;

/**
 * The octokit client, pointed at whatever GITHUB_API_URL says (github.com or
 * GitHub Enterprise Server), honouring primary and secondary rate limits,
 * retrying server errors with backoff, and counting its requests.
 */
export function createGitHub({ token, repository, maxOperations, log }: ClientOptions): GitHubPort {
  const octokit = getOctokit(
    token,
    {
      throttle: {
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
  const toComment = (comment: { id: number; body?: string | null; user?: { login: string; type: string } | null; html_url: string }): Comment => ({
    id: comment.id,
    body: comment.body ?? '',
    author: comment.user ? { login: comment.user.login, type: comment.user.type } : undefined,
    url: comment.html_url,
  });
  return {
    get operations() {
      return operations;
    },
    async pullRequestFiles(pullNumber) {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
      return files.map((file) => ({ path: file.filename, status: file.status }));
    },
    async listComments(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
      return comments.map(toComment);
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
  };
}
