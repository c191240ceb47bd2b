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

const TITLE_STOPWORDS = new Set(
  // Function words, and the words every incident title uses ("… causing outage").
  (
    'a an and are as at be been by due for from has have in into is it its of on or some the their this to was were with after before during all not no when while ' +
    'cause caused causes causing incident incidents issue issues outage outages postmortem problem problems'
  ).split(' '),
);

/** Words of a title that can act as tags: "All services returning 503 in Kubernetes" → services, returning, 503, kubernetes. */
export function titleWords(title: string): string[] {
  return title
    .toLowerCase()
    .split(/[^\p{L}\p{N}+]+/u)
    .filter((word) => word.length > 1 && !TITLE_STOPWORDS.has(word));
}

/** The values of a "Field: a, b" line (a list item or a plain line), e.g. "- Category: Kubernetes". */
export function fieldValues(text: string, field: string): string[] {
  const prefix = field.toLowerCase();
  const values: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/^\s*(?:[-*+]\s+)?(?:\*\*)?/, '');
    if (!trimmed.toLowerCase().startsWith(prefix)) continue;
    const rest = trimmed.slice(prefix.length).replace(/^(?:\*\*)?\s*:\s*(?:\*\*)?/, '');
    if (rest.length === trimmed.length - prefix.length) continue; // no colon: not the field
    values.push(...rest.split(/[,;]/).map((value) => value.trim()).filter(Boolean));
  }
  return values;
}

/** Tags a document carries outside its frontmatter, as configured. */
export function extraTagsOf(text: string, settings: KnowledgeBaseSettings): string[] {
  return settings.tags.fromField === undefined ? [] : fieldValues(text, settings.tags.fromField);
}
