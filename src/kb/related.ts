import type { Incident, KnowledgeBase } from './index.js';
import { patternOf } from './patterns.js';
import { serviceWeight, sortByWeight, tagWeight } from './weights.js';

export interface RelatedIncident {
  incident: Incident;
  score: number;
  sharedTags: string[];
  sharedServices: string[];
  /** Whether either incident names the other in `related:`. */
  linked: boolean;
  /** Whether the subject names the other in its `related:`. */
  linksTo: boolean;
  /** Whether the other names the subject in its `related:`. */
  linkedFrom: boolean;
}

export interface RelatedSearch {
  results: RelatedIncident[];
  /** How many incidents were scored: only those sharing a tag, a service or a link, never all pairs. */
  comparisons: number;
}

/** The order of the results: best score first, more recent first on a tie, then by id. */
function compareResults(a: { incident: Incident; score: number }, b: { incident: Incident; score: number }): number {
  return b.score - a.score || (b.incident.day ?? -Infinity) - (a.incident.day ?? -Infinity) || a.incident.id.localeCompare(b.incident.id);
}

/**
 * Incidents related to one, best first: shared tags and services weighted by
 * rarity, plus explicit `related:` links in either direction (a link weighs
 * more than any one shared tag can), more recent first on a tie. The other
 * incidents of the subject's recurring pattern are always among them.
 *
 * The subject's tag weights are computed once and summed per candidate while
 * walking the inverted lists; only the results returned get their shared tags.
 */
export function findRelated(knowledgeBase: KnowledgeBase, id: string, limit = 10): RelatedSearch {
  const subject = knowledgeBase.incidentById.get(id);
  if (!subject) return { results: [], comparisons: 0 };
  const linkedFrom = knowledgeBase.linkedFrom.get(id) ?? new Set<string>();
  const links = new Set([...subject.related, ...linkedFrom]);
  // Candidate → the sum of the weights of the subject's tags it carries, added in the subject's tag order.
  const tagScores = new Map<Incident, number>();
  for (const tag of subject.tags) {
    const weight = tagWeight(knowledgeBase, tag);
    for (const other of knowledgeBase.byTag.get(tag) ?? []) tagScores.set(other, (tagScores.get(other) ?? 0) + weight);
  }
  for (const service of subject.services) for (const other of knowledgeBase.byService.get(service) ?? []) if (!tagScores.has(other)) tagScores.set(other, 0);
  for (const linked of links) {
    const other = knowledgeBase.incidentById.get(linked);
    if (other && !tagScores.has(other)) tagScores.set(other, 0);
  }
  tagScores.delete(subject);

  const linkWeight = Math.log(Math.max(knowledgeBase.incidents.length, 2)) + 1;
  const serviceWeights = new Map(subject.services.map((service) => [service, serviceWeight(knowledgeBase, service)]));
  const scoreOf = (other: Incident, tagScore: number) => {
    let serviceScore = 0;
    if (serviceWeights.size > 0) for (const service of other.services) serviceScore += serviceWeights.get(service) ?? 0;
    return tagScore + serviceScore + (links.size > 0 && links.has(other.id) ? linkWeight : 0);
  };
  const scored: { incident: Incident; score: number }[] = [];
  // scoreOf, inlined: this loop runs over every candidate (tens of thousands on a large knowledge base).
  for (const [other, tagScore] of tagScores) {
    let serviceScore = 0;
    if (serviceWeights.size > 0) for (const service of other.services) serviceScore += serviceWeights.get(service) ?? 0;
    const score = tagScore + serviceScore + (links.size > 0 && links.has(other.id) ? linkWeight : 0);
    if (score > 0) scored.push({ incident: other, score });
  }

  const count = Math.max(0, limit);
  const kept = Number.isNaN(count) ? 0 : Math.min(Math.trunc(count), scored.length);
  const top = kept >= scored.length || kept > 64 ? scored.sort(compareResults).slice(0, kept) : best(scored, kept);
  // The incidents of the subject's pattern are always listed, past the limit if need be: `related` never hides what `pattern` names.
  const members = new Set(patternOf(knowledgeBase, id)?.incidents);
  members.delete(id);
  for (const { incident } of top) members.delete(incident.id);
  if (members.size > 0) {
    // Looked up, not searched for among every candidate: they share the pattern's tag, so they were scored.
    for (const member of members) {
      const other = knowledgeBase.incidentById.get(member);
      const tagScore = other === undefined ? undefined : tagScores.get(other);
      if (other !== undefined && tagScore !== undefined && scoreOf(other, tagScore) > 0) top.push({ incident: other, score: scoreOf(other, tagScore) });
    }
    top.sort(compareResults);
  }
  const subjectServices = new Set(subject.services);
  const results = top.map(({ incident: other, score }): RelatedIncident => {
    const otherTags = new Set(other.tags);
    return {
      incident: other,
      score,
      sharedTags: sortByWeight(knowledgeBase, subject.tags.filter((tag) => otherTags.has(tag))),
      sharedServices: other.services.filter((service) => subjectServices.has(service)),
      linked: links.has(other.id),
      linksTo: subject.related.includes(other.id),
      linkedFrom: linkedFrom.has(other.id),
    };
  });
  return { results, comparisons: tagScores.size };
}

