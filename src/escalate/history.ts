import { OperationBudgetExceeded, writtenBy, type GitHubPort } from '../github/port.js';
import { standing } from './ladder.js';
import { historyOf, needsHistory, type EscalationInput, type History, type TrackedIssue } from './plan.js';

/**
 * The comment history of each issue the plan must know it for (open ones past
 * due, or whose incident recurred), read before planning. When the request
 * budget runs out, the issues left are `unread`: they wait for the next run
 * rather than be told again what they were told.
 */
export async function readHistories(
  github: GitHubPort,
  issues: readonly TrackedIssue[],
  input: Pick<EscalationInput, 'incidents' | 'asOf' | 'settings' | 'toolLogin'>,
): Promise<{ history: Map<number, History>; unread: Set<number> }> {
  const history = new Map<number, History>();
  const unread = new Set<number>();
  for (const issue of issues) {
    if (!needsHistory(issue, input)) continue;
    if (unread.size > 0) {
      unread.add(issue.number);
      continue;
    }
    try {
      const comments = await github.listComments(issue.number);
      history.set(issue.number, historyOf(comments.map((comment) => ({ body: comment.body, author: comment.author?.login })), input.toolLogin));
    } catch (error) {
      if (!(error instanceof OperationBudgetExceeded)) throw error;
      unread.add(issue.number);
    }
  }
  return { history, unread };
}

/**
 * The incidents whose postmortems are read before planning, for their items' rows (the line a comment links to,
 * the title a report line shows): those of the open items the escalation shows, past due or due soon. Their
 * files alone are parsed, each once.
 */
export function incidentsToRead(issues: readonly TrackedIssue[], input: Pick<EscalationInput, 'incidents' | 'asOf' | 'settings' | 'toolLogin'>): string[] {
  const ids = new Set<string>();
  for (const issue of issues) {
    if (issue.state !== 'open' || !writtenBy(issue.author, input.toolLogin) || !input.incidents.has(issue.metadata.incident)) continue;
    const where = standing(issue.metadata.due, issue.metadata.priority, input.asOf, input.settings);
    if (where && (where.level > 0 || where.dueSoon)) ids.add(issue.metadata.incident);
  }
  return [...ids].sort();
}
