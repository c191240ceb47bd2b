/** The repository the fake keeps in memory, and the JSON GitHub would render for it. */

export interface Identity {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  labels: string[];
  assignees: string[];
  user: Identity;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Pull requests are issues too, in the issues list. */
  pullRequest: boolean;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: Identity;
  createdAt: string;
  updatedAt: string;
}

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface FakePullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previousFilename?: string;
  /** The file's hunks as GitHub sends them; a review comment must stand on a line of one (absent: any line, as no diff is known). */
  patch?: string;
}

export interface FakeReview {
  id: number;
  pullNumber: number;
  body: string;
  commitId: string;
  user: Identity;
  submittedAt: string;
}

export interface FakeReviewComment {
  id: number;
  reviewId: number;
  pullNumber: number;
  path: string;
  line: number;
  side: 'RIGHT' | 'LEFT';
  body: string;
  commitId: string;
  user: Identity;
  createdAt: string;
  updatedAt: string;
}

export class RepositoryState {
  readonly issues = new Map<number, FakeIssue>();
  readonly comments = new Map<number, FakeComment>();
  /** By lower-cased name: GitHub matches label names case-insensitively. */
  readonly labels = new Map<string, FakeLabel>();
  readonly assignable = new Set<string>();
  readonly pulls = new Map<number, FakePullFile[]>();
  readonly reviews = new Map<number, FakeReview>();
  readonly reviewComments = new Map<number, FakeReviewComment>();
  private nextNumber = 1;
  private nextId = 1000;

  constructor(
    readonly owner: string,
    readonly repo: string,
  ) {}

  id(): number {
    return this.nextId++;
  }

  issueNumber(): number {
    return this.nextNumber++;
  }

  label(name: string): FakeLabel | undefined {
    return this.labels.get(name.toLowerCase());
  }

  /** Adding an unknown label to an issue creates it, as GitHub does. */
  ensureLabel(name: string): FakeLabel {
    const existing = this.label(name);
    if (existing) return existing;
    const label: FakeLabel = { id: this.id(), name, color: 'ededed', description: null };
    this.labels.set(name.toLowerCase(), label);
    return label;
  }

  reviewCommentsOf(pullNumber: number): FakeReviewComment[] {
    return [...this.reviewComments.values()].filter((comment) => comment.pullNumber === pullNumber).sort((a, b) => a.id - b.id);
  }

  commentsOf(issueNumber: number): FakeComment[] {
    return [...this.comments.values()].filter((comment) => comment.issueNumber === issueNumber).sort((a, b) => a.id - b.id);
  }
}

/** Renders state as the REST API does; the OpenAPI validator checks every rendering. */
export class Renderer {
  constructor(
    private readonly api: string,
    private readonly state: RepositoryState,
  ) {}

  private get repoApi(): string {
    return `${this.api}/repos/${this.state.owner}/${this.state.repo}`;
  }

  private get repoHtml(): string {
    return `https://github.com/${this.state.owner}/${this.state.repo}`;
  }

  user(identity: Identity): Record<string, unknown> {
    const url = `${this.api}/users/${encodeURIComponent(identity.login)}`;
    return {
      login: identity.login,
      id: identity.id,
      node_id: `U_${identity.id}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${identity.id}`,
      gravatar_id: '',
      url,
      html_url: `https://github.com/${encodeURIComponent(identity.login)}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: identity.type,
      site_admin: false,
    };
  }

  label(label: FakeLabel): Record<string, unknown> {
    return {
      id: label.id,
      node_id: `LA_${label.id}`,
      url: `${this.repoApi}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      description: label.description,
      color: label.color,
      default: false,
    };
  }

  issue(issue: FakeIssue, users: (login: string) => Identity): Record<string, unknown> {
    const url = `${this.repoApi}/issues/${issue.number}`;
    const assignees = issue.assignees.map((login) => this.user(users(login)));
    const comments = this.state.commentsOf(issue.number).length;
    return {
      id: issue.id,
      node_id: `I_${issue.id}`,
      url,
      repository_url: this.repoApi,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${this.repoHtml}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`,
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.user(issue.user),
      labels: issue.labels.map((name) => this.label(this.state.ensureLabel(name))),
      assignee: assignees[0] ?? null,
      assignees,
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments,
      ...(issue.pullRequest
        ? { pull_request: { url: `${this.repoApi}/pulls/${issue.number}`, html_url: `${this.repoHtml}/pull/${issue.number}`, diff_url: `${this.repoHtml}/pull/${issue.number}.diff`, patch_url: `${this.repoHtml}/pull/${issue.number}.patch` } }
        : {}),
      closed_at: issue.closedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      author_association: 'NONE',
    };
  }

  comment(comment: FakeComment): Record<string, unknown> {
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${this.repoApi}/issues/comments/${comment.id}`,
      html_url: `${this.repoHtml}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
      issue_url: `${this.repoApi}/issues/${comment.issueNumber}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    };
  }

  pullFile(file: FakePullFile, index: number): Record<string, unknown> {
    const sha = (index + 1).toString(16).padStart(40, '0');
    return {
      sha,
      filename: file.filename,
      status: file.status,
      additions: 1,
      deletions: 0,
      changes: 1,
      blob_url: `${this.repoHtml}/blob/${sha}/${encodeURI(file.filename)}`,
      raw_url: `${this.repoHtml}/raw/${sha}/${encodeURI(file.filename)}`,
      contents_url: `${this.repoApi}/contents/${encodeURI(file.filename)}?ref=${sha}`,
      ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
      ...(file.patch !== undefined ? { patch: file.patch } : {}),
    };
  }

  review(review: FakeReview): Record<string, unknown> {
    const html = `${this.repoHtml}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
    return {
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: this.user(review.user),
      body: review.body,
      state: 'COMMENTED',
      html_url: html,
      pull_request_url: `${this.repoApi}/pulls/${review.pullNumber}`,
      _links: { html: { href: html }, pull_request: { href: `${this.repoApi}/pulls/${review.pullNumber}` } },
      submitted_at: review.submittedAt,
      commit_id: review.commitId,
      author_association: review.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    };
  }

  reviewComment(comment: FakeReviewComment): Record<string, unknown> {
    const url = `${this.repoApi}/pulls/comments/${comment.id}`;
    const html = `${this.repoHtml}/pull/${comment.pullNumber}#discussion_r${comment.id}`;
    const pull = `${this.repoApi}/pulls/${comment.pullNumber}`;
    return {
      url,
      pull_request_review_id: comment.reviewId,
      id: comment.id,
      node_id: `PRRC_${comment.id}`,
      diff_hunk: `@@ -${comment.line},0 +${comment.line},1 @@`,
      path: comment.path,
      commit_id: comment.commitId,
      original_commit_id: comment.commitId,
      user: this.user(comment.user),
      body: comment.body,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: html,
      pull_request_url: pull,
      author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
      _links: { self: { href: url }, html: { href: html }, pull_request: { href: pull } },
      line: comment.line,
      original_line: comment.line,
      side: comment.side,
      subject_type: 'line',
    };
  }
}
