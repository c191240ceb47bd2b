import { describeWrite, type Write } from './apply.js';
import { OperationBudgetExceeded, type Comment, type GitHubPort, type Issue } from './port.js';

/**
 * The dry run: a port that reads from GitHub and writes nothing. Every write
 * the applier would send is recorded and logged instead, so a dry run goes
 * through the same plan and the same applier as a real run and prints exactly
 * the requests that run would make.
 */
export function recordingPort(github: GitHubPort, log: (line: string) => void, budget = Infinity): GitHubPort & { readonly recorded: Write[] } {
  const recorded: Write[] = [];
  // The run's budget counts the writes it would send too, so a dry run stops where the real run would.
  const spend = () => {
    if (github.operations + recorded.length >= budget) throw new OperationBudgetExceeded(budget);
  };
  const read = async <T>(request: () => Promise<T>): Promise<T> => {
    spend();
    return request();
  };
  const record = (write: Write) => {
    spend();
    recorded.push(write);
    log(`[dry-run] ${describeWrite(write)}`);
  };
  // What a write would return: no number, no url, nobody's authorship (so no check of the writer fails).
  const issue = (fields: Partial<Issue>): Issue => ({
    number: 0, state: 'open', title: '', body: '', labels: [], assignees: [], url: '', isPullRequest: false, author: undefined, createdAt: '', closedAt: undefined, stateReason: undefined, ...fields,
  });
  const comment = (body: string, id = 0): Comment => ({ id, body, author: undefined, url: '', createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  return {
    recorded,
    pullRequestFiles: (pullNumber) => read(() => github.pullRequestFiles(pullNumber)),
    listReviewComments: (pullNumber) => read(() => github.listReviewComments(pullNumber)),
    listComments: (issueNumber, limit) => read(() => github.listComments(issueNumber, limit)),
    listIssues: (label, state) => read(() => github.listIssues(label, state)),
    listLabels: () => read(() => github.listLabels()),
    openPullRequestsFrom: (branch) => read(() => github.openPullRequestsFrom(branch)),
    isAssignable: (login) => read(() => github.isAssignable(login)),
    tokenLogin: () => github.tokenLogin(),
    get operations() {
      return github.operations + recorded.length;
    },
    async createComment(issueNumber, body) {
      record({ op: 'create-comment', issue: issueNumber, body });
      return comment(body);
    },
    async updateComment(commentId, body) {
      // The issue is not known to the port: the plan's line says it; here the comment's id does.
      record({ op: 'update-comment', id: commentId, issue: 0, body });
      return comment(body, commentId);
    },
    async deleteComment(commentId) {
      record({ op: 'delete-comment', id: commentId });
    },
    async deleteReviewComment(commentId) {
      record({ op: 'delete-review-comment', id: commentId });
    },
    async createReview(pullNumber, review) {
      record({ op: 'create-review', pull: pullNumber, commitId: review.commitId, body: review.body, comments: review.comments });
      return { id: 0, url: '', author: undefined };
    },
    async createIssue(fields) {
      record({ op: 'create-issue', ...fields });
      return issue(fields);
    },
    async updateIssue(issueNumber, changes) {
      record({ op: 'update-issue', issue: issueNumber, changes });
      return issue({ number: issueNumber });
    },
    async addLabels(issueNumber, labels) {
      record({ op: 'add-labels', issue: issueNumber, labels });
    },
    async removeLabel(issueNumber, label) {
      record({ op: 'remove-label', issue: issueNumber, label });
    },
    async createLabel(label) {
      record({ op: 'ensure-labels', labels: [label] });
    },
  };
}
