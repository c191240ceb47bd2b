import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type IndexEntry } from '../../src/kb/index.js';
import { describePattern, findPatterns, ordinal, patternOf } from '../../src/kb/patterns.js';
import { findRelated } from '../../src/kb/related.js';
import { DEFAULT_KNOWLEDGE_BASE, fieldValues, normalizeSynonyms, normalizeTag, normalizeTags, titleWords } from '../../src/kb/tags.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { createReader } from '../../src/workspace/reader.js';
import { REPO } from '../helpers.js';

const bundled = async () => createReader({ config: loadConfig(REPO), cwd: REPO }).index();

function entry(id: string, date: string, tags: string[], extra: Partial<IndexEntry['meta']> = {}): IndexEntry {
  return { path: `${id}.md`, meta: { id, date, tags, title: id, ...extra } };
}

describe('tags', () => {
  it('are normalised: case, _ and spaces to -, synonyms after normalising', () => {
    const synonyms = normalizeSynonyms({ 'N+1': 'n-plus-one', DB: 'Database', Conn_Pool: 'connection-pool' });
    expect(normalizeTag('Connection_Pool', synonyms)).toBe('connection-pool');
    expect(normalizeTag('  Load  Balancer ', synonyms)).toBe('load-balancer');
    expect(normalizeTag('n+1', synonyms)).toBe('n-plus-one');
    expect(normalizeTags(['db', 'Database', 'DB'], synonyms)).toEqual(['database']);
  });

  it('apply everywhere: two spellings of one tag relate incidents and make patterns', () => {
    const settings = { ...DEFAULT_KNOWLEDGE_BASE, tags: { ...DEFAULT_KNOWLEDGE_BASE.tags, synonyms: { 'n+1': 'n-plus-one' } } };
    const kb = buildKnowledgeBase(
      [entry('A', '2024-01-01', ['n+1']), entry('B', '2024-02-01', ['N_Plus_One']), entry('C', '2024-03-01', ['n-plus-one']), entry('D', '2024-03-02', ['x']), entry('E', '2024-03-03', ['y']), entry('F', '2024-03-04', ['z'])],
      settings,
    );
    expect(kb.byTag.get('n-plus-one')?.map((incident) => incident.id)).toEqual(['A', 'B', 'C']);
    expect(patternOf(kb, 'C')).toMatchObject({ tags: ['n-plus-one'], count: 3, incidents: ['A', 'B', 'C'] });
  });

  it('can come from a "Field:" line and from the words of a title', () => {
    expect(fieldValues('## Stats\n\n- Category: Kubernetes, Networking\n- Time to detection: 8 minutes\n', 'Category')).toEqual(['Kubernetes', 'Networking']);
    expect(fieldValues('**Category**: Security', 'Category')).toEqual(['Security']);
    expect(fieldValues('Categorylessly: no', 'Category')).toEqual([]);
    expect(titleWords('All services returning 503 in Kubernetes')).toEqual(['services', 'returning', '503', 'kubernetes']);
  });
});

describe('the knowledge base in this repository', () => {
  it('relates INC-20240118-0023 first to the two earlier N+1 incidents, explaining why', async () => {
    const kb = await bundled();
    const { results } = findRelated(kb, 'INC-20240118-0023');
    expect(results.slice(0, 2).map((result) => result.incident.id)).toEqual(['INC-20231201-0019', 'INC-20231015-0008']);
    expect(results[0]).toMatchObject({ linked: true, sharedTags: expect.arrayContaining(['n-plus-one', 'orm', 'pagination']) });
    // `database` is on every incident: it says little, so the connection-pool incident it alone shares comes last, with the lowest score, but it is there.
    expect(results.at(-1)).toMatchObject({ incident: expect.objectContaining({ id: 'INC-20240115-0042' }), sharedTags: ['database'] });
    expect(results.at(-1)!.score).toBeGreaterThan(0);
    expect(results.at(-1)!.score).toBeLessThan(results.at(-2)!.score);
  });

  it('sees the third N+1 incident in six months as a pattern of 3', async () => {
    const kb = await bundled();
    const pattern = patternOf(kb, 'INC-20240118-0023')!;
    expect(pattern).toEqual({ tags: ['n-plus-one', 'orm', 'performance'], count: 3, windowDays: 180, incidents: ['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023'] });
    expect(describePattern(pattern)).toMatch(/^3rd occurrence of n-plus-one in 180 days/);
    expect(patternOf(kb, 'INC-20231201-0019')).toBeUndefined();
    expect(findPatterns(kb)).toEqual([pattern]);
  });
});

