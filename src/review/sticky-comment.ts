import { applyActions, type PlannedWrites, type Write } from '../github/apply.js';
import { OperationBudgetExceeded, writtenBy, type Comment, type GitHubPort } from '../github/port.js';

/** Opens every comment the action writes on a pull request, so the next run finds it again. */
export const COMMENT_MARKER = '<!-- postmortem-kb:pull-request-review -->';
/** GitHub's limit on a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

export type CommentOutcome = {
  action: 'created' | 'updated' | 'unchanged' | 'none';
  url?: string;
  removedDuplicates: number;
  /** The login GitHub says wrote the comment this run created, when it is not the tool's: the next run would not find it. */
  writtenAs?: string;
};

/**
 * The tool's comments among a pull request's, oldest first: the marker counts only in a comment the tool wrote.
 * Pure: decides which to keep and which are duplicates, so anyone else's comment is never a candidate.
 */
export function ownComments(comments: readonly Comment[], toolLogin: string): { existing: Comment | undefined; duplicates: Comment[] } {
  const [existing, ...duplicates] = comments.filter((comment) => comment.body.startsWith(COMMENT_MARKER) && writtenBy(comment.author, toolLogin));
  return { existing, duplicates };
}

/** What the review says on a pull request: the write of the one comment, and the duplicates to delete. */
export interface StickyPlan {
  /** Empty when the comment is already as wanted, or there is none and nothing to say. */
  writes: PlannedWrites[];
  /** What the write does, for the outcome: `unchanged` and `none` write nothing. */
  action: 'create' | 'update' | 'unchanged' | 'none';
  existing: Pick<Comment, 'id' | 'url'> | undefined;
  duplicates: number;
}

/**
 * The one sticky comment, decided from the pull request's comments: found by
 * its marker in a comment the tool wrote (`toolLogin`; a write token could
 * edit anyone's, so anyone else's is never edited or deleted), updated in
 * place (a new one takes its place when it was deleted since), created only
 * when there is none. Duplicates left by racing runs are deleted. With no
 * body (the pull request no longer touches postmortems), an existing comment
 * is updated to say so, and none is created. Pure.
 */
export function planStickyComment(comments: readonly Comment[], pullNumber: number, body: string | undefined, options: { noLongerBody: string; toolLogin: string }): StickyPlan {
  const { existing, duplicates } = ownComments(comments, options.toolLogin);
  const wanted = body === undefined ? (existing ? `${COMMENT_MARKER}\n${options.noLongerBody}` : undefined) : `${COMMENT_MARKER}\n${body}`;
  const deletes = duplicates.map((duplicate) => ({ key: `duplicate ${duplicate.id}`, writes: [{ op: 'delete-comment' as const, id: duplicate.id }] }));
  const base = { existing: existing && { id: existing.id, url: existing.url }, duplicates: duplicates.length };
  if (wanted === undefined) return { ...base, action: 'none', writes: deletes };
  if (existing && existing.body === wanted) return { ...base, action: 'unchanged', writes: deletes };
  const write: Write = existing ? { op: 'update-comment', id: existing.id, issue: pullNumber, body: wanted } : { op: 'create-comment', issue: pullNumber, body: wanted };
  return { ...base, action: existing ? 'update' : 'create', writes: [{ key: 'comment', writes: [write] }, ...deletes] };
}

/** Carries the plan out with the one applier (a recording port in a dry run) and says what became of the comment. */
export async function upsertStickyComment(
  github: GitHubPort,
  pullNumber: number,
  body: string | undefined,
  options: { noLongerBody: string; toolLogin: string },
): Promise<CommentOutcome> {
  const plan = planStickyComment(await github.listComments(pullNumber), pullNumber, body, options);
  // The comment first; its duplicates are deleted only once it is written (a fork's read-only token stops here).
  const [comment, ...deletes] = plan.writes[0]?.key === 'comment' ? plan.writes : [undefined, ...plan.writes];
  const first = comment ? await applyActions(github, [comment]) : undefined;
  const failed = first?.outcomes[0];
  if (failed?.status === 'failed') throw Object.assign(new Error(failed.message), { status: failed.httpStatus });
  if (failed?.status === 'waiting') throw new OperationBudgetExceeded(github.operations);
  const rest = await applyActions(github, deletes.filter((write): write is PlannedWrites => write !== undefined));
  const applied = { outcomes: [...(first?.outcomes ?? []), ...rest.outcomes] };
  const written = applied.outcomes.find((outcome) => outcome.key === 'comment');
  const removedDuplicates = applied.outcomes.filter((outcome) => outcome.key.startsWith('duplicate ') && outcome.status === 'done').length;
  if (plan.action === 'none') return { action: 'none', removedDuplicates };
  if (plan.action === 'unchanged' || written?.status !== 'done') return { action: 'unchanged', url: plan.existing?.url, removedDuplicates };
  const updated = plan.action === 'update' && !written.replaced;
  const outcome: CommentOutcome = { action: updated ? 'updated' : 'created', ...(written.comment?.url ? { url: written.comment.url } : {}), removedDuplicates };
  if (!updated && written.author !== undefined && !writtenBy(written.author, options.toolLogin)) outcome.writtenAs = written.author;
  return outcome;
}
