import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type Incident, type IndexEntry, type KnowledgeBase } from '../../src/kb/index.js';
import { findPatterns, type Pattern } from '../../src/kb/patterns.js';
import { DEFAULT_KNOWLEDGE_BASE, type KnowledgeBaseSettings } from '../../src/kb/tags.js';
import { random } from '../support/random.js';

const EPOCH = Date.UTC(2015, 0, 1);
const isoDay = (day: number) => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);

/**
 * The definition, written the slow and obvious way: a distinctive tag (not
 * ignored, on at most its share of the knowledge base, fewer than
 * minIncidents expected per window at its average rate over the span of the
 * dated incidents, at least two windows) makes a pattern of every run of its
 * dated incidents that fits the window, has minIncidents or more, and can
 * grow on neither side; tags with the same incidents make one pattern.
 */
function referencePatterns(kb: KnowledgeBase): Pattern[] {
  const { minIncidents, windowDays, maxTagShare, ignoreTags } = kb.settings.patterns;
  const days = kb.incidents.flatMap((incident) => (incident.day === undefined ? [] : [incident.day]));
  const spanDays = days.length === 0 ? 0 : Math.max(...days) - Math.min(...days);
  const weight = (tag: string) => Math.log(kb.incidents.length / kb.byTag.get(tag)!.length);
  const groups: { tags: string[]; incidents: Incident[] }[] = [];
  for (const [tag, carriers] of kb.byTag) {
    if (ignoreTags.includes(tag)) continue;
    if (carriers.length > Math.max(minIncidents, Math.floor(maxTagShare * kb.incidents.length))) continue;
    if ((carriers.length * windowDays) / Math.max(spanDays, 2 * windowDays) >= minIncidents) continue;
    const dated = carriers.filter((incident) => incident.day !== undefined).sort((a, b) => a.day! - b.day! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let end = 0; end < dated.length; end++) {
      for (let first = 0; first <= end; first++) {
        const fits = (from: number, to: number) => dated[to]!.day! - dated[from]!.day! <= windowDays;
        if (!fits(first, end) || end - first + 1 < minIncidents) continue;
        if (first > 0 && fits(first - 1, end)) continue;
        if (end < dated.length - 1 && fits(first, end + 1)) continue;
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
      maxTagShare: [0.2, 0.5, 0.8, 1][int(0, 3)]!,
      ignoreTags: next() < 0.2 ? ['t2'] : [],
    },
  };
  return buildKnowledgeBase(entries, settings);
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
      // Tags that only the rate rule keeps from being distinctive, with runs that would have made patterns.
      const { minIncidents, windowDays, maxTagShare } = kb.settings.patterns;
      const days = kb.incidents.flatMap((incident) => (incident.day === undefined ? [] : [incident.day]));
      const spanDays = days.length === 0 ? 0 : Math.max(...days) - Math.min(...days);
      for (const [tag, carriers] of kb.byTag) {
        const shareAllows = carriers.length <= Math.max(minIncidents, Math.floor(maxTagShare * kb.incidents.length));
        const rateAllows = (carriers.length * windowDays) / Math.max(spanDays, 2 * windowDays) < minIncidents;
        if (!kb.settings.patterns.ignoreTags.includes(tag) && shareAllows && !rateAllows) rateExcluded++;
      }
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
