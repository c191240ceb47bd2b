import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type Incident, type IndexEntry, type KnowledgeBase } from '../../src/kb/index.js';
import { findPatterns, type Pattern } from '../../src/kb/patterns.js';
import { DEFAULT_KNOWLEDGE_BASE, type KnowledgeBaseSettings } from '../../src/kb/tags.js';
import { random } from '../support/random.js';

const EPOCH = Date.UTC(2015, 0, 1);
const isoDay = (day: number) => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);

/**
 * The definition, written the slow and obvious way: a tag that is not
 * ignored (and, when maxTagShare is set, on at most that share of the
 * knowledge base) makes a pattern of every run of its dated incidents that
 * fits the window, has minIncidents or more, can grow on neither side, and
 * is a burst: the knowledge base's dated incidents span less than two
 * windows, or the run holds at least twice what the tag's other dated
 * incidents predict for the window ending on its last day, by time (their
 * number per window over the rest of the span) and by share (their share of
 * the incidents outside the window, times the incidents in it, when at least
 * as many incidents lie outside the window as in it), whichever is larger.
 * Tags with the same incidents make one pattern.
 */
/** Every dated incident's day, any tag. */
const datedDays = (kb: KnowledgeBase) => kb.incidents.flatMap((incident) => (incident.day === undefined ? [] : [incident.day]));

function isBurstByDefinition(kb: KnowledgeBase, carriers: number, count: number, lastDay: number): boolean {
  const { windowDays } = kb.settings.patterns;
  const days = datedDays(kb);
  const spanDays = days.length === 0 ? 0 : Math.max(...days) - Math.min(...days);
  if (spanDays < 2 * windowDays) return true;
  const byTime = ((carriers - count) * windowDays) / (spanDays - windowDays);
  const inWindow = days.filter((day) => day >= lastDay - windowDays && day <= lastDay).length;
  const outside = days.length - inWindow;
  const byShare = outside >= inWindow && outside > 0 ? ((carriers - count) / outside) * inWindow : 0;
  return count >= 2 * Math.max(byTime, byShare);
}

function referencePatterns(kb: KnowledgeBase): Pattern[] {
  const { minIncidents, windowDays, maxTagShare, ignoreTags } = kb.settings.patterns;
  const weight = (tag: string) => Math.log1p(kb.incidents.length / kb.byTag.get(tag)!.length);
  const groups: { tags: string[]; incidents: Incident[] }[] = [];
  for (const [tag, carriers] of kb.byTag) {
    if (ignoreTags.includes(tag)) continue;
    if (maxTagShare !== undefined && carriers.length > Math.max(minIncidents, Math.floor(maxTagShare * kb.incidents.length))) continue;
    const dated = carriers.filter((incident) => incident.day !== undefined).sort((a, b) => a.day! - b.day! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let end = 0; end < dated.length; end++) {
      for (let first = 0; first <= end; first++) {
        const fits = (from: number, to: number) => dated[to]!.day! - dated[from]!.day! <= windowDays;
        if (!fits(first, end) || end - first + 1 < minIncidents) continue;
        if (first > 0 && fits(first - 1, end)) continue;
        if (end < dated.length - 1 && fits(first, end + 1)) continue;
        if (!isBurstByDefinition(kb, dated.length, end - first + 1, dated[end]!.day!)) continue;
        const incidents = dated.slice(first, end + 1);
        const same = groups.find((group) => group.incidents.length === incidents.length && group.incidents.every((incident, k) => incident === incidents[k]));
        if (same) same.tags.push(tag);
        else groups.push({ tags: [tag], incidents });
      }
    }
  }
  return groups
    .map((group) => ({
      tags: group.tags.map((tag, order) => ({ tag, order })).sort((a, b) => weight(b.tag) - weight(a.tag) || a.order - b.order).map(({ tag }) => tag),
      count: group.incidents.length,
      windowDays,
      incidents: group.incidents.map((incident) => incident.id),
      lastDay: group.incidents[group.incidents.length - 1]!.day!,
    }))
    .sort((a, b) => b.count - a.count || b.lastDay - a.lastDay || a.tags.join().localeCompare(b.tags.join()))
    .map(({ lastDay: _, ...pattern }) => pattern);
}

