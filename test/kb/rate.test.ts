import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type IndexEntry } from '../../src/kb/index.js';
import { findPatterns, isDistinctive, patternOf } from '../../src/kb/patterns.js';
import { DEFAULT_KNOWLEDGE_BASE } from '../../src/kb/tags.js';

const EPOCH = Date.UTC(2015, 0, 1);
const isoDay = (day: number) => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);

function entry(id: string, day: number, tags: string[]): IndexEntry {
  return { path: `${id}.md`, meta: { id, date: isoDay(day), tags, title: id } };
}

describe('a tag at its base rate is no pattern', () => {
  it('a tag on an incident every 10 days for ten years is not a pattern, a burst of a rare tag is', () => {
    const entries: IndexEntry[] = [];
    // 365 `deploy` incidents, ~18 in any 180 days: a base rate. 3 `cert-expiry` incidents in 20 days: a recurrence.
    for (let day = 0; day < 3650; day += 10) entries.push(entry(`D${day}`, day, day === 2000 ? ['deploy', 'cert-expiry'] : ['deploy']));
    entries.push(entry('C1', 1990, ['cert-expiry']), entry('C2', 2005, ['cert-expiry']));
    // Enough other incidents that `deploy` is on less than half of the knowledge base: only its rate excludes it.
    for (let k = 0; k < 400; k++) entries.push(entry(`S${k}`, (k * 9) % 3650, [`solo-${k}`]));
    const kb = buildKnowledgeBase(entries);
    expect(kb.byTag.get('deploy')!.length * 2).toBeLessThan(kb.incidents.length);

    expect(isDistinctive(kb, 'deploy')).toBe(false);
    expect(isDistinctive(kb, 'cert-expiry')).toBe(true);
    expect(findPatterns(kb)).toEqual([{ tags: ['cert-expiry'], count: 3, windowDays: 180, incidents: ['C1', 'D2000', 'C2'] }]);
    // The documents the recurrence rule asks about: no "19th occurrence of deploy".
    expect(patternOf(kb, 'D3000')).toBeUndefined();
    expect(patternOf(kb, 'C2')).toMatchObject({ tags: ['cert-expiry'], count: 3 });
  });

  it('counts the expected incidents per window over the span of the knowledge base: below minIncidents is distinctive', () => {
    // The dated incidents span exactly 3,600 days: a tag on n incidents expects n × 180 / 3,600 = n / 20 per window.
    const kb = (carriers: number) =>
      buildKnowledgeBase([
        entry('FIRST', 0, []),
        entry('LAST', 3600, []),
        ...Array.from({ length: carriers }, (_, k) => entry(`T${k}`, k * 3, ['flaky'])),
        ...Array.from({ length: 200 }, (_, k) => entry(`S${k}`, 1000 + k, [`solo-${k}`])),
      ]);
    expect(isDistinctive(kb(59), 'flaky')).toBe(true); // 2.95 expected
    expect(isDistinctive(kb(60), 'flaky')).toBe(false); // 3 expected
    expect(findPatterns(kb(59)).map((pattern) => pattern.tags)).toContainEqual(['flaky']);
    expect(findPatterns(kb(60))).toEqual([]);
    // The same rule with minIncidents 4: 60 carriers expect 3 per window, fewer than 4.
    const four = { ...DEFAULT_KNOWLEDGE_BASE, patterns: { ...DEFAULT_KNOWLEDGE_BASE.patterns, minIncidents: 4 } };
    expect(isDistinctive(buildKnowledgeBase(kb(60).entries, four), 'flaky')).toBe(true);
  });

  it('still sees the third N+1 incident in a small knowledge base: 4 incidents in six months', () => {
    const kb = buildKnowledgeBase([entry('A', 0, ['n-plus-one']), entry('B', 60, ['n-plus-one']), entry('X', 100, ['dns']), entry('C', 170, ['n-plus-one'])]);
    expect(isDistinctive(kb, 'n-plus-one')).toBe(true);
    expect(patternOf(kb, 'C')).toEqual({ tags: ['n-plus-one'], count: 3, windowDays: 180, incidents: ['A', 'B', 'C'] });
    expect(findPatterns(kb)).toEqual([patternOf(kb, 'C')]);
  });

  it('takes the rate over at least two windows: in a one-month knowledge base, 5 carriers make a pattern, 6 are its base rate', () => {
    const kb = (carriers: number) =>
      buildKnowledgeBase([
        ...Array.from({ length: carriers }, (_, k) => entry(`T${k}`, k, ['timeout'])),
        ...Array.from({ length: 20 }, (_, k) => entry(`S${k}`, k + 10, [`solo-${k}`])),
      ]);
    expect(findPatterns(kb(5)).map((pattern) => pattern.tags)).toEqual([['timeout']]);
    // 6 × 180 / 360 = 3 expected per window, not fewer than minIncidents.
    expect(findPatterns(kb(6))).toEqual([]);
    expect(patternOf(kb(6), 'T5')).toBeUndefined();
  });

  it('measures the span over dated incidents only', () => {
    // Six carriers within a week of a knowledge base whose dated incidents span that week: its base rate. Undated incidents (day 0 if misread) do not stretch the span.
    const undated: IndexEntry[] = Array.from({ length: 30 }, (_, k) => ({ path: `U${k}.md`, meta: { id: `U${k}`, title: 'u', tags: [`u-${k}`] } }));
    const kb = buildKnowledgeBase([...Array.from({ length: 6 }, (_, k) => entry(`T${k}`, 3000 + k, ['timeout'])), ...undated]);
    expect(isDistinctive(kb, 'timeout')).toBe(false);
    expect(findPatterns(kb)).toEqual([]);
  });
});
