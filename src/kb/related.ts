import type { Incident, KnowledgeBase } from './index.js';

export interface RelatedIncident {
  incident: Incident;
  score: number;
  sharedTags: string[];
  sharedServices: string[];
  /** Whether either incident names the other in `related:`. */
  linked: boolean;
}

/** Services say less than tags about what went wrong: a shared service counts half a shared tag of the same rarity. */
const SERVICE_WEIGHT = 0.5;

/**
 * Inverse document frequency: a tag every incident carries weighs 0, a tag
 * only two carry weighs ln(N/2). Rare tags ("connection-pool") say a lot.
 */
export function tagWeight(knowledgeBase: KnowledgeBase, tag: string): number {
  const carriers = knowledgeBase.byTag.get(tag)?.length ?? 0;
  return carriers === 0 ? 0 : Math.log(knowledgeBase.incidents.length / carriers);
}

function serviceWeight(knowledgeBase: KnowledgeBase, service: string): number {
  const carriers = knowledgeBase.byService.get(service)?.length ?? 0;
  return carriers === 0 ? 0 : SERVICE_WEIGHT * Math.log(knowledgeBase.incidents.length / carriers);
}

export interface RelatedSearch {
  results: RelatedIncident[];
  /** How many incidents were scored: only those sharing a tag, a service or a link, never all pairs. */
  comparisons: number;
}

/**
 * Incidents related to one, best first: shared tags and services weighted by
 * rarity, plus explicit `related:` links in either direction (a link weighs
 * more than any one shared tag can), more recent first on a tie.
 */
export function findRelated(knowledgeBase: KnowledgeBase, id: string, limit = 10): RelatedSearch {
  const subject = knowledgeBase.incidentById.get(id);
  if (!subject) return { results: [], comparisons: 0 };
  const links = new Set([...subject.related, ...(knowledgeBase.linkedFrom.get(id) ?? [])]);
  const candidates = new Map<string, Incident>();
  for (const tag of subject.tags) for (const other of knowledgeBase.byTag.get(tag) ?? []) candidates.set(other.id, other);
  for (const service of subject.services) for (const other of knowledgeBase.byService.get(service) ?? []) candidates.set(other.id, other);
  for (const linked of links) {
    const other = knowledgeBase.incidentById.get(linked);
    if (other) candidates.set(other.id, other);
  }
  candidates.delete(id);

  const linkWeight = Math.log(Math.max(knowledgeBase.incidents.length, 2)) + 1;
  const subjectServices = new Set(subject.services);
  const results: RelatedIncident[] = [];
  for (const other of candidates.values()) {
    const otherTags = new Set(other.tags);
    const sharedTags = subject.tags.filter((tag) => otherTags.has(tag));
    const sharedServices = other.services.filter((service) => subjectServices.has(service));
    const linked = links.has(other.id);
    const score =
      sharedTags.reduce((sum, tag) => sum + tagWeight(knowledgeBase, tag), 0) +
      sharedServices.reduce((sum, service) => sum + serviceWeight(knowledgeBase, service), 0) +
      (linked ? linkWeight : 0);
    if (score <= 0) continue;
    results.push({ incident: other, score, sharedTags: sortByWeight(knowledgeBase, sharedTags), sharedServices, linked });
  }
  results.sort((a, b) => b.score - a.score || (b.incident.day ?? -Infinity) - (a.incident.day ?? -Infinity) || a.incident.id.localeCompare(b.incident.id));
  return { results: results.slice(0, Math.max(0, limit)), comparisons: candidates.size };
}

/** Rarest first, then alphabetical, so the tag that says most leads. */
export function sortByWeight(knowledgeBase: KnowledgeBase, tags: readonly string[]): string[] {
  return [...tags].sort((a, b) => tagWeight(knowledgeBase, b) - tagWeight(knowledgeBase, a) || a.localeCompare(b));
}
