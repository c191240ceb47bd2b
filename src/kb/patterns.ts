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
 * about recurrence, and neither does a tag the configuration ignores, nor a
 * tag so frequent that its average rate alone fills a window: a tag on 10,000
 * incidents over ten years has ~500 in any 180 days, a base rate rather than
 * a recurrence. The rate is taken over the span of the dated incidents, at
 * least two windows, so a small knowledge base (3 N+1 incidents of 4 in six
 * months) still sees its pattern.
 */
export function isDistinctive(knowledgeBase: KnowledgeBase, tag: string): boolean {
  const { minIncidents, windowDays, maxTagShare, ignoreTags } = knowledgeBase.settings.patterns;
  if (ignoreTags.includes(tag)) return false;
  const carriers = knowledgeBase.byTag.get(tag)?.length ?? 0;
  if (carriers > Math.max(minIncidents, Math.floor(maxTagShare * knowledgeBase.incidents.length))) return false;
  const expected = (carriers * windowDays) / Math.max(derivedOf(knowledgeBase).spanDays, 2 * windowDays, 1);
  return expected < minIncidents;
}

const byDate = (a: Incident, b: Incident) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What the pattern searches compute once per knowledge base. */
interface Derived {
  /** Days between the earliest and the latest dated incident (0 without two dates). */
  spanDays: number;
  /** A tag → its dated incidents, oldest first, computed on first use. */
  dated: Map<string, Incident[]>;
  /** An incident → its salt: the order in which `findPatterns` first met it, hashed into two 32-bit words by `mix`. */
  salts: Map<Incident, number>;
}

const derivedByKnowledgeBase = new WeakMap<KnowledgeBase, Derived>();

function derivedOf(knowledgeBase: KnowledgeBase): Derived {
  let derived = derivedByKnowledgeBase.get(knowledgeBase);
  if (!derived) {
    let first = Infinity;
    let last = -Infinity;
    for (const incident of knowledgeBase.incidents) {
      if (incident.day === undefined) continue;
      if (incident.day < first) first = incident.day;
      if (incident.day > last) last = incident.day;
    }
    derived = { spanDays: last >= first ? last - first : 0, dated: new Map(), salts: new Map() };
    derivedByKnowledgeBase.set(knowledgeBase, derived);
  }
  return derived;
}

/** A tag's dated incidents, oldest first; computed once per knowledge base and tag. */
function datedCarriers(knowledgeBase: KnowledgeBase, tag: string): Incident[] {
  const cache = derivedOf(knowledgeBase).dated;
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

/** A run of a tag's dated incidents: `dated[first..end]`. */
interface Run {
  tags: string[];
  dated: Incident[];
  first: number;
  end: number;
}

/** murmur3's finaliser: a bijection on 32-bit words that spreads every input bit. */
function mix(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const SEEDS = [0x9e3779b9, 0x7f4a7c15] as const;

function sameIncidents(a: Run, dated: readonly Incident[], first: number, end: number): boolean {
  if (a.end - a.first !== end - first) return false;
  for (let offset = 0; offset <= end - first; offset++) if (a.dated[a.first + offset] !== dated[first + offset]) return false;
  return true;
}

/**
 * Every pattern in the knowledge base, largest first: for each distinctive
 * tag, the maximal runs of at least `minIncidents` incidents within the
 * window; tags with the same incidents merge into one pattern.
 *
 * A run is found again by a 53-bit key, the XOR of its incidents' random
 * 32-bit pairs (two prefix XORs over the tag's list away), and confirmed
 * incident by incident; only the runs kept are copied out.
 */
export function findPatterns(knowledgeBase: KnowledgeBase): Pattern[] {
  const { minIncidents, windowDays } = knowledgeBase.settings.patterns;
  const { salts } = derivedOf(knowledgeBase);
  const runs: Run[] = [];
  const byKey = new Map<number, Run[]>();
  for (const [tag, carriers] of knowledgeBase.byTag) {
    if (carriers.length < minIncidents || !isDistinctive(knowledgeBase, tag)) continue;
    const dated = datedCarriers(knowledgeBase, tag);
    if (dated.length < minIncidents) continue;
    // high[i] and low[i]: the XOR of the pairs of dated[0..i-1], so a run's pair is two lookups away.
    const high = new Int32Array(dated.length + 1);
    const low = new Int32Array(dated.length + 1);
    for (let i = 0; i < dated.length; i++) {
      const incident = dated[i]!;
      let salt = salts.get(incident);
      if (salt === undefined) salts.set(incident, (salt = salts.size));
      high[i + 1] = high[i]! ^ mix(salt ^ SEEDS[0]);
      low[i + 1] = low[i]! ^ mix(mix(salt ^ SEEDS[1]));
    }
    const starts = new Int32Array(dated.length);
    for (let end = 0, start = 0; end < dated.length; end++) {
      while (dated[end]!.day! - dated[start]!.day! > windowDays) start++;
      starts[end] = start;
    }
    for (let end = 0; end < dated.length; end++) {
      const first = starts[end]!;
      // A window is maximal when the next one drops its first incident (or there is no next one).
      const maximal = end === dated.length - 1 || starts[end + 1]! > first;
      if (!maximal || end - first + 1 < minIncidents) continue;
      const key = ((high[end + 1]! ^ high[first]!) >>> 0) * 0x200000 + ((low[end + 1]! ^ low[first]!) >>> 11);
      const held = byKey.get(key);
      const same = held?.find((run) => sameIncidents(run, dated, first, end));
      if (same) {
        same.tags.push(tag);
        continue;
      }
      const run: Run = { tags: [tag], dated, first, end };
      runs.push(run);
      if (held) held.push(run);
      else byKey.set(key, [run]);
    }
  }
  const patterns = runs.map((run) => ({ pattern: toPattern(knowledgeBase, { tags: run.tags, incidents: run.dated.slice(run.first, run.end + 1) }), lastDay: run.dated[run.end]!.day! }));
  return patterns
    .sort((a, b) => b.pattern.count - a.pattern.count || b.lastDay - a.lastDay || a.pattern.tags.join().localeCompare(b.pattern.tags.join()))
    .map(({ pattern }) => pattern);
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
