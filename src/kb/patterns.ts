import type { Incident, KnowledgeBase } from './index.js';
import { tagWeight } from './weights.js';

export interface Pattern {
  /** The tags the incidents share, the most distinctive first. */
  tags: string[];
  count: number;
  windowDays: number;
  /** Incident ids, oldest first. */
  incidents: string[];
}

/** How much a window's count must exceed the tag's rate elsewhere to be a recurrence rather than its usual rate. */
export const BURST_FACTOR = 2;

/**
 * Whether a tag may make patterns at all: not ignored by the configuration,
 * and, when `patterns.maxTagShare` is set, on no more than that share of the
 * knowledge base. Nothing else rules a tag out: how often it recurs is judged
 * window by window (`isBurst`), so more recurrence never hides a pattern.
 */
export function mayRecur(knowledgeBase: KnowledgeBase, tag: string): boolean {
  const { minIncidents, maxTagShare, ignoreTags } = knowledgeBase.settings.patterns;
  if (ignoreTags.includes(tag)) return false;
  if (maxTagShare === undefined) return true;
  const carriers = knowledgeBase.byTag.get(tag)?.length ?? 0;
  return carriers <= Math.max(minIncidents, Math.floor(maxTagShare * knowledgeBase.incidents.length));
}

/**
 * Whether `count` dated incidents of a tag in the window that ends on day
 * `lastDay` are a burst rather than the tag's base rate: what the knowledge
 * base shows for that tag outside the window. A knowledge base younger than
 * two windows has no base rate, so every run of `minIncidents` counts. An
 * older one predicts the window's count from outside it in two ways, and the
 * larger prediction stands:
 * - by time: the tag's other incidents over the rest of the span, per window
 *   (a tag on an incident every ten days has ~18 in any 180 days);
 * - by share: the tag's share of the incidents outside the window, times
 *   the incidents in it (a tag on half of all incidents is on half of a busy
 *   summer's incidents too; a tag on most incidents never doubles its
 *   share). It needs as many incidents outside the window as in it.
 * The window must hold at least `BURST_FACTOR` times the prediction: twice
 * its usual rate in time, and twice its usual share.
 */
export function isBurst(knowledgeBase: KnowledgeBase, tag: string, count: number, lastDay: number): boolean {
  const { windowDays } = knowledgeBase.settings.patterns;
  const { spanDays, days } = derivedOf(knowledgeBase);
  if (spanDays < 2 * windowDays) return true;
  const tagOutside = Math.max(datedCarriers(knowledgeBase, tag).length - count, 0);
  const byTime = (tagOutside * windowDays) / (spanDays - windowDays);
  const inWindow = countAtMost(days, lastDay) - countAtMost(days, lastDay - windowDays - 1);
  const outside = days.length - inWindow;
  const byShare = outside >= inWindow && outside > 0 ? (tagOutside / outside) * inWindow : 0;
  return count >= BURST_FACTOR * Math.max(byTime, byShare);
}

/**
 * The fewest incidents in one window that can be a burst of a tag with
 * `carriers` dated incidents, by time alone: a lower bound of `isBurst`, so a
 * tag whose busiest window holds fewer is skipped without looking further.
 */
function fewestForBurst(knowledgeBase: KnowledgeBase, carriers: number): number {
  const { windowDays } = knowledgeBase.settings.patterns;
  const { spanDays } = derivedOf(knowledgeBase);
  if (spanDays < 2 * windowDays) return 0;
  // count ≥ F × (carriers − count) × W / (S − W)  ⇔  count ≥ F × carriers × W / (S − W + F × W)
  return (BURST_FACTOR * carriers * windowDays) / (spanDays - windowDays + BURST_FACTOR * windowDays);
}

const byDate = (a: Incident, b: Incident) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What the pattern searches compute once per knowledge base. */
interface Derived {
  /** Days between the earliest and the latest dated incident (0 without two dates). */
  spanDays: number;
  /** The day of every dated incident, in order: how many incidents of any tag a window holds is two binary searches away. */
  days: Int32Array;
  /** A tag → its dated incidents, oldest first, computed on first use. */
  dated: Map<string, Incident[]>;
  /** Whether `dated` holds every tag (filled in one pass over the incidents sorted once, for `findPatterns`). */
  datedComplete: boolean;
  /**
   * A tag → its dated incidents' days and salts, in `dated` order (filled
   * with `datedComplete`): typed arrays, which the run search reads far
   * faster than the incidents' fields. A salt is the incident's place in date
   * order, hashed into two 32-bit words by `mix`.
   */
  runData: Map<string, { days: Int32Array; salts: Int32Array }>;
}

