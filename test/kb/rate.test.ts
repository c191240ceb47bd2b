import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type IndexEntry } from '../../src/kb/index.js';
import { findPatterns, isBurst, patternOf } from '../../src/kb/patterns.js';
import { findRelated } from '../../src/kb/related.js';
import { DEFAULT_KNOWLEDGE_BASE } from '../../src/kb/tags.js';

const EPOCH = Date.UTC(2015, 0, 1);
const isoDay = (day: number) => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);

function entry(id: string, day: number, tags: string[]): IndexEntry {
  return { path: `${id}.md`, meta: { id, date: isoDay(day), tags, title: id } };
}

/** Other incidents, one tag each, spread over `span` days from `from`: the knowledge base around the tags under test. */
const background = (count: number, from: number, span: number) => Array.from({ length: count }, (_, k) => entry(`S${k}`, from + Math.round((k * span) / Math.max(count - 1, 1)), [`solo-${k}`]));

describe('a pattern is a burst, judged against the tag’s rate outside the window', () => {
  it('keeps the pattern at the 4th and 5th occurrence: more recurrence never hides it', () => {
    // The bundled knowledge base's shape: N+1 incidents in a few months, among others.
    const nPlusOne = [0, 47, 95, 120, 150];
    for (const count of [3, 4, 5]) {
      const kb = buildKnowledgeBase([...nPlusOne.slice(0, count).map((day, k) => entry(`N${k}`, day, ['n-plus-one', 'database'])), entry('P', 92, ['connection-pool', 'database'])]);
      const last = `N${count - 1}`;
      expect(patternOf(kb, last), `${count} N+1 incidents`).toMatchObject({ tags: ['n-plus-one'], count, incidents: nPlusOne.slice(0, count).map((_, k) => `N${k}`) });
      expect(findPatterns(kb).map((pattern) => [pattern.tags[0], pattern.count])).toContainEqual(['n-plus-one', count]);
    }
    // The same in a knowledge base of three years whose earlier N+1 incidents were rare: two in the first two years.
    for (const count of [4, 5]) {
      const kb = buildKnowledgeBase([
        entry('OLD1', 0, ['n-plus-one']),
        entry('OLD2', 400, ['n-plus-one']),
        ...nPlusOne.slice(0, count).map((day, k) => entry(`N${k}`, 900 + day, ['n-plus-one'])),
        ...background(60, 0, 1100),
      ]);
      expect(patternOf(kb, `N${count - 1}`)).toMatchObject({ tags: ['n-plus-one'], count });
    }
  });

  it('finds the burst of a young knowledge base: 20 incidents in 4.5 months, 6 of them N+1', () => {
    const nPlusOneDays = [3, 30, 51, 77, 102, 130];
    const kb = buildKnowledgeBase([...nPlusOneDays.map((day, k) => entry(`N${k}`, day, ['n-plus-one', 'orm'])), ...background(14, 0, 135)]);
    expect(patternOf(kb, 'N5')).toEqual({ tags: ['n-plus-one', 'orm'], count: 6, windowDays: 180, incidents: ['N0', 'N1', 'N2', 'N3', 'N4', 'N5'] });
    expect(patternOf(kb, 'N2')).toMatchObject({ count: 3 });
    expect(patternOf(kb, 'N1')).toBeUndefined();
    expect(findPatterns(kb)).toEqual([patternOf(kb, 'N5')]);
    // `related` agrees: the other five are listed, however small the limit.
    expect(findRelated(kb, 'N5', 2).results.map((result) => result.incident.id).sort()).toEqual(['N0', 'N1', 'N2', 'N3', 'N4']);
  });

  it('does not see a tag spread evenly over years as a pattern: an incident every 10 days for ten years is a base rate', () => {
    const entries: IndexEntry[] = [];
    // 365 `deploy` incidents, ~18 in any 180 days. 3 `cert-expiry` incidents in 20 days: a recurrence.
    for (let day = 0; day < 3650; day += 10) entries.push(entry(`D${day}`, day, day === 2000 ? ['deploy', 'cert-expiry'] : ['deploy']));
    entries.push(entry('C1', 1990, ['cert-expiry']), entry('C2', 2005, ['cert-expiry']));
    const kb = buildKnowledgeBase(entries);
    // `deploy` is on almost every incident; no share cap excludes it, only its rate does.
    expect(findPatterns(kb)).toEqual([{ tags: ['cert-expiry'], count: 3, windowDays: 180, incidents: ['C1', 'D2000', 'C2'] }]);
    expect(patternOf(kb, 'D3000')).toBeUndefined();
    expect(patternOf(kb, 'C2')).toMatchObject({ tags: ['cert-expiry'], count: 3 });
  });

  it('does not see a monthly tag over five years as a pattern, but sees its busiest month', () => {
    const monthly = Array.from({ length: 60 }, (_, k) => entry(`M${k}`, k * 30 + (k % 3), ['cache']));
    const others = background(400, 0, 1800);
    expect(findPatterns(buildKnowledgeBase([...monthly, ...others]))).toEqual([]);
    // Four more `cache` incidents in one month: ~10 in that window against ~6 expected is no burst (fewer than twice);
    // twelve more is, in time and in share (18 of the window's ~58 incidents, against 13% elsewhere).
    const extra = (count: number) => Array.from({ length: count }, (_, k) => entry(`X${k + 1}`, 900 + k * 2, ['cache']));
    expect(findPatterns(buildKnowledgeBase([...monthly, ...extra(4), ...others]))).toEqual([]);
    const twelve = buildKnowledgeBase([...monthly, ...extra(12), ...others]);
    // Every window that holds the burst is one (maximal windows overlap), and each holds all twelve.
    const windows = findPatterns(twelve);
    expect(windows.length).toBeGreaterThan(0);
    for (const pattern of windows) expect(pattern.tags).toEqual(['cache']);
    for (const pattern of windows) expect(pattern.incidents).toEqual(expect.arrayContaining(extra(12).map((item) => item.meta.id)));
    expect(patternOf(twelve, 'X12')?.count).toBeGreaterThanOrEqual(18);
  });

  it('compares the window with twice the tag’s rate in time outside it, over the span of the dated incidents', () => {
    // Dated incidents span 3,600 days: outside a 180-day window, a tag's other incidents cover 3,420 days. The
    // background stays out of the window, so that the tag's share of the other incidents predicts little.
    const kb = (outside: number) =>
      buildKnowledgeBase([
        entry('FIRST', 0, []),
        entry('LAST', 3600, []),
        ...Array.from({ length: 3 }, (_, k) => entry(`B${k}`, 2000 + k, ['flaky'])),
        ...Array.from({ length: outside }, (_, k) => entry(`T${k}`, k * 19, ['flaky'])),
        ...background(500, 2300, 1300),
      ]);
    // 3 in the window; 28 outside predict 28 × 180 / 3420 = 1.47 per window (3 ≥ 2.95): a burst; 29 predict 1.53 (3 < 3.05): not.
    expect(isBurst(kb(28), 'flaky', 3, kb(28).incidentById.get('B2')!.day!)).toBe(true);
    expect(isBurst(kb(29), 'flaky', 3, kb(29).incidentById.get('B2')!.day!)).toBe(false);
    expect(patternOf(kb(28), 'B2')).toMatchObject({ count: 3, incidents: ['B0', 'B1', 'B2'] });
    expect(patternOf(kb(29), 'B2')).toBeUndefined();
    // 60 `flaky` incidents in six months of a ten-year knowledge base, none outside: the strongest burst there is.
    const burst = buildKnowledgeBase([entry('FIRST', 0, []), entry('LAST', 3600, []), ...Array.from({ length: 60 }, (_, k) => entry(`F${k}`, k * 3, ['flaky']))]);
    expect(findPatterns(burst)).toEqual([expect.objectContaining({ tags: ['flaky'], count: 60 })]);
  });

  it('compares the window with twice the tag’s share of the incidents outside it: a busy summer of the team’s usual tag is no pattern', () => {
    // Six years, as in a platform team's knowledge base: `kubernetes` on half of the incidents. One summer holds
    // ten incidents, six of them `kubernetes`, and three `services-returning` outages never seen before or since.
    const usual = Array.from({ length: 30 }, (_, k) => entry(`U${k}`, k * 70 + (k >= 12 ? 300 : 0), k % 2 === 0 ? ['kubernetes'] : [`other-${k}`]));
    const tagsOf = (k: number) => ([0, 1, 3, 4, 6, 8].includes(k) ? ['kubernetes'] : [2, 5, 9].includes(k) ? ['services-returning'] : ['summer']);
    const summer = Array.from({ length: 10 }, (_, k) => entry(`S${k}`, 900 + k * 15, tagsOf(k)));
    const kb = buildKnowledgeBase([...usual, ...summer]);
    // In time alone, `kubernetes` looks like a burst: 15 outside over ~2,150 days predict ~1.3 per window, and 6 ≥ 2.5.
    // Its share of the incidents outside the window (15 of 31) predicts 4.4 of the window's 9: 6 is near its usual share.
    expect(isBurst(kb, 'kubernetes', 6, kb.incidentById.get('S8')!.day!)).toBe(false);
    expect(findPatterns(kb).map((pattern) => pattern.tags)).toEqual([['services-returning']]);
    for (const id of ['S3', 'S4', 'S6', 'S8']) expect(patternOf(kb, id), id).toBeUndefined();
    expect(patternOf(kb, 'S9')).toMatchObject({ tags: ['services-returning'], count: 3, incidents: ['S2', 'S5', 'S9'] });
  });

  it('gives a knowledge base younger than two windows no base rate, measured over dated incidents only', () => {
    // Six carriers in a week of a knowledge base whose dated incidents span that week; undated incidents do not stretch it.
    const undated: IndexEntry[] = Array.from({ length: 30 }, (_, k) => ({ path: `U${k}.md`, meta: { id: `U${k}`, title: 'u', tags: [`u-${k}`, 'timeout'] } }));
    const kb = buildKnowledgeBase([...Array.from({ length: 6 }, (_, k) => entry(`T${k}`, 3000 + k, ['timeout'])), ...undated]);
    expect(findPatterns(kb)).toEqual([expect.objectContaining({ tags: ['timeout'], count: 6 })]);
    // 359 days of history is still young; 360 is not, and a tag on every incident is then its own base rate.
    const everywhere = (span: number) => buildKnowledgeBase(Array.from({ length: 40 }, (_, k) => entry(`E${k}`, Math.round((k * span) / 39), ['database'])));
    expect(findPatterns(everywhere(359)).length).toBeGreaterThan(0);
    expect(findPatterns(everywhere(360))).toEqual([]);
  });

  it('honours ignoreTags always, and maxTagShare only when it is set', () => {
    const entries = [...['A', 'B', 'C', 'D'].map((id, k) => entry(id, k * 20, ['database'])), entry('E', 90, ['dns'])];
    expect(findPatterns(buildKnowledgeBase(entries)).map((pattern) => pattern.tags)).toEqual([['database']]);
    const ignoring = { ...DEFAULT_KNOWLEDGE_BASE, patterns: { ...DEFAULT_KNOWLEDGE_BASE.patterns, ignoreTags: ['database'] } };
    expect(findPatterns(buildKnowledgeBase(entries, ignoring))).toEqual([]);
    const capped = { ...DEFAULT_KNOWLEDGE_BASE, patterns: { ...DEFAULT_KNOWLEDGE_BASE.patterns, maxTagShare: 0.5 } };
    expect(findPatterns(buildKnowledgeBase(entries, capped))).toEqual([]);
  });
});
