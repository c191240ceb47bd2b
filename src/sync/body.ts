import { parseMetadata, replaceBlock } from '../tracked/marker.js';
import { changeComment, itemChanges } from './change.js';
import type { SyncItem } from './item.js';
import { issueBlock, type BodyLinks } from './render.js';

/** What the body's links need of the sync's settings. */
export interface LinkSettings {
  linkBase: string;
  commit?: { repository: string; sha: string } | undefined;
}

/** Where a body links to when written at a commit (`at`: this run's, or the one an issue was last written at). */
export function bodyLinks(settings: LinkSettings, at: { sha: string | undefined; line: number | undefined }): BodyLinks {
  const { commit, linkBase } = settings;
  return { linkBase, permalink: commit && at.sha !== undefined ? { repository: commit.repository, sha: at.sha, line: at.line } : undefined };
}

/** The block of an item's issue written by this run: at its commit, linking to the item's row there. */
export function currentBlock(item: SyncItem, settings: LinkSettings): string {
  return issueBlock(item, bodyLinks(settings, { sha: settings.commit?.sha, line: item.line }));
}

/**
 * An open issue's new body, when it must change, and the comment that says
 * what changed. The body is compared as it would be at the commit and line it
 * was last written at: a new commit, or a row moved by an edit above it,
 * changes no issue by itself (else every push would rewrite them all). When
 * something else changed (the item, or its context), the body written links
 * to this run's commit and row. An issue written before permalinks records
 * none, and is compared as written without one.
 */
export function bodyUpdate(body: string, item: SyncItem, settings: LinkSettings): { body: string | undefined; comment: string | undefined } {
  const previous = parseMetadata(body);
  const asWritten = issueBlock(item, bodyLinks(settings, { sha: previous?.at, line: previous?.line }));
  if (replaceBlock(body, asWritten) === body) return { body: undefined, comment: undefined };
  const changes = previous ? itemChanges(previous, item) : [];
  return { body: replaceBlock(body, currentBlock(item, settings)), comment: changes.length > 0 ? changeComment(changes, settings.commit) : undefined };
}
