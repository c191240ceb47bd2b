/** How the knowledge base reads and normalises tags, and how it finds recurring patterns. */
export interface KnowledgeBaseSettings {
  tags: {
    /** Synonym → canonical tag, both normalised: `n+1` → `n-plus-one`, `db` → `database`. */
    synonyms: Record<string, string>;
    /** A "Field: a, b" line in the body (as in a Stats list) whose values are tags too. */
    fromField: string | undefined;
    /** Whether the words of the title are tags too (for knowledge bases without tags). */
    fromTitle: boolean;
  };
  patterns: {
    /** The fewest incidents that make a pattern. */
    minIncidents: number;
    /** How many days the incidents of a pattern may span. */
    windowDays: number;
    /**
     * Optional: a tag carried by more than this share of the knowledge base
     * makes no pattern (at least `minIncidents` carriers are always allowed).
     * Unset by default: a share grows with the problem (the 4th N+1 incident
     * of a young knowledge base), so generic tags are left to the base-rate
     * comparison and to `ignoreTags`.
     */
    maxTagShare?: number | undefined;
    /** Tags that never make a pattern, however rare: broad categories a small knowledge base cannot tell apart by counting. */
    ignoreTags: string[];
  };
}

export const DEFAULT_KNOWLEDGE_BASE: KnowledgeBaseSettings = {
  tags: { synonyms: {}, fromField: undefined, fromTitle: false },
  patterns: { minIncidents: 3, windowDays: 180, ignoreTags: [] },
};

/** Case folded, `_` and spaces to `-`, runs of `-` collapsed: "Connection_Pool" → "connection-pool". */
export function normalizeTag(tag: string, synonyms: Record<string, string> = {}): string {
  const normal = tag
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  return synonyms[normal] ?? normal;
}

/** Synonym keys and values normalised once, so "N+1" in a config matches "n+1" in a document. */
export function normalizeSynonyms(synonyms: Record<string, string>): Record<string, string> {
  const normal: Record<string, string> = {};
  for (const [from, to] of Object.entries(synonyms)) normal[normalizeTag(from)] = normalizeTag(to);
  return normal;
}

export function normalizeTags(tags: readonly string[], synonyms: Record<string, string>): string[] {
  return [...new Set(tags.map((tag) => normalizeTag(tag, synonyms)).filter((tag) => tag !== ''))];
}
