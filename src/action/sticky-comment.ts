import { statusOf, type Comment, type GitHubPort } from '../github/port.js';

/** Opens every comment the action writes on a pull request, so the next run finds it again. */
export const COMMENT_MARKER = '<!-- postmortem-kb:pull-request-review -->';
/** GitHub's limit on a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

export type CommentOutcome = { action: 'created' | 'updated' | 'unchanged' | 'none'; url?: string; removedDuplicates: number };

/**
 * The one sticky comment: found by its marker (the bot's own first, a
 * forged marker in a human's comment is never edited), updated in place,
 * created only when there is none. Duplicates left by racing runs are
 * deleted. With no body (the pull request no longer touches postmortems), an
 * existing comment is updated to say so, and none is created.
 */
export async function upsertStickyComment(
  github: GitHubPort,
  pullNumber: number,
  body: string | undefined,
  options: { dryRun: boolean; log: (message: string) => void; noLongerBody: string },
): Promise<CommentOutcome> {
  // The workflow token writes as a bot, a personal token as a user: the bot's comments come first, and a comment
  // the token may not edit (a human's forged marker) is left alone and replaced below.
  const marked = (await github.listComments(pullNumber)).filter((comment) => comment.body.startsWith(COMMENT_MARKER));
  const ours = [...marked.filter((comment) => comment.author?.type === 'Bot'), ...marked.filter((comment) => comment.author?.type !== 'Bot')];
  const [existing, ...duplicates] = ours;
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
          if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error;
        }
      }
      written ??= await github.createComment(pullNumber, wanted);
      outcome = { action: existing && written.id === existing.id ? 'updated' : 'created', url: written.url, removedDuplicates: 0 };
    }
  }
  for (const duplicate of duplicates.filter((comment) => comment.author?.type === existing?.author?.type)) {
    if (options.dryRun) options.log(`[dry-run] would delete duplicate comment ${duplicate.id}`);
    else await github.deleteComment(duplicate.id);
    outcome.removedDuplicates += 1;
  }
  return outcome;
}
