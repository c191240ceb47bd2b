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

/** Per knowledge base: each tag's carriers by ordinal (made when a query first needs it), and zeroed scratch arrays. */
interface Scratch {
  byTag: Map<string, Int32Array>;
  scores: Float64Array;
  seen: Uint8Array;
}

const scratches = new WeakMap<KnowledgeBase, Scratch>();

function scratchOf(knowledgeBase: KnowledgeBase): Scratch {
  let scratch = scratches.get(knowledgeBase);
  if (scratch === undefined) {
    scratch = { byTag: new Map(), scores: new Float64Array(knowledgeBase.incidents.length), seen: new Uint8Array(knowledgeBase.incidents.length) };
    scratches.set(knowledgeBase, scratch);
  }
  return scratch;
}

function carriersOf(knowledgeBase: KnowledgeBase, scratch: Scratch, tag: string): Int32Array | undefined {
  let carriers = scratch.byTag.get(tag);
  if (carriers === undefined) {
    const incidents = knowledgeBase.byTag.get(tag);
    if (incidents === undefined) return undefined;
    carriers = Int32Array.from(incidents, (incident) => incident.ordinal);
    scratch.byTag.set(tag, carriers);
  }
  return carriers;
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
  // Candidate → the sum of the weights of the subject's tags it carries, added in the subject's tag order. Typed
  // arrays by incident number, not a Map: a common tag's list is walked for every query (most of a site's build).
  const scratch = scratchOf(knowledgeBase);
  const { scores, seen } = scratch;
  const touched: number[] = [];
  const touch = (at: number) => {
    if (seen[at] === 0) {
      seen[at] = 1;
      touched.push(at);
    }
  };
  for (const tag of subject.tags) {
    const weight = tagWeight(knowledgeBase, tag);
    const carriers = carriersOf(knowledgeBase, scratch, tag);
    if (carriers === undefined) continue;
    for (let index = 0; index < carriers.length; index++) {
      const at = carriers[index]!;
      if (seen[at] === 0) {
        seen[at] = 1;
        touched.push(at);
      }
      scores[at]! += weight;
    }
  }
  for (const service of subject.services) for (const other of knowledgeBase.byService.get(service) ?? []) touch(other.ordinal);
  for (const linked of links) {
    const other = knowledgeBase.incidentById.get(linked);
    if (other) touch(other.ordinal);
  }
  const self = subject.ordinal;

  const linkWeight = Math.log(Math.max(knowledgeBase.incidents.length, 2)) + 1;
  const serviceWeights = new Map(subject.services.map((service) => [service, serviceWeight(knowledgeBase, service)]));
  const scoreOf = (other: Incident, tagScore: number) => {
    let serviceScore = 0;
    if (serviceWeights.size > 0) for (const service of other.services) serviceScore += serviceWeights.get(service) ?? 0;
    return tagScore + serviceScore + (links.size > 0 && links.has(other.id) ? linkWeight : 0);
  };
  const count = Math.max(0, limit);
  const kept = Number.isNaN(count) ? 0 : Math.trunc(count);
  // A small limit keeps its best while walking (an object only for a candidate that enters them); a large one sorts all.
  const scored: { incident: Incident; score: number }[] = [];
  let top: { incident: Incident; score: number }[] = [];
  // scoreOf, inlined: this loop runs over every candidate (tens of thousands on a large knowledge base).
  for (const at of touched) {
    if (at === self) continue;
    const other = knowledgeBase.incidents[at]!;
    let serviceScore = 0;
    if (serviceWeights.size > 0) for (const service of other.services) serviceScore += serviceWeights.get(service) ?? 0;
    const score = scores[at]! + serviceScore + (links.size > 0 && links.has(other.id) ? linkWeight : 0);
    if (score <= 0) continue;
    if (kept > 64) scored.push({ incident: other, score });
    else if (kept > 0) keepBest(top, other, score, kept);
  }
  if (kept > 64) top = scored.sort(compareResults).slice(0, kept);
  // The incidents of the subject's pattern are always listed, past the limit if need be: `related` never hides what `pattern` names.
  const members = new Set(patternOf(knowledgeBase, id)?.incidents);
  members.delete(id);
  for (const { incident } of top) members.delete(incident.id);
  if (members.size > 0) {
    // Looked up, not searched for among every candidate: they share the pattern's tag, so they were scored.
    for (const member of members) {
      const other = knowledgeBase.incidentById.get(member);
      const at = other?.ordinal;
      if (other !== undefined && at !== undefined && seen[at] === 1 && scoreOf(other, scores[at]!) > 0) top.push({ incident: other, score: scoreOf(other, scores[at]!) });
    }
    top.sort(compareResults);
  }
  const comparisons = touched.length - (seen[self] === 1 ? 1 : 0);
  // The scratch arrays are shared by every query of this knowledge base: left as they were found.
  for (const at of touched) {
    scores[at] = 0;
    seen[at] = 0;
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
  return { results, comparisons };
}

/**
 * Puts a candidate among the best `count` in `compareResults` order, as a stable sort would keep them: it
 * displaces a kept one only when strictly better, and costs an object only when it is kept.
 */
function keepBest(top: { incident: Incident; score: number }[], incident: Incident, score: number, count: number): void {
  if (top.length === count) {
    // compareResults(candidate, worst), without the candidate's object.
    const worst = top[count - 1]!;
    const order = worst.score - score || (worst.incident.day ?? -Infinity) - (incident.day ?? -Infinity) || incident.id.localeCompare(worst.incident.id);
    if (order >= 0) return;
  }
  const candidate = { incident, score };
  let at = Math.min(top.length, count - 1);
  while (at > 0 && compareResults(candidate, top[at - 1]!) < 0) at--;
  if (top.length === count) top.pop();
  top.splice(at, 0, candidate);
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
