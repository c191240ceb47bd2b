import type { OperationKey } from './openapi.js';
import type { FakeGitHub } from './server.js';
import type { FakeIssue, FakePullRequest, Identity } from './state.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export interface HandlerInput {
  fake: FakeGitHub;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  caller: Identity;
}

export type Handler = (input: HandlerInput) => { status: number; body?: unknown; headers?: Record<string, string> };

const DOCS = 'https://docs.github.com/rest';
const notFound = (message = 'Not Found') => new HttpError(404, { message, documentation_url: DOCS, status: '404' });
const invalid = (resource: string, field: string, code: string, value?: unknown) =>
  new HttpError(422, { message: 'Validation Failed', errors: [{ resource, field, code, ...(value === undefined ? {} : { value }) }], documentation_url: DOCS, status: '422' });

type Body = Record<string, unknown>;

/** GitHub refuses an issue or comment body over 65,536 characters and a title over 256, as 422. */
function checkLength(resource: string, field: 'body' | 'title', value: unknown): void {
  const max = field === 'body' ? 65_536 : 256;
  if (typeof value === 'string' && value.length > max) {
    throw new HttpError(422, { message: 'Validation Failed', errors: [{ resource, field, code: 'custom', message: `${field} is too long (maximum is ${max} characters)` }], documentation_url: DOCS, status: '422' });
  }
}

function issueOf(fake: FakeGitHub, params: Record<string, string>): FakeIssue {
  const issue = fake.state.issues.get(Number(params.issue_number));
  if (!issue) throw notFound();
  return issue;
}