/** A small random knowledge base: few tags, some always together (so patterns merge), some undated or duplicate incidents, random settings. */
function randomKnowledgeBase(seed: number): KnowledgeBase {
  const next = random(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const size = int(0, 70);
  const spanDays = [10, 120, 400, 1500, 4000][int(0, 4)]!;
  const tagCount = int(1, 8);
  const entries: IndexEntry[] = [];
  for (let k = 0; k < size; k++) {
    const tags: string[] = [];
    for (let t = 0; t < tagCount; t++) if (next() < 0.35) tags.push(`t${t}`);
    // t0 and its twin always travel together; t1's twin mostly.
    if (tags.includes('t0')) tags.push('t0-twin');
    if (tags.includes('t1') && next() < 0.9) tags.push('t1-twin');
    if (next() < 0.3) tags.reverse();
    const id = next() < 0.05 && k > 0 ? entries[int(0, k - 1)]!.meta.id! : `INC-${String(k).padStart(3, '0')}`;
    const date = next() < 0.08 ? undefined : isoDay(next() < 0.2 ? int(0, 5) : int(0, spanDays));
    entries.push({ path: `${k}.md`, meta: { id, title: id, tags, ...(date === undefined ? {} : { date }) } });
  }
  const settings: KnowledgeBaseSettings = {
    ...DEFAULT_KNOWLEDGE_BASE,
    patterns: {
      minIncidents: int(2, 4),
      windowDays: [1, 7, 30, 90, 180][int(0, 4)]!,
      maxTagShare: [0.2, 0.5, 0.8, 1, undefined, undefined][int(0, 5)],
      ignoreTags: next() < 0.2 ? ['t2'] : [],
    },
  };
  return buildKnowledgeBase(entries, settings);
}

/** Runs long enough to be patterns that the base-rate comparison rules out: the reference's own count, so the random cases are seen to reach that rule. */
function runsAtBaseRate(kb: KnowledgeBase): number {
  const { minIncidents, windowDays, ignoreTags } = kb.settings.patterns;
  let count = 0;
  for (const [tag, carriers] of kb.byTag) {
    if (ignoreTags.includes(tag)) continue;
    const dated = carriers.flatMap((incident) => (incident.day === undefined ? [] : [incident.day])).sort((a, b) => a - b);
    for (let end = 0; end < dated.length; end++) {
      let first = end;
      while (first > 0 && dated[end]! - dated[first - 1]! <= windowDays) first--;
      const inWindow = end - first + 1;
      const maximal = end === dated.length - 1 || dated[end + 1]! - dated[first]! > windowDays;
      if (maximal && inWindow >= minIncidents && !isBurstByDefinition(kb, dated.length, inWindow, dated[end]!)) count++;
    }
  }
  return count;
}

describe('findPatterns against the definition', () => {
  it('gives the reference result, order included, on 200 random knowledge bases', () => {
    let patterns = 0;
    let merged = 0;
    let rateExcluded = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const kb = randomKnowledgeBase(seed);
      const expected = referencePatterns(kb);
      expect(findPatterns(kb), `seed ${seed}`).toEqual(expected);
      patterns += expected.length;
      merged += expected.filter((pattern) => pattern.tags.length > 1).length;
      // Runs that only the base rate keeps from being patterns.
      rateExcluded += runsAtBaseRate(kb);
    }
    // The cases are not vacuous: there are patterns, merged ones, and tags the rate rule excludes.
    expect(patterns).toBeGreaterThan(200);
    expect(merged).toBeGreaterThan(20);
    expect(rateExcluded).toBeGreaterThan(20);
  });

  it('gives the same result when asked twice of one knowledge base', () => {
    const kb = randomKnowledgeBase(7);
    expect(findPatterns(kb)).toEqual(findPatterns(kb));
  });
});
