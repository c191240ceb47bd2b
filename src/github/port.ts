/**
 * The narrow port through which the action talks to GitHub. Planners decide
 * with plain data; only implementations of this interface make requests.
 */
export interface GitHubPort {
  /** The files a pull request changes, with GitHub's status (added, modified, removed, renamed, ...). */
  pullRequestFiles(pullNumber: number): Promise<{ path: string; status: string }[]>;
}
