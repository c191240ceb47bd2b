import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MAX_COMMENTS } from '../draft/incident.js';
import { UsageError } from '../workspace/discover.js';

/** What `--from-issue N` reads of GitHub's REST API: the issue, its comments and its events, as GitHub sends them. */
export interface FetchedIssue {
  issue: Record<string, unknown>;
  comments: Record<string, unknown>[];
  events: Record<string, unknown>[];
  unreadComments: number;
}

const MAX_EVENTS = 1_000;

/** The token: GITHUB_TOKEN, GH_TOKEN, else what the GitHub CLI is logged in with (`gh auth token`). */
export async function tokenOf(env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  try {
    const { stdout } = await promisify(execFile)('gh', ['auth', 'token'], { timeout: 15_000 });
    if (stdout.trim() !== '') return stdout.trim();
  } catch {
    // No gh, or not logged in: said below.
  }
  throw new UsageError('postmortem draft --from-issue needs a token: set GITHUB_TOKEN, or log in with "gh auth login"');
}

/** owner/name: `--repo`, else GITHUB_REPOSITORY, else GH_REPO. */
export function repositoryOf(option: string | undefined, env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const value = (option ?? env.GITHUB_REPOSITORY ?? env.GH_REPO ?? '').trim();
  const match = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  if (!match) throw new UsageError(value === '' ? 'postmortem draft --from-issue needs the repository: --repo owner/name' : `--repo "${value}" is not owner/name`);
  return { owner: match[1]!, repo: match[2]! };
}

/** The next page of a paginated list, from GitHub's Link header. */
function nextPage(link: string | null): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const [target, rel] = part.split(';').map((piece) => piece.trim());
    if (rel === 'rel="next"' && target?.startsWith('<') && target.endsWith('>')) return target.slice(1, -1);
  }
  return undefined;
}

/** One issue with its comments (at most MAX_COMMENTS, the rest counted from the issue's `comments`) and events. */
export async function fetchIssue(number: number, repository: { owner: string; repo: string }, token: string, env: NodeJS.ProcessEnv): Promise<FetchedIssue> {
  const api = (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/(?<!\/)\/+$/, '');
  const headers = { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28', 'user-agent': 'postmortem-kb' };
  const name = `${repository.owner}/${repository.repo}#${number}`;
  const get = async (url: string) => {
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      throw new UsageError(`Could not reach GitHub for ${name}: ${(error as Error).message}`);
    }
    if (response.status === 401) throw new UsageError(`GitHub refused the token (401) for ${name}: check GITHUB_TOKEN or "gh auth status"`);
    if (response.status === 404) throw new UsageError(`${name} was not found, or the token cannot read it (404)`);
    if (response.status === 403 || response.status === 429) throw new UsageError(`GitHub answered ${response.status} for ${name}: rate limited or not allowed; try again later`);
    if (!response.ok) throw new UsageError(`GitHub answered ${response.status} for ${name}`);
    return { body: (await response.json()) as unknown, next: nextPage(response.headers.get('link')) };
  };
  const list = async (first: string, max: number) => {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = first;
    while (url !== undefined && items.length < max) {
      const page = await get(url);
      if (!Array.isArray(page.body)) break;
      items.push(...(page.body as Record<string, unknown>[]));
      url = page.next;
    }
    return items.slice(0, max);
  };
  const base = `${api}/repos/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.repo)}/issues/${number}`;
  const issue = (await get(base)).body as Record<string, unknown>;
  if (typeof issue !== 'object' || issue === null) throw new UsageError(`GitHub sent no issue for ${name}`);
  if (issue.pull_request !== undefined) throw new UsageError(`${name} is a pull request, not an incident issue`);
  const comments = await list(`${base}/comments?per_page=100`, MAX_COMMENTS);
  // Labelled and assigned rows are a bonus: a server without the events list (GitHub Enterprise proxies, fakes) still drafts.
  const events = await list(`${base}/events?per_page=100`, MAX_EVENTS).catch(() => []);
  const total = typeof issue.comments === 'number' ? issue.comments : comments.length;
  return { issue, comments, events, unreadComments: Math.max(0, total - comments.length) };
}