/** GitHub's page-based pagination with a Link header, as octokit's paginate follows it. */
function page<T>(fake: FakeGitHub, path: string, query: Record<string, string>, items: T[]): { body: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(query.per_page ?? 30) || 30, 1), 100);
  const current = Math.max(Number(query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const url = new URL(path, fake.url);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links = [];
  if (current > 1) links.push(link(current - 1, 'prev'), link(1, 'first'));
  if (current < last) links.push(link(current + 1, 'next'), link(last, 'last'));
  return { body: items.slice((current - 1) * perPage, current * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

function checkAssignees(fake: FakeGitHub, assignees: unknown): string[] {
  const logins = Array.isArray(assignees) ? assignees.map(String) : [];
  for (const login of logins) if (!fake.state.assignable.has(login.toLowerCase())) throw invalid('Issue', 'assignees', 'invalid', login);
  return logins.map((login) => fake.user(login).login);
}

function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels.map((label) => (typeof label === 'string' ? label : String((label as { name?: unknown }).name ?? ''))).filter(Boolean);
}

const HEX_COLOR = /^[0-9a-fA-F]{6}$/;

/** The new side's lines a patch shows (added and context): where GitHub lets a review comment stand. */
function diffLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let next: number | undefined;
  for (const line of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) next = Number(hunk[1]);
    else if (next !== undefined && (line.startsWith('+') || line.startsWith(' '))) lines.add(next++);
  }
  return lines;
}

export const handlers: Partial<Record<OperationKey, Handler>> = {
  'GET /repos/{owner}/{repo}/issues': ({ fake, query }) => {
    const state = query.state ?? 'open';
    const wanted = (query.labels ?? '').split(',').map((label) => label.trim().toLowerCase()).filter(Boolean);
    const issues = [...fake.state.issues.values()]
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => wanted.every((label) => issue.labels.some((name) => name.toLowerCase() === label)))
      .sort((a, b) => (query.direction === 'asc' ? a.number - b.number : b.number - a.number));
    const { body, headers } = page(fake, `/repos/${fake.state.owner}/${fake.state.repo}/issues`, query, issues);
    return { status: 200, body: body.map((issue) => fake.renderer.issue(issue, (login) => fake.user(login))), headers };
  },

  'POST /repos/{owner}/{repo}/issues': ({ fake, body, caller }) => {
    const input = body as Body;
    checkLength('Issue', 'title', input.title);
    checkLength('Issue', 'body', input.body);
    const assignees = checkAssignees(fake, input.assignees);
    const labels = labelNames(input.labels);
    for (const label of labels) fake.state.ensureLabel(label);
    const now = fake.timestamp();
    const issue: FakeIssue = {
      id: fake.state.id(),
      number: fake.state.issueNumber(),
      title: String(input.title),
      body: typeof input.body === 'string' ? input.body : null,
      state: 'open',
      stateReason: null,
      labels: labels.map((name) => fake.state.label(name)!.name),
      assignees,
      user: caller,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pullRequest: false,
    };
    fake.state.issues.set(issue.number, issue);
    return { status: 201, body: fake.renderer.issue(issue, (login) => fake.user(login)) };
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}': ({ fake, params }) => ({
    status: 200,
    body: fake.renderer.issue(issueOf(fake, params), (login) => fake.user(login)),
  }),

  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': ({ fake, params, body }) => {
    const issue = issueOf(fake, params);
    const input = body as Body;
    checkLength('Issue', 'title', input.title);
    checkLength('Issue', 'body', input.body);
    if (input.assignees !== undefined) issue.assignees = checkAssignees(fake, input.assignees);
    if (input.labels !== undefined) {
      const labels = labelNames(input.labels);
      for (const label of labels) fake.state.ensureLabel(label);
      issue.labels = labels.map((name) => fake.state.label(name)!.name);
    }
    if (typeof input.title === 'string' || typeof input.title === 'number') issue.title = String(input.title);
    if (input.body !== undefined) issue.body = input.body as string | null;
    if (input.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = fake.timestamp();
      issue.stateReason = (input.state_reason as FakeIssue['stateReason']) ?? 'completed';
    } else if (input.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    } else if (input.state_reason !== undefined && issue.state === 'closed') {
      issue.stateReason = input.state_reason as FakeIssue['stateReason'];
    }
    issue.updatedAt = fake.timestamp();
    return { status: 200, body: fake.renderer.issue(issue, (login) => fake.user(login)) };
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ fake, params, query }) => {
    const issue = issueOf(fake, params);
    const { body, headers } = page(fake, `/repos/${fake.state.owner}/${fake.state.repo}/issues/${issue.number}/comments`, query, fake.state.commentsOf(issue.number));
    return { status: 200, body: body.map((comment) => fake.renderer.comment(comment)), headers };
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ fake, params, body, caller }) => {
    const issue = issueOf(fake, params);
    checkLength('IssueComment', 'body', (body as Body).body);
    const now = fake.timestamp();
    const comment = { id: fake.state.id(), issueNumber: issue.number, body: String((body as Body).body), user: caller, createdAt: now, updatedAt: now };
    fake.state.comments.set(comment.id, comment);
    issue.updatedAt = now;
    return { status: 201, body: fake.renderer.comment(comment) };
  },

  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': ({ fake, params, body }) => {
    const comment = fake.state.comments.get(Number(params.comment_id));
    if (!comment) throw notFound();
    checkLength('IssueComment', 'body', (body as Body).body);
    comment.body = String((body as Body).body);
    comment.updatedAt = fake.timestamp();
    return { status: 200, body: fake.renderer.comment(comment) };
  },

  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': ({ fake, params }) => {
    if (!fake.state.comments.delete(Number(params.comment_id))) throw notFound();
    return { status: 204 };
  },

  'GET /repos/{owner}/{repo}/labels': ({ fake, query }) => {
    const labels = [...fake.state.labels.values()].sort((a, b) => a.name.localeCompare(b.name));
    const { body, headers } = page(fake, `/repos/${fake.state.owner}/${fake.state.repo}/labels`, query, labels);
    return { status: 200, body: body.map((label) => fake.renderer.label(label)), headers };
  },

  'GET /repos/{owner}/{repo}/labels/{name}': ({ fake, params }) => {
    const label = fake.state.label(params.name!);
    if (!label) throw notFound();
    return { status: 200, body: fake.renderer.label(label) };
  },

  'POST /repos/{owner}/{repo}/labels': ({ fake, body }) => {
    const input = body as Body;
    const name = String(input.name);
    const color = String(input.color ?? 'ededed').replace(/^#/, '');
    if (!HEX_COLOR.test(color)) throw invalid('Label', 'color', 'invalid', input.color);
    if (fake.state.label(name)) throw invalid('Label', 'name', 'already_exists', name);
    const label = { id: fake.state.id(), name, color: color.toLowerCase(), description: typeof input.description === 'string' ? input.description : null };
    fake.state.labels.set(name.toLowerCase(), label);
    return { status: 201, body: fake.renderer.label(label) };
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': ({ fake, params, body }) => {
    const issue = issueOf(fake, params);
    const input = Array.isArray(body) ? body : (body as Body).labels;
    for (const name of labelNames(input)) {
      const label = fake.state.ensureLabel(name);
      if (!issue.labels.some((existing) => existing.toLowerCase() === label.name.toLowerCase())) issue.labels.push(label.name);
    }
    issue.updatedAt = fake.timestamp();
    return { status: 200, body: issue.labels.map((name) => fake.renderer.label(fake.state.ensureLabel(name))) };
  },

  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': ({ fake, params }) => {
    const issue = issueOf(fake, params);
    const index = issue.labels.findIndex((name) => name.toLowerCase() === params.name!.toLowerCase());
    if (index === -1) throw notFound('Label does not exist');
    issue.labels.splice(index, 1);
    issue.updatedAt = fake.timestamp();
    return { status: 200, body: issue.labels.map((name) => fake.renderer.label(fake.state.ensureLabel(name))) };
  },

  'GET /repos/{owner}/{repo}/assignees/{assignee}': ({ fake, params }) => {
    if (!fake.state.assignable.has(params.assignee!.toLowerCase())) throw notFound();
    return { status: 204 };
  },

  // GitHub reads `head` as owner:branch (a fork's owner for a fork's branch); a bare branch name is silently ignored.
  'GET /repos/{owner}/{repo}/pulls': ({ fake, query }) => {
    const state = query.state ?? 'open';
    const head = /^([^:]+):(.+)$/.exec(query.head ?? '');
    const pulls = [...fake.state.pullRequests.values()]
      .map((pull) => ({ pull, issue: fake.state.issues.get(pull.number) }))
      .filter((entry): entry is { pull: FakePullRequest; issue: FakeIssue } => entry.issue !== undefined)
      .filter(({ issue }) => state === 'all' || issue.state === state)
      .filter(({ pull }) => !head || (pull.headOwner.toLowerCase() === head[1]!.toLowerCase() && pull.head === head[2]))
      .filter(({ pull }) => query.base === undefined || pull.base === query.base)
      // Newest first, as GitHub sorts by default (created, descending).
      .sort((a, b) => (query.direction === 'asc' ? a.pull.number - b.pull.number : b.pull.number - a.pull.number));
    const { body, headers } = page(fake, `/repos/${fake.state.owner}/${fake.state.repo}/pulls`, query, pulls);
    return { status: 200, body: body.map(({ issue, pull }) => fake.renderer.pullRequest(issue, pull, (login) => fake.user(login))), headers };
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': ({ fake, params, query }) => {
    const files = fake.state.pulls.get(Number(params.pull_number));
    if (!files) throw new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const { body, headers } = page(fake, `/repos/${fake.state.owner}/${fake.state.repo}/pulls/${params.pull_number}/files`, query, files);
    return { status: 200, body: body.map((file, index) => fake.renderer.pullFile(file, index)), headers };
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': ({ fake, params, query }) => {
    if (!fake.state.pulls.has(Number(params.pull_number))) throw notFound();
    const comments = fake.state.reviewCommentsOf(Number(params.pull_number));
    const { body, headers } = page(fake, `/repos/${fake.state.owner}/${fake.state.repo}/pulls/${params.pull_number}/comments`, query, comments);
    return { status: 200, body: body.map((comment) => fake.renderer.reviewComment(comment)), headers };
  },

  'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}': ({ fake, params }) => {
    if (!fake.state.reviewComments.delete(Number(params.comment_id))) throw notFound();
    return { status: 204 };
  },

  // As GitHub does: the whole review is refused (422) when one comment stands outside the diff; COMMENT needs a body.
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': ({ fake, params, body, caller }) => {
    const pullNumber = Number(params.pull_number);
    const files = fake.state.pulls.get(pullNumber);
    if (!files) throw notFound();
    const input = body as Body;
    checkLength('PullRequestReview', 'body', input.body);
    if (input.event === 'COMMENT' && (typeof input.body !== 'string' || input.body === '')) throw invalid('PullRequestReview', 'body', 'missing_field');
    const drafts = (Array.isArray(input.comments) ? input.comments : []) as Body[];
    for (const draft of drafts) {
      checkLength('PullRequestReviewComment', 'body', draft.body);
      const file = files.find((candidate) => candidate.filename === draft.path);
      if (!file || typeof draft.line !== 'number' || (draft.side !== undefined && draft.side !== 'RIGHT') || (file.patch !== undefined && !diffLines(file.patch).has(draft.line))) {
        throw new HttpError(422, { message: 'Unprocessable Entity', errors: ['Pull request review thread line must be part of the diff'], documentation_url: DOCS, status: '422' });
      }
    }
    const now = fake.timestamp();
    const commitId = typeof input.commit_id === 'string' ? input.commit_id : '0'.repeat(40);
    const review = { id: fake.state.id(), pullNumber, body: String(input.body ?? ''), commitId, user: caller, submittedAt: now };
    fake.state.reviews.set(review.id, review);
    for (const draft of drafts) {
      const id = fake.state.id();
      fake.state.reviewComments.set(id, { id, reviewId: review.id, pullNumber, path: String(draft.path), line: draft.line as number, side: 'RIGHT', body: String(draft.body), commitId, user: caller, createdAt: now, updatedAt: now });
    }
    return { status: 200, body: fake.renderer.review(review) };
  },

  'GET /rate_limit': ({ fake }) => ({ status: 200, body: fake.rateOverview() }),

  // A personal token learns its login here; an installation token (GITHUB_TOKEN, an app's) is refused, as on GitHub.
  'GET /user': ({ fake, caller }) => {
    if (caller.type === 'Bot') throw new HttpError(403, { message: 'Resource not accessible by integration', documentation_url: `${DOCS}/users/users#get-the-authenticated-user`, status: '403' });
    const profile = { bio: null, blog: '', company: null, email: null, hireable: null, location: null, name: null, followers: 0, following: 0, public_gists: 0, public_repos: 0 };
    return { status: 200, body: { ...fake.renderer.user(caller), ...profile, created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z' } };
  },
};