/**
 * The first `count` items in `compareResults` order, as a stable sort would
 * give them: an item displaces a kept one only when strictly better.
 */
function best<T extends { incident: Incident; score: number }>(items: readonly T[], count: number): T[] {
  const top: T[] = [];
  if (count <= 0) return top;
  for (const item of items) {
    if (top.length === count && compareResults(item, top[count - 1]!) >= 0) continue;
    let at = Math.min(top.length, count - 1);
    while (at > 0 && compareResults(item, top[at - 1]!) < 0) at--;
    if (top.length === count) top.pop();
    top.splice(at, 0, item);
  }
  return top;
}

/**
 * How many of the knowledge base's incidents carry a tag, and what that makes it in words a reader can check:
 * `rare` when at most a tenth of the incidents carry it (or only two, so that in a small knowledge base a tag
 * two incidents alone share is rare), `common` when more than half do, `usual` between. The bands follow the
 * weight `related` gives a tag (ln(1 + N / carriers), src/kb/weights.ts): a rare tag weighs at least ln 11 ≈ 2.4,
 * a common one less than ln 3 ≈ 1.1.
 */
export function tagRarity(knowledgeBase: KnowledgeBase, tag: string): { carriers: number; incidents: number; band: 'rare' | 'usual' | 'common' } {
  const carriers = knowledgeBase.byTag.get(tag)?.length ?? 0;
  const incidents = knowledgeBase.incidents.length;
  const band = carriers <= rareAtMost(incidents) ? 'rare' : carriers * 2 > incidents ? 'common' : 'usual';
  return { carriers, incidents, band };
}

/** The most incidents a rare tag is carried by, out of `incidents`: a tenth of them, and never fewer than two. */
export function rareAtMost(incidents: number): number {
  return Math.max(2, Math.floor(incidents / 10));
}

/**
 * Why an incident is related, in words a reader can check, for plain text: the recurring pattern and links aside,
 * the tags it shares by rarity ("shares the rare tag checkout; the common tag database") and the services.
 */
export function relatedInWords(knowledgeBase: KnowledgeBase, result: RelatedIncident): string {
  const bands = { rare: [] as string[], usual: [] as string[], common: [] as string[] };
  for (const tag of result.sharedTags) bands[tagRarity(knowledgeBase, tag).band].push(tag);
  const tags = (kind: string, list: readonly string[]) => (list.length === 0 ? undefined : `${kind}${list.length === 1 ? 'tag' : 'tags'} ${list.join(', ')}`);
  const kinds = [tags('the rare ', bands.rare), tags('the ', bands.usual), tags('the common ', bands.common)].filter((kind): kind is string => kind !== undefined);
  const reasons = [
    result.linksTo && result.linkedFrom ? 'the two link to each other' : result.linksTo ? 'this postmortem links to it' : result.linkedFrom ? 'it links to this postmortem' : undefined,
    kinds.length > 0 ? `shares ${kinds.join('; ')}` : undefined,
    result.sharedServices.length > 0 ? `same ${result.sharedServices.length === 1 ? 'service' : 'services'} ${result.sharedServices.join(', ')}` : undefined,
  ].filter((reason): reason is string => reason !== undefined);
  return reasons.join('; ') || 'related';
}
