import type { KnowledgeBase } from './index.js';

/** Services say less than tags about what went wrong: a shared service counts half a shared tag of the same rarity. */
export const SERVICE_WEIGHT = 0.5;

/**
 * Smoothed inverse document frequency, ln(1 + N / carriers): a tag only two
 * incidents carry ("connection-pool") weighs a lot, a tag every incident
 * carries (`database`) weighs ln 2, little but never nothing — otherwise the
 * N+1 incidents of a knowledge base made only of N+1 incidents would relate
 * to nothing.
 */
export function tagWeight(knowledgeBase: KnowledgeBase, tag: string): number {
  const carriers = knowledgeBase.byTag.get(tag)?.length ?? 0;
  return carriers === 0 ? 0 : Math.log1p(knowledgeBase.incidents.length / carriers);
}

export function serviceWeight(knowledgeBase: KnowledgeBase, service: string): number {
  const carriers = knowledgeBase.byService.get(service)?.length ?? 0;
  return carriers === 0 ? 0 : SERVICE_WEIGHT * Math.log1p(knowledgeBase.incidents.length / carriers);
}

/** Rarest first, then alphabetical, so the tag that says most leads. */
export function sortByWeight(knowledgeBase: KnowledgeBase, tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => tagWeight(knowledgeBase, b) - tagWeight(knowledgeBase, a) || a.localeCompare(b));
}