const derivedByKnowledgeBase = new WeakMap<KnowledgeBase, Derived>();

function derivedOf(knowledgeBase: KnowledgeBase): Derived {
  let derived = derivedByKnowledgeBase.get(knowledgeBase);
  if (!derived) {
    // One read of each incident's day; sorted as numbers, they give the span and any window's count.
    const all = new Int32Array(knowledgeBase.incidents.length);
    let count = 0;
    for (const incident of knowledgeBase.incidents) if (incident.day !== undefined) all[count++] = incident.day;
    const days = all.subarray(0, count).sort();
    derived = { spanDays: count > 1 ? days[count - 1]! - days[0]! : 0, days, dated: new Map(), datedComplete: false, runData: new Map() };
    derivedByKnowledgeBase.set(knowledgeBase, derived);
  }
  return derived;
}

/** A tag's dated incidents, oldest first; computed once per knowledge base and tag. */
function datedCarriers(knowledgeBase: KnowledgeBase, tag: string): Incident[] {
  const cache = derivedOf(knowledgeBase).dated;
  let dated = cache.get(tag);
  if (!dated) cache.set(tag, (dated = sortedByDate(knowledgeBase.byTag.get(tag) ?? [])));
  return dated;
}

/**
 * The dated incidents in `byDate` order: counted into days (dates are whole
 * days over a bounded span), then each day's few incidents sorted by id.
 * A comparison sort of 100,000 incidents cost more than the pattern search,
 * and one of a generic tag's 30,000 most of a `related` query.
 */
function sortedByDate(incidents: readonly Incident[]): Incident[] {
  // Each incident's day read once: on a cold start these passes over scattered objects are most of the cost.
  const dated: Incident[] = [];
  const dayList: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const incident of incidents) {
    const day = incident.day;
    if (day === undefined) continue;
    dated.push(incident);
    dayList.push(day);
    if (day < first) first = day;
    if (day > last) last = day;
  }
  if (dated.length === 0 || last - first > 4 * dated.length + 1024) return dated.sort(byDate);
  const offsets = new Int32Array(last - first + 2);
  for (const day of dayList) offsets[day - first + 1]!++;
  for (let k = 1; k < offsets.length; k++) offsets[k]! += offsets[k - 1]!;
  const sorted = new Array<Incident>(dated.length);
  const sortedDays = new Int32Array(dated.length);
  for (let k = 0; k < dated.length; k++) {
    const at = offsets[dayList[k]! - first]!++;
    sorted[at] = dated[k]!;
    sortedDays[at] = dayList[k]!;
  }
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sortedDays[end] === sortedDays[start]) end++;
    if (end - start > 1) {
      // Ids usually come in order already (INC-20240115-0001, -0002, … listed in that order).
      let inOrder = true;
      for (let k = start + 1; k < end && inOrder; k++) inOrder = sorted[k - 1]!.id < sorted[k]!.id;
      if (!inOrder) {
        const day = sorted.slice(start, end).sort(byDate);
        for (let k = 0; k < day.length; k++) sorted[start + k] = day[k]!;
      }
    }
    start = end;
  }
  return sorted;
}

/** Every tag's dated incidents, oldest first: one sort of the incidents and one pass, instead of a sort per tag. */
function allDatedCarriers(knowledgeBase: KnowledgeBase): Map<string, Incident[]> {
  const derived = derivedOf(knowledgeBase);
  if (derived.datedComplete) return derived.dated;
  const lists = new Map<string, { incidents: Incident[]; days: number[]; places: number[] }>();
  const sorted = sortedByDate(knowledgeBase.incidents);
  for (let place = 0; place < sorted.length; place++) {
    const incident = sorted[place]!;
    for (const tag of incident.tags) {
      const list = lists.get(tag);
      if (list) {
        list.incidents.push(incident);
        list.days.push(incident.day!);
        list.places.push(place);
      } else lists.set(tag, { incidents: [incident], days: [incident.day!], places: [place] });
    }
  }
  derived.dated = new Map([...knowledgeBase.byTag.keys()].map((tag) => [tag, lists.get(tag)?.incidents ?? []]));
  derived.runData = new Map([...lists].map(([tag, list]) => [tag, { days: Int32Array.from(list.days), salts: Int32Array.from(list.places) }]));
  derived.datedComplete = true;
  return derived.dated;
}

