import { statusOf, writtenBy, type Comment, type GitHubPort } from '../github/port.js';

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

/**
 * The one sticky comment: found by its marker in a comment the tool wrote
 * (`toolLogin`; a write token could edit anyone's, so anyone else's is
 * never edited or deleted), updated in place, created only when there is
 * none. Duplicates left by racing runs are deleted. With no body (the pull
 * request no longer touches postmortems), an existing comment is updated to
 * say so, and none is created.
 */
export async function upsertStickyComment(
  github: GitHubPort,
  pullNumber: number,
  body: string | undefined,
  options: { dryRun: boolean; log: (message: string) => void; noLongerBody: string; toolLogin: string },
): Promise<CommentOutcome> {
  const { existing, duplicates } = ownComments(await github.listComments(pullNumber), options.toolLogin);
  const wanted = body === undefined ? (existing ? `${COMMENT_MARKER}\n${options.noLongerBody}` : undefined) : `${COMMENT_MARKER}\n${body}`;
  let outcome: CommentOutcome = { action: 'none', removedDuplicates: 0 };
  if (wanted !== undefined) {
    if (existing && existing.body === wanted) outcome = { action: 'unchanged', url: existing.url, removedDuplicates: 0 };
    else if (options.dryRun) {
      options.log(`[dry-run] would ${existing ? `update comment ${existing.id}` : 'create a comment'} on #${pullNumber} (${wanted.length} characters)`);
      outcome = { action: existing ? 'updated' : 'created', removedDuplicates: 0 };
    } else {
      let written: Comment | undefined;
      if (existing) {
        try {
          written = await github.updateComment(existing.id, wanted);
        } catch (error) {
          // Deleted since it was listed: a new one takes its place.
          if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error;
        }
      }
      written ??= await github.createComment(pullNumber, wanted);
      const updated = existing !== undefined && written.id === existing.id;
      outcome = { action: updated ? 'updated' : 'created', url: written.url, removedDuplicates: 0 };
      if (!updated && written.author && !writtenBy(written.author, options.toolLogin)) outcome.writtenAs = written.author.login;
    }
  }
  for (const duplicate of duplicates) {
    if (options.dryRun) options.log(`[dry-run] would delete duplicate comment ${duplicate.id}`);
    else await github.deleteComment(duplicate.id);
    outcome.removedDuplicates += 1;
  }
  return outcome;
}
