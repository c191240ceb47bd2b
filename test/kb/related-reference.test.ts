import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../../src/kb/index.js';
import { patternOf } from '../../src/kb/patterns.js';
import { findRelated } from '../../src/kb/related.js';
import { random } from '../support/random.js';

const EPOCH = Date.UTC(2020, 0, 1);
const isoDay = (day: number) => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);

/**
 * The definition, the slow way: score every other incident by the weights
 * (ln(1 + N / carriers)) of the tags it shares, half that for services, plus
 * a link in either direction; keep positive scores, best first, more recent
 * first on a tie, then by id; the first `limit` of them, and the other
 * incidents of the subject's pattern wherever they rank. `comparisons` is how
 * many incidents share anything at all with the subject.
 */
function referenceRelated(kb: KnowledgeBase, id: string, limit: number) {
  const subject = kb.incidentById.get(id)!;
  const total = kb.incidents.length;
  const tagWeight = (tag: string) => Math.log1p(total / kb.byTag.get(tag)!.length);
  const serviceWeight = (service: string) => 0.5 * Math.log1p(total / kb.byService.get(service)!.length);
  const results = [];
  let comparisons = 0;
  for (const other of kb.incidents) {
    if (other === subject) continue;
    const sharedTags = subject.tags.filter((tag) => other.tags.includes(tag));
    const sharedServices = other.services.filter((service) => subject.services.includes(service));
    const linked = subject.related.includes(other.id) || other.related.includes(subject.id);
    if (sharedTags.length > 0 || sharedServices.length > 0 || linked) comparisons++;
    const score =
      sharedTags.reduce((sum, tag) => sum + tagWeight(tag), 0) +
      sharedServices.reduce((sum, service) => sum + serviceWeight(service), 0) +
      (linked ? Math.log(Math.max(total, 2)) + 1 : 0);
    if (score <= 0) continue;
    sharedTags.sort((a, b) => tagWeight(b) - tagWeight(a) || a.localeCompare(b));
    results.push({ id: other.id, score, sharedTags, sharedServices, linked });
  }
  const day = (id: string) => kb.incidentById.get(id)!.day ?? -Infinity;
  results.sort((a, b) => b.score - a.score || day(b.id) - day(a.id) || a.id.localeCompare(b.id));
  const members = new Set(patternOf(kb, id)?.incidents ?? []);
  return { results: results.filter((result, rank) => rank < limit || members.has(result.id)), comparisons };
}

const summary = ({ results, comparisons }: ReturnType<typeof findRelated>) => ({
  results: results.map(({ incident, score, sharedTags, sharedServices, linked }) => ({ id: incident.id, score, sharedTags, sharedServices, linked })),
  comparisons,
});

/**
 * Random incidents: a tag on every incident now and then (lowest weight), services,
 * links (some dangling), few distinct dates so ties happen. Sparse: no tag on
 * every incident, and as many services as tags.
 */
function randomKnowledgeBase(seed: number, size: number, tagPool: number, sparse = false): KnowledgeBase {
  const next = random(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const everywhere = !sparse && next() < 0.3;
  const servicePool = sparse ? tagPool : 5;
  const entries: IndexEntry[] = [];
  for (let k = 0; k < size; k++) {
    const id = next() < 0.03 && k > 0 ? entries[int(0, k - 1)]!.meta.id! : `INC-${String(k).padStart(4, '0')}`;
    const tags = Array.from({ length: int(0, 4) }, () => `t${int(0, tagPool - 1)}`);
    if (everywhere) tags.push('production');
    const services = Array.from({ length: int(0, 3) }, () => `s${int(0, servicePool - 1)}`);
    const related = next() < 0.15 ? [next() < 0.8 ? `INC-${String(int(0, size - 1)).padStart(4, '0')}` : 'INC-gone'] : [];
    const date = next() < 0.1 ? undefined : isoDay(int(0, 20));
    entries.push({ path: `${k}.md`, meta: { id, title: id, tags, services, related, ...(date === undefined ? {} : { date }) } });
  }
  return buildKnowledgeBase(entries);
}

describe('findRelated against scoring every incident', () => {
  it('gives the same results, scores, shared tags and comparisons on random knowledge bases', () => {
    let checked = 0;
    let pastTheLimit = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const next = random(seed * 31);
      const kb = randomKnowledgeBase(seed, 1 + Math.floor(next() * 80), 1 + Math.floor(next() * 40));
      for (const subject of kb.incidents.filter((_, k) => k % 3 === 0)) {
        const limit = [0, 1, 3, 10, 100][Math.floor(next() * 5)]!;
        const expected = referenceRelated(kb, subject.id, limit);
        expect(summary(findRelated(kb, subject.id, limit)), `seed ${seed}, ${subject.id}, limit ${limit}`).toEqual(expected);
        checked++;
        if (expected.results.length > limit) pastTheLimit++;
      }
    }
    expect(checked).toBeGreaterThan(500);
    // Patterns do bring incidents past the limit in these cases.
    expect(pastTheLimit).toBeGreaterThan(10);
  });

  it('compares only the incidents that share something when tags are sparse', () => {
    const kb = randomKnowledgeBase(99, 600, 300, true);
    for (const subject of kb.incidents.slice(0, 50)) {
      const search = findRelated(kb, subject.id);
      expect(search.comparisons).toBe(referenceRelated(kb, subject.id, 10).comparisons);
      expect(search.comparisons).toBeLessThan(kb.incidents.length / 4);
    }
  });
});
