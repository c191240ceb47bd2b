import type { Incident, KnowledgeBase } from './index.js';
import { tagWeight } from './related.js';

export interface Pattern {
  /** The tags the incidents share, the most distinctive first. */
  tags: string[];
  count: number;
  windowDays: number;
  /** Incident ids, oldest first. */
  incidents: string[];
}

/**
 * A tag carried by too much of the knowledge base (`database`) says nothing
 * about recurrence, and neither does a tag the configuration ignores.
 */
export function isDistinctive(knowledgeBase: KnowledgeBase, tag: string): boolean {
  const { minIncidents, maxTagShare, ignoreTags } = knowledgeBase.settings.patterns;
  if (ignoreTags.includes(tag)) return false;
  const carriers = knowledgeBase.byTag.get(tag)?.length ?? 0;
  return carriers <= Math.max(minIncidents, Math.floor(maxTagShare * knowledgeBase.incidents.length));
}

const byDate = (a: Incident, b: Incident) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const sortedCarriers = new WeakMap<KnowledgeBase, Map<string, Incident[]>>();

/** A tag's dated incidents, oldest first; computed once per knowledge base and tag. */
function datedCarriers(knowledgeBase: KnowledgeBase, tag: string): Incident[] {
  let cache = sortedCarriers.get(knowledgeBase);
  if (!cache) sortedCarriers.set(knowledgeBase, (cache = new Map()));
  let dated = cache.get(tag);
  if (!dated) cache.set(tag, (dated = (knowledgeBase.byTag.get(tag) ?? []).filter((incident) => incident.day !== undefined).sort(byDate)));
  return dated;
}

/** The first index whose element satisfies a predicate that is false, then true, along the array. */
function lowerBound<T>(items: readonly T[], isAtOrAfter: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isAtOrAfter(items[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The pattern an incident is part of: for each of its distinctive tags, the
 * incidents that carry it within the window up to and including this one.
 * Tags with the same incidents make one pattern. The most distinctive wins,
 * then the largest: "3rd N+1 incident" says more than "5th database incident".
 */
export function patternOf(knowledgeBase: KnowledgeBase, id: string): Pattern | undefined {
  const subject = knowledgeBase.incidentById.get(id);
  if (!subject || subject.day === undefined) return undefined;
  const { minIncidents, windowDays } = knowledgeBase.settings.patterns;
  const groups = new Map<string, { tags: string[]; incidents: Incident[] }>();
  for (const tag of subject.tags) {
    if (!isDistinctive(knowledgeBase, tag)) continue;
    // The tag's incidents by date, sorted once per knowledge base: the window is two binary searches away.
    const dated = datedCarriers(knowledgeBase, tag);
    const from = lowerBound(dated, (other) => (other.day ?? 0) >= subject.day! - windowDays);
    const to = lowerBound(dated, (other) => byDate(other, subject) > 0);
    if (to - from < minIncidents) continue;
    const occurrences = dated.slice(from, to);
    const key = occurrences.map((other) => other.id).join(' ');
    const group = groups.get(key);
    if (group) group.tags.push(tag);
    else groups.set(key, { tags: [tag], incidents: occurrences });
  }
  return best(knowledgeBase, [...groups.values()]);
}

/**
 * Every pattern in the knowledge base, largest first: for each distinctive
 * tag, the maximal runs of at least `minIncidents` incidents within the
 * window; tags with the same incidents merge into one pattern.
 */
export function findPatterns(knowledgeBase: KnowledgeBase): Pattern[] {
  const { minIncidents, windowDays } = knowledgeBase.settings.patterns;
  const found = new Map<string, { tags: string[]; incidents: Incident[] }>();
  for (const [tag, carriers] of knowledgeBase.byTag) {
    if (carriers.length < minIncidents || !isDistinctive(knowledgeBase, tag)) continue;
    const dated = datedCarriers(knowledgeBase, tag);
    let start = 0;
    const starts: number[] = [];
    for (let end = 0; end < dated.length; end++) {
      while (dated[end]!.day! - dated[start]!.day! > windowDays) start++;
      starts.push(start);
    }
    for (let end = 0; end < dated.length; end++) {
      const first = starts[end]!;
      // A window is maximal when the next one drops its first incident (or there is no next one).
      const maximal = end === dated.length - 1 || starts[end + 1]! > first;
      if (!maximal || end - first + 1 < minIncidents) continue;
      const incidents = dated.slice(first, end + 1);
      const key = incidents.map((incident) => incident.id).join(' ');
      const group = found.get(key);
      if (group) group.tags.push(tag);
      else found.set(key, { tags: [tag], incidents });
    }
  }
  return [...found.values()]
    .map((group) => toPattern(knowledgeBase, group))
    .sort((a, b) => b.count - a.count || lastDay(knowledgeBase, b) - lastDay(knowledgeBase, a) || a.tags.join().localeCompare(b.tags.join()));
}

function lastDay(knowledgeBase: KnowledgeBase, pattern: Pattern): number {
  return knowledgeBase.incidentById.get(pattern.incidents[pattern.incidents.length - 1]!)?.day ?? 0;
}

function best(knowledgeBase: KnowledgeBase, groups: { tags: string[]; incidents: Incident[] }[]): Pattern | undefined {
  const distinctiveness = (tags: string[]) => Math.max(...tags.map((tag) => tagWeight(knowledgeBase, tag)));
  const [winner] = groups.sort((a, b) => distinctiveness(b.tags) - distinctiveness(a.tags) || b.incidents.length - a.incidents.length);
  return winner ? toPattern(knowledgeBase, winner) : undefined;
}

function toPattern(knowledgeBase: KnowledgeBase, group: { tags: string[]; incidents: Incident[] }): Pattern {
  // Rarest first; among equals, the order the incident lists them in (authors put the specific tag first).
  const order = new Map(group.tags.map((tag, index) => [tag, index]));
  const tags = [...group.tags].sort((a, b) => tagWeight(knowledgeBase, b) - tagWeight(knowledgeBase, a) || order.get(a)! - order.get(b)!);
  return {
    tags,
    count: group.incidents.length,
    windowDays: knowledgeBase.settings.patterns.windowDays,
    incidents: group.incidents.map((incident) => incident.id),
  };
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "3rd occurrence of n-plus-one in 180 days", with the other shared tags after it. */
export function describePattern(pattern: Pattern): string {
  const [lead, ...others] = pattern.tags;
  const more = others.length > 0 ? ` (shared tags: ${pattern.tags.join(', ')})` : '';
  return `${ordinal(pattern.count)} occurrence of ${lead} in ${pattern.windowDays} days${more}`;
}
