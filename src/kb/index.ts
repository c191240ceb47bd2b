import type { PostmortemMeta } from '../model/postmortem.js';

/** What the knowledge base knows of one postmortem: its frontmatter, never its body. */
export interface IndexEntry {
  path: string;
  meta: PostmortemMeta;
}

export interface KnowledgeBase {
  entries: readonly IndexEntry[];
  /** Incident id → the entries that carry it (more than one is a duplicate). */
  byId: ReadonlyMap<string, readonly IndexEntry[]>;
}

export function buildKnowledgeBase(entries: readonly IndexEntry[]): KnowledgeBase {
  const byId = new Map<string, IndexEntry[]>();
  for (const entry of entries) {
    const id = entry.meta.id;
    if (id === undefined) continue;
    const holders = byId.get(id);
    if (holders) holders.push(entry);
    else byId.set(id, [entry]);
  }
  return { entries, byId };
}

/** A regular expression that finds ids in prose, from the configured (usually anchored) id pattern. */
export function idMentionPattern(idPattern: string): RegExp {
  const body = idPattern.replace(/^\^/, '').replace(/\$$/, '');
  return new RegExp(`(?<![\\w-])(?:${body})(?![\\w-])`, 'gu');
}
