import { OperationBudgetExceeded, type Comment, type GitHubPort, type Issue, type PullRequest, type PullRequestFile, type ReviewComment, type ReviewDraft, type Review } from '../../src/github/port.js';

/** Every call a port received, reads and writes, in order. */
export interface Call {
  method: string;
  args: unknown[];
}

/**
 * A GitHub in memory behind the port: issues, comments and labels that writes change and reads list, with a
 * request budget like the client's, and failures to inject per method. For tests of planners and the applier.
 */
export class MemoryGitHub implements GitHubPort {
  issues: Issue[] = [];
  comments = new Map<number, Comment[]>();
  labels = new Set<string>();
  calls: Call[] = [];
  assignable = new Set<string>();
  /** The files `pullRequestFiles` answers with. */
  pullFiles: PullRequestFile[] = [];
  /** Review comments (on the diff) by pull request number, and the reviews created. */
  reviewComments = new Map<number, ReviewComment[]>();
  reviews: (ReviewDraft & { id: number; pull: number })[] = [];
  /** Pull requests `openPullRequestsFrom` looks through, by head branch; `fork`: the branch is a fork's, not this repository's. */
  pullRequests: (PullRequest & { head: string; state: 'open' | 'closed'; fork?: boolean })[] = [];
  /**
   * Methods that fail once with this HTTP status (a network error when undefined); `after`: the write
   * happens, and then the answer is lost (a timeout after GitHub acted).
   */
  failures = new Map<string, { status: number | undefined; after?: boolean }>();
  private nextId = 100;
  operations = 0;

  constructor(
    readonly login = 'github-actions[bot]',
    readonly budget = Infinity,
  ) {}

  private call(method: string, ...args: unknown[]): void {
    if (this.operations >= this.budget) throw new OperationBudgetExceeded(this.budget);
    this.operations += 1;
    this.calls.push({ method, args });
    const failure = this.failures.get(method);
    if (failure && !failure.after) {
      this.failures.delete(method);
      throw this.error(method, failure.status);
    }
  }

  private error(method: string, status: number | undefined): Error {
    return Object.assign(new Error(`${method} failed`), status === undefined ? {} : { status });
  }

  /** A write that happened, and whose answer is then lost when a failure `after` is set. */
  private answer<T>(method: string, value: T): T {
    const failure = this.failures.get(method);
    if (failure?.after) {
      this.failures.delete(method);
      throw this.error(method, failure.status);
    }
    return value;
  }

  writes(): Call[] {
    return this.calls.filter((call) => !/^(list|pullRequestFiles|openPullRequestsFrom|isAssignable|tokenLogin)/.test(call.method));
  }

