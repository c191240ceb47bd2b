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

/**
 * What a pull request adds to its issue (pull requests are issues too: the issue holds its number, title, state,
 * author and dates): the branch it merges from and the one it merges into.
 */
export interface FakePullRequest {
  number: number;
  /** The head branch's name (no refs/heads/). */
  head: string;
  /** The owner of the head's repository: this repository's owner, or a fork's. */
  headOwner: string;
  base: string;
  headSha: string;
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
  /** The files each pull request changes, by number: a number here is a pull request to the file, comment and review routes. */
  readonly pulls = new Map<number, FakePullFile[]>();
  /** Head and base of the pull requests the pulls list answers with, by number (FakeGitHub.addPullRequest seeds both). */
  readonly pullRequests = new Map<number, FakePullRequest>();
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

  /** A repository as the pulls list renders a head's or base's: this one, or a fork of it owned by `owner`. */
  repository(owner: Identity, fork: boolean): Record<string, unknown> {
    const name = this.state.repo;
    const full = `${owner.login}/${name}`;
    const url = `${this.api}/repos/${full}`;
    const html = `https://github.com/${full}`;
    return {
      id: fork ? 2000 + owner.id : 1,
      node_id: `R_${fork ? 2000 + owner.id : 1}`,
      name,
      full_name: full,
      owner: this.user(owner),
      private: false,
      html_url: html,
      description: null,
      fork,
      url,
      archive_url: `${url}/{archive_format}{/ref}`,
      assignees_url: `${url}/assignees{/user}`,
      blobs_url: `${url}/git/blobs{/sha}`,
      branches_url: `${url}/branches{/branch}`,
      collaborators_url: `${url}/collaborators{/collaborator}`,
      comments_url: `${url}/comments{/number}`,
      commits_url: `${url}/commits{/sha}`,
      compare_url: `${url}/compare/{base}...{head}`,
      contents_url: `${url}/contents/{+path}`,
      contributors_url: `${url}/contributors`,
      deployments_url: `${url}/deployments`,
      downloads_url: `${url}/downloads`,
      events_url: `${url}/events`,
      forks_url: `${url}/forks`,
      git_commits_url: `${url}/git/commits{/sha}`,
      git_refs_url: `${url}/git/refs{/sha}`,
      git_tags_url: `${url}/git/tags{/sha}`,
      git_url: `git://github.com/${full}.git`,
      issue_comment_url: `${url}/issues/comments{/number}`,
      issue_events_url: `${url}/issues/events{/number}`,
      issues_url: `${url}/issues{/number}`,
      keys_url: `${url}/keys{/key_id}`,
      labels_url: `${url}/labels{/name}`,
      languages_url: `${url}/languages`,
      merges_url: `${url}/merges`,
      milestones_url: `${url}/milestones{/number}`,
      notifications_url: `${url}/notifications{?since,all,participating}`,
      pulls_url: `${url}/pulls{/number}`,
      releases_url: `${url}/releases{/id}`,
      ssh_url: `git@github.com:${full}.git`,
      stargazers_url: `${url}/stargazers`,
      statuses_url: `${url}/statuses/{sha}`,
      subscribers_url: `${url}/subscribers`,
      subscription_url: `${url}/subscription`,
      tags_url: `${url}/tags`,
      teams_url: `${url}/teams`,
      trees_url: `${url}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      hooks_url: `${url}/hooks`,
      svn_url: html,
      homepage: null,
      language: null,
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 1,
      default_branch: 'main',
      open_issues: 0,
      open_issues_count: 0,
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      archived: false,
      disabled: false,
      license: null,
      pushed_at: '2024-01-01T00:00:00Z',
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
    };
  }

  /** A pull request as the pulls list renders it (GitHub's pull-request-simple), from its issue and its head and base. */
  pullRequest(issue: FakeIssue, pull: FakePullRequest, users: (login: string) => Identity): Record<string, unknown> {
    const url = `${this.repoApi}/pulls/${pull.number}`;
    const html = `${this.repoHtml}/pull/${pull.number}`;
    const issueUrl = `${this.repoApi}/issues/${pull.number}`;
    const assignees = issue.assignees.map((login) => this.user(users(login)));
    const owner = users(this.state.owner);
    const headOwner = users(pull.headOwner);
    const fork = pull.headOwner.toLowerCase() !== this.state.owner.toLowerCase();
    const commits = `${url}/commits`;
    const reviewComments = `${url}/comments`;
    const reviewComment = `${this.repoApi}/pulls/comments{/number}`;
    const statuses = `${this.repoApi}/statuses/${pull.headSha}`;
    return {
      url,
      id: issue.id,
      node_id: `PR_${issue.id}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueUrl,
      commits_url: commits,
      review_comments_url: reviewComments,
      review_comment_url: reviewComment,
      comments_url: `${issueUrl}/comments`,
      statuses_url: statuses,
      number: pull.number,
      state: issue.state,
      locked: false,
      title: issue.title,
      user: this.user(issue.user),
      body: issue.body,
      // Here GitHub's description wants a label's description a string, never null.
      labels: issue.labels.map((name) => {
        const label = this.state.ensureLabel(name);
        return { ...this.label(label), description: label.description ?? '' };
      }),
      milestone: null,
      active_lock_reason: null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: null,
      merge_commit_sha: null,
      assignee: assignees[0] ?? null,
      assignees,
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${headOwner.login}:${pull.head}`, ref: pull.head, sha: pull.headSha, user: this.user(headOwner), repo: this.repository(headOwner, fork) },
      base: { label: `${owner.login}:${pull.base}`, ref: pull.base, sha: '0'.repeat(40), user: this.user(owner), repo: this.repository(owner, false) },
      _links: {
        self: { href: url },
        html: { href: html },
        issue: { href: issueUrl },
        comments: { href: `${issueUrl}/comments` },
        review_comments: { href: reviewComments },
        review_comment: { href: reviewComment },
        commits: { href: commits },
        statuses: { href: statuses },
      },
      author_association: issue.user.type === 'Bot' ? 'NONE' : 'MEMBER',
      auto_merge: null,
      draft: false,
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