describe('related', () => {
  const kb = buildKnowledgeBase([
    entry('A', '2024-01-01', ['rare', 'common']),
    entry('B', '2024-01-02', ['rare', 'common']),
    entry('C', '2024-01-03', ['common', 'other']),
    entry('D', '2024-01-04', ['common'], { related: ['A'] }),
    entry('E', '2024-06-01', ['rare', 'common']),
    entry('F', '2024-01-05', ['unrelated']),
  ]);

  it('weighs rare tags above common ones, counts a link from either side, and breaks ties by recency', () => {
    const { results, comparisons } = findRelated(kb, 'A');
    expect(results.map((result) => result.incident.id)).toEqual(['D', 'E', 'B', 'C']);
    expect(results[0]!.linked).toBe(true);
    expect(results[1]!.score).toBe(results[2]!.score);
    // Only incidents sharing something were scored: F never was.
    expect(comparisons).toBe(4);
  });

  it('honours the limit', () => {
    expect(findRelated(kb, 'A', 2).results).toHaveLength(2);
  });
});

describe('patterns', () => {
  it('need at least three incidents within the window, counting the incident and those before it', () => {
    const days = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const kb = buildKnowledgeBase([
      entry('A', days(0), ['leak']),
      entry('B', days(100), ['leak']),
      entry('C', days(180), ['leak']),
      entry('D', days(361), ['leak']),
      ...['F', 'G', 'H', 'I', 'J', 'K'].map((id, i) => entry(id, days(i), [`solo-${id}`])),
    ]);
    expect(patternOf(kb, 'C')?.incidents).toEqual(['A', 'B', 'C']);
    expect(patternOf(kb, 'B')).toBeUndefined();
    // D: C is 181 days back, out of the window.
    expect(patternOf(kb, 'D')).toBeUndefined();
    expect(findPatterns(kb).map((pattern) => pattern.incidents)).toEqual([['A', 'B', 'C']]);
  });

  it('ignore tags carried by more than the share of the knowledge base configured, and only when one is', () => {
    // The other incidents are spread over ten years, so that `database` is a burst rather than the knowledge base's base rate (see rate.test.ts).
    const entries = Array.from({ length: 24 }, (_, i) => entry(`I${i}`, i < 13 ? `2024-01-${String(i + 1).padStart(2, '0')}` : `${2000 + i}-06-01`, i < 13 ? ['database'] : [`x-${i}`]));
    // 13 of 24 carry `database`, all in two weeks: a burst, whatever its share, unless a share cap is configured.
    expect(findPatterns(buildKnowledgeBase(entries)).map((pattern) => pattern.tags)).toEqual([['database']]);
    const strict = { ...DEFAULT_KNOWLEDGE_BASE, patterns: { ...DEFAULT_KNOWLEDGE_BASE.patterns, maxTagShare: 0.5 } };
    expect(findPatterns(buildKnowledgeBase(entries, strict))).toEqual([]);
    const lenient = { ...DEFAULT_KNOWLEDGE_BASE, patterns: { ...DEFAULT_KNOWLEDGE_BASE.patterns, maxTagShare: 0.6 } };
    expect(findPatterns(buildKnowledgeBase(entries, lenient)).map((pattern) => pattern.tags)).toEqual([['database']]);
  });

  it('prefer the most specific pattern: the 3rd N+1 incident over the 6th database one', () => {
    const day = (n: number) => `2024-02-${String(n).padStart(2, '0')}`;
    const kb = buildKnowledgeBase([
      ...['A', 'B', 'C'].map((id, i) => entry(id, day(i + 1), ['database'])),
      ...['D', 'E', 'F'].map((id, i) => entry(id, day(i + 4), ['database', 'n-plus-one'])),
      // Spread over years, so that six `database` incidents in a week are a burst rather than the base rate (see rate.test.ts).
      ...Array.from({ length: 18 }, (_, i) => entry(`X${i}`, `${2005 + i}-06-01`, [`solo-${i}`])),
    ]);
    expect(patternOf(kb, 'F')).toMatchObject({ tags: ['n-plus-one'], count: 3, incidents: ['D', 'E', 'F'] });
    expect(findPatterns(kb).map((pattern) => pattern.tags)).toEqual([['database'], ['n-plus-one']]);
  });

  it('never come from ignored tags', () => {
    const entries = ['A', 'B', 'C'].map((id, i) => entry(id, `2024-01-0${i + 1}`, ['database']));
    const settings = { ...DEFAULT_KNOWLEDGE_BASE, patterns: { ...DEFAULT_KNOWLEDGE_BASE.patterns, ignoreTags: ['database'] } };
    expect(findPatterns(buildKnowledgeBase(entries))).toHaveLength(1);
    expect(findPatterns(buildKnowledgeBase(entries, settings))).toEqual([]);
  });

  it('speak English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });
});