  async pullRequestFiles(): Promise<PullRequestFile[]> {
    this.call('pullRequestFiles');
    return this.pullFiles.map((file) => ({ ...file }));
  }
  async listReviewComments(pullNumber: number): Promise<ReviewComment[]> {
    this.call('listReviewComments', pullNumber);
    return (this.reviewComments.get(pullNumber) ?? []).map((comment) => ({ ...comment }));
  }
  async deleteReviewComment(commentId: number): Promise<void> {
    this.call('deleteReviewComment', commentId);
    for (const [number, list] of this.reviewComments) {
      if (!list.some((comment) => comment.id === commentId)) continue;
      this.reviewComments.set(number, list.filter((comment) => comment.id !== commentId));
      return;
    }
    throw Object.assign(new Error('Not Found'), { status: 404 });
  }
  async createReview(pullNumber: number, review: ReviewDraft): Promise<Review> {
    this.call('createReview', pullNumber, review);
    const id = this.nextId++;
    this.reviews.push({ ...review, id, pull: pullNumber });
    const author = { login: this.login, type: 'Bot' };
    const comments = review.comments.map((comment) => ({ id: this.nextId++, body: comment.body, author, url: `r/${id}`, path: comment.path, line: comment.line }));
    this.reviewComments.set(pullNumber, [...(this.reviewComments.get(pullNumber) ?? []), ...comments]);
    return this.answer('createReview', { id, url: `r/${id}`, author });
  }
  async listComments(issueNumber: number, limit?: number): Promise<Comment[]> {
    this.call('listComments', ...(limit === undefined ? [issueNumber] : [issueNumber, limit]));
    const comments = [...(this.comments.get(issueNumber) ?? [])];
    return limit === undefined ? comments : limit >= 1 ? comments.slice(0, limit) : [];
  }
  async createComment(issueNumber: number, body: string): Promise<Comment> {
    this.call('createComment', issueNumber, body);
    const comment = { id: this.nextId++, body, author: { login: this.login, type: 'Bot' }, url: `c/${this.nextId}`, createdAt: '2024-02-01T00:00:00Z' };
    this.comments.set(issueNumber, [...(this.comments.get(issueNumber) ?? []), comment]);
    return comment;
  }
  async updateComment(commentId: number, body: string): Promise<Comment> {
    this.call('updateComment', commentId, body);
    for (const list of this.comments.values()) {
      const comment = list.find((candidate) => candidate.id === commentId);
      if (comment) return Object.assign(comment, { body });
    }
    throw Object.assign(new Error('Not Found'), { status: 404 });
  }
  async deleteComment(commentId: number): Promise<void> {
    this.call('deleteComment', commentId);
    for (const [number, list] of this.comments) this.comments.set(number, list.filter((comment) => comment.id !== commentId));
  }
  async listIssues(label: string): Promise<Issue[]> {
    this.call('listIssues', label);
    return this.issues.filter((issue) => issue.labels.some((name) => name.toLowerCase() === label.toLowerCase())).map((issue) => ({ ...issue, labels: [...issue.labels] }));
  }
  async createIssue(fields: { title: string; body: string; labels: string[]; assignees: string[] }): Promise<Issue> {
    this.call('createIssue', fields);
    const number = this.issues.length + 1;
    const issue: Issue = { number, state: 'open', ...fields, url: `i/${number}`, isPullRequest: false, author: { login: this.login, type: 'Bot' }, createdAt: '2024-02-01T00:00:00Z', closedAt: undefined, stateReason: undefined };
    this.issues.push(issue);
    return this.answer('createIssue', { ...issue });
  }
  async updateIssue(issueNumber: number, changes: Parameters<GitHubPort['updateIssue']>[1]): Promise<Issue> {
    this.call('updateIssue', issueNumber, changes);
    const issue = this.issues.find((candidate) => candidate.number === issueNumber)!;
    const { stateReason, ...rest } = changes;
    Object.assign(issue, rest, stateReason ? { stateReason } : {});
    return { ...issue };
  }
  async addLabels(issueNumber: number, labels: string[]): Promise<void> {
    this.call('addLabels', issueNumber, labels);
    const issue = this.issues.find((candidate) => candidate.number === issueNumber)!;
    issue.labels = [...new Set([...issue.labels, ...labels])];
  }
  async removeLabel(issueNumber: number, label: string): Promise<void> {
    this.call('removeLabel', issueNumber, label);
    const issue = this.issues.find((candidate) => candidate.number === issueNumber)!;
    issue.labels = issue.labels.filter((name) => name !== label);
  }
  async listLabels(): Promise<string[]> {
    this.call('listLabels');
    return [...this.labels];
  }
  async createLabel(label: { name: string }): Promise<void> {
    this.call('createLabel', label);
    this.labels.add(label.name);
  }
  async openPullRequestsFrom(branch: string): Promise<PullRequest[]> {
    this.call('openPullRequestsFrom', branch);
    return this.pullRequests
      .filter((pull) => pull.state === 'open' && pull.head === branch && !pull.fork)
      .sort((a, b) => b.number - a.number)
      .map(({ number, url, author }) => ({ number, url, author }));
  }
  async isAssignable(login: string): Promise<boolean> {
    this.call('isAssignable', login);
    return this.assignable.has(login.toLowerCase());
  }
  async tokenLogin(): Promise<string | undefined> {
    return undefined;
  }
}
