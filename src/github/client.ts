import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubPort } from './port.js';

export interface ClientLog {
  warning(message: string): void;
}

/** How often a request held back by a rate limit is tried again before the run gives up on it. */
const RATE_LIMIT_RETRIES = 2;

/**
 * The octokit client, pointed at whatever GITHUB_API_URL says (github.com or
 * GitHub Enterprise Server), honouring primary and secondary rate limits and
 * retrying server errors with backoff.
 */
export function createGitHub(token: string, repository: { owner: string; repo: string }, log: ClientLog): GitHubPort {
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
  const { owner, repo } = repository;
  return {
    async pullRequestFiles(pullNumber) {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
      return files.map((file) => ({ path: file.filename, status: file.status }));
    },
  };
}
