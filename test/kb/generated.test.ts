import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type IndexEntry } from '../../src/kb/index.js';
import { findPatterns, patternOf } from '../../src/kb/patterns.js';
import { random } from '../support/random.js';

const EPOCH = Date.UTC(2015, 0, 1);
const SPAN_DAYS = 3650;
const isoDay = (day: number) => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);

interface Planted {
  tags: string[];
  incidents: string[];
}

/**
 * 5,000 incidents over ten years. Background tags can never form a pattern:
 * generic tags are on more than half of all incidents, the rest are unique,
 * shared by two, recurring only every 200+ days, or three spread over 181
 * days (one day too many). Patterns are planted with tags of their own.
 */
function generate(total: number, plantedCount: number, seed: number): { entries: IndexEntry[]; planted: Planted[] } {
  const next = random(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const entries: IndexEntry[] = [];
  const planted: Planted[] = [];
  const add = (day: number, tags: string[]) => {
    const id = `INC-${isoDay(day).replace(/-/g, '')}-${String(entries.length).padStart(4, '0')}`;
    const generic = ['production', ...(next() < 0.8 ? ['customer-facing'] : [])];
    entries.push({ path: `${id}.md`, meta: { id, title: id, date: isoDay(day), tags: [...generic, `u-${entries.length}`, ...tags] } });
    return id;
  };

  for (let k = 0; k < plantedCount; k++) {
    const size = int(3, 7);
    const window = k % 5 === 0 ? 180 : int(0, 180);
    const start = int(0, SPAN_DAYS - window);
    const offsets = [0, window, ...Array.from({ length: size - 2 }, () => int(0, window))].sort((a, b) => a - b);
    const tags = k % 2 === 0 ? [`planted-${k}`] : [`planted-${k}`, `planted-${k}-b`];
    planted.push({ tags, incidents: offsets.map((offset) => add(start + offset, tags)) });
  }
  for (let k = 0; entries.length < total - 30; k++) {
    // Near the end only single incidents, so the total comes out exact.
    const kind = entries.length < total - 40 ? k % 4 : 2;
    if (kind === 0) {
      // Recurs, but never three times within 180 days.
      let day = int(0, 300);
      for (let n = int(3, 8); n > 0 && day < SPAN_DAYS; n--, day += int(200, 400)) add(day, [`slow-${k}`]);
    } else if (kind === 1) {
      const day = int(0, SPAN_DAYS - 30);
      add(day, [`pair-${k}`]);
      add(day + int(0, 30), [`pair-${k}`]);
    } else {
      add(int(0, SPAN_DAYS), []);
    }
  }
  for (let k = 0; k < 10; k++) {
    // Three incidents spanning 181 days: one day outside the window.
    const day = int(0, SPAN_DAYS - 181);
    for (const offset of [0, 90, 181]) add(day + offset, [`edge-${k}`]);
  }
  return { entries, planted };
}

describe('patterns in a generated knowledge base of 5,000 incidents', () => {
  const { entries, planted } = generate(5000, 60, 20241127);
  const knowledgeBase = buildKnowledgeBase(entries);

  it('has the size it claims, with generic tags on more than half of it', () => {
    expect(entries).toHaveLength(5000);
    expect(knowledgeBase.byTag.get('customer-facing')!.length).toBeGreaterThan(2500);
  });

  it('finds every planted pattern, and no pattern that was not planted', () => {
    const key = (pattern: { tags: string[]; incidents: string[] }) => `${[...pattern.tags].sort().join('+')}: ${[...pattern.incidents].sort().join(' ')}`;
    const found = findPatterns(knowledgeBase);
    expect(found.map(key).sort()).toEqual(planted.map(key).sort());
    expect(found.map((pattern) => pattern.count)).toEqual([...found.map((pattern) => pattern.count)].sort((a, b) => b - a));
  });

  it('reports each planted pattern from its latest incident, and a partial one from an earlier incident', () => {
    for (const pattern of planted) {
      const last = pattern.incidents[pattern.incidents.length - 1]!;
      expect(patternOf(knowledgeBase, last)).toMatchObject({ count: pattern.incidents.length, incidents: pattern.incidents });
      const third = pattern.incidents[2]!;
      expect(patternOf(knowledgeBase, third)?.count).toBe(pattern.incidents.indexOf(third) + 1);
    }
  });
});