/** How many of the sorted days are at most `day`. */
function countAtMost(days: Int32Array, day: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle]! > day) high = middle;
    else low = middle + 1;
  }
  return low;
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
 * The pattern an incident is part of: for each of its tags, the incidents
 * that carry it within the window up to and including this one, when they
 * are a burst (`isBurst`).
 * Tags with the same incidents make one pattern. The most distinctive wins,
 * then the largest: "3rd N+1 incident" says more than "5th database incident".
 */
export function patternOf(knowledgeBase: KnowledgeBase, id: string): Pattern | undefined {
  const subject = knowledgeBase.incidentById.get(id);
  if (!subject || subject.day === undefined) return undefined;
  const { minIncidents, windowDays } = knowledgeBase.settings.patterns;
  const groups = new Map<string, { tags: string[]; incidents: Incident[] }>();
  for (const tag of subject.tags) {
    if (!mayRecur(knowledgeBase, tag)) continue;
    // The tag's incidents by date, sorted once per knowledge base: the window is two binary searches away.
    const dated = datedCarriers(knowledgeBase, tag);
    const from = lowerBound(dated, (other) => (other.day ?? 0) >= subject.day! - windowDays);
    const to = lowerBound(dated, (other) => byDate(other, subject) > 0);
    if (to - from < minIncidents || !isBurst(knowledgeBase, tag, to - from, subject.day)) continue;
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
 * Every pattern in the knowledge base, largest first: for each tag that may
 * recur, the maximal runs of at least `minIncidents` incidents within the
 * window that are bursts; tags with the same incidents merge into one pattern.
 *
 * A run is found again by a 53-bit key, the XOR of its incidents' random
 * 32-bit pairs (two prefix XORs over the tag's list away), and confirmed
 * incident by incident; only the runs kept are copied out.
 */
export function findPatterns(knowledgeBase: KnowledgeBase): Pattern[] {
  const { minIncidents, windowDays } = knowledgeBase.settings.patterns;
  const datedByTag = allDatedCarriers(knowledgeBase);
  const { runData } = derivedOf(knowledgeBase);
  const runs: Run[] = [];
  const byKey = new Map<number, Run[]>();
  for (const [tag, carriers] of knowledgeBase.byTag) {
    if (carriers.length < minIncidents || !mayRecur(knowledgeBase, tag)) continue;
    const dated = datedByTag.get(tag)!;
    if (dated.length < minIncidents) continue;
    const { days, salts } = runData.get(tag)!;
    const starts = new Int32Array(dated.length);
    let busiest = 0;
    for (let end = 0, start = 0; end < dated.length; end++) {
      while (days[end]! - days[start]! > windowDays) start++;
      starts[end] = start;
      busiest = Math.max(busiest, end - start + 1);
    }
    // A tag at its base rate everywhere (`production` on every other incident) costs no more than this.
    const fewest = fewestForBurst(knowledgeBase, dated.length);
    if (busiest < minIncidents || busiest < fewest) continue;
    // high[i] and low[i]: the XOR of the pairs of dated[0..i-1], so a run's pair is two lookups away.
    const high = new Int32Array(dated.length + 1);
    const low = new Int32Array(dated.length + 1);
    for (let i = 0; i < dated.length; i++) {
      const salt = salts[i]!;
      high[i + 1] = high[i]! ^ mix(salt ^ SEEDS[0]);
      low[i + 1] = low[i]! ^ mix(mix(salt ^ SEEDS[1]));
    }
    for (let end = 0; end < dated.length; end++) {
      const first = starts[end]!;
      // A window is maximal when the next one drops its first incident (or there is no next one).
      const maximal = end === dated.length - 1 || starts[end + 1]! > first;
      const count = end - first + 1;
      if (!maximal || count < minIncidents || count < fewest || !isBurst(knowledgeBase, tag, count, days[end]!)) continue;
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
