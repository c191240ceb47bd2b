// (The seeded generator below is also the tests' one: test/support/random.ts re-exports it.)
// A deterministic knowledge base of realistic postmortems in our format: sizes,
// sections, tables, tags with a long-tail (Zipf) distribution, dates over ten
// years, and some defects. `node bench/generate.mjs <dir> <count>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'database cache queue network dns tls certificate deploy rollout config kafka redis postgres mysql kubernetes node pod ingress gateway api auth login payment checkout search index storage disk memory cpu latency timeout retry throttle backup restore migration schema replica failover region zone load balancer cdn edge worker cron scheduler webhook email sms push billing invoice report export import'.split(' ');
const VERBS = ['Add', 'Alert on', 'Document', 'Automate', 'Remove', 'Limit', 'Test', 'Rotate', 'Monitor', 'Split'];
const TYPES = ['detect', 'mitigate', 'prevent', 'process', 'repair'];
const CATEGORIES = ['people', 'process', 'technology', 'environment', 'external'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const EPOCH = Date.UTC(2015, 0, 1);

function zipfTag(next, tags) {
  // P(rank k) ∝ 1/k: a few tags everywhere, most rare.
  const total = tags.reduce((sum, _, k) => sum + 1 / (k + 1), 0);
  let u = next() * total;
  for (let k = 0; k < tags.length; k++) {
    u -= 1 / (k + 1);
    if (u <= 0) return tags[k];
  }
  return tags[tags.length - 1];
}

/**
 * The tag vocabulary grows with the knowledge base (one tag per 20 incidents,
 * at least 400): a few tags everywhere (`database`), a long tail of tags seen
 * a handful of times in ten years, which is where recurring patterns show.
 */
function tagPool(count, pick) {
  return Array.from({ length: Math.max(400, Math.round(count / 20)) }, (_, k) => (k < WORDS.length ? WORDS[k] : `${pick(WORDS)}-${pick(WORDS)}-${k}`));
}

export function generate(count, seed = 42) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const tags = tagPool(count, pick);
  const perDay = new Map();
  const documents = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor(next() * 3650);
    const date = new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);
    const n = (perDay.get(date) ?? 0) + 1;
    perDay.set(date, n);
    const id = `INC-${date.replace(/-/g, '')}-${String(n).padStart(4, '0')}`;
    const severity = pick(SEVERITIES);
    const subject = `${pick(WORDS)} ${pick(WORDS)}`;
    const docTags = [...new Set(Array.from({ length: 2 + Math.floor(next() * 4) }, () => zipfTag(next, tags)))];
    const defect = next() < 0.05;
    const hour = 8 + Math.floor(next() * 12);
    const time = (minutes) => `${String(hour + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const due = (days) => new Date(EPOCH + (day + days) * 86_400_000).toISOString().slice(0, 10);
    const items = Array.from({ length: 3 + Math.floor(next() * 5) }, (_, k) => {
      const priority = `P${1 + Math.floor(next() * 3)}`;
      const owner = defect && k === 0 ? 'TBD' : `@team-${pick(WORDS)}`;
      return `| AI-${String(k + 1).padStart(3, '0')} | ${pick(TYPES)} | ${pick(VERBS)} ${pick(WORDS)} ${pick(WORDS)} checks for the ${subject} path | ${owner} | ${priority} | ${due(5 + k * 3)} |`;
    });
    const text = `---
id: ${id}
title: ${subject[0].toUpperCase()}${subject.slice(1)} outage
date: ${date}
severity: ${severity}
status: published
authors: ["@oncall-${pick(WORDS)}"]
tags: [${docTags.join(', ')}]
services: [${pick(WORDS)}-service]
---

# Postmortem: ${subject} outage

## Summary

For ${20 + Math.floor(next() * 100)} minutes the ${subject} path failed for part of the traffic after a ${pick(WORDS)} change. ${'The team restored service by rolling back and added checks. '.repeat(2)}

### Impact

- ${Math.floor(next() * 1000)} users affected
- ${Math.floor(next() * 5000)} requests failed

## Timeline

| Time (UTC) | Event | Significance |
|------------|-------|--------------|
| ${time(0)} | ${pick(WORDS)} change reaches production | First sign |
| ${time(5)} | Error-rate alert fires | Detection |
| ${time(9)} | Incident declared | Response initiated |
| ${time(25)} | Change rolled back | Mitigation applied |
| ${time(40)} | Error rate normal | Impact ends |

## Root Cause Analysis

The ${pick(WORDS)} configuration did not account for the ${pick(WORDS)} load.

1. **Why did requests fail?** → Because the ${pick(WORDS)} rejected them
2. **Why did it reject them?** → Because its limits were too low
3. **Why were the limits too low?** → Because they were set for last year's traffic
4. **Why were they not updated?** → Because nobody reviews them
5. **Why does nobody review them?** → Because they have no owner

### Contributing Factors

| Factor | Category | Preventable |
|--------|----------|-------------|
| Limits never reviewed | ${pick(CATEGORIES)} | ✓ |
| No alert on saturation | ${pick(CATEGORIES)} | ✓ |

## What Went Well

- The alert fired quickly

## What Went Poorly

- The rollback took ${10 + Math.floor(next() * 30)} minutes

## Where We Got Lucky

- Traffic was low

## Action Items

| ID | Type | Description | Owner | Priority | Due |
|----|------|-------------|-------|----------|-----|
${items.join('\n')}

## Lessons Learned

1. **Limits need owners** - Or they rot.
2. **Alert on saturation** - Before it fails.

## Metrics

| Metric | Value |
|--------|-------|
| Time to Detect | 5 min |
| Time to Mitigate | 25 min |
| Time to Resolve | 40 min |

## Decision Record

\`\`\`
date:${date}|context:Choosing the fix|decision:Raise and own the limits|rationale:They were too low|consequences:An owner per limit|status:accepted
\`\`\`
`;
    documents.push({ path: `postmortems/${date.slice(0, 4)}/${date}-${id.slice(-4)}-${subject.replace(/ /g, '-')}.md`, text });
  }
  return documents;
}

/** Only the frontmatter fields the index reads, for knowledge bases too large to write out (100,000 incidents). */
export function generateMetas(count, seed = 7) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const tags = tagPool(count, pick);
  const perDay = new Map();
  return Array.from({ length: count }, (_, i) => {
    const day = Math.floor(next() * 3650);
    const date = new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);
    const n = (perDay.get(date) ?? 0) + 1;
    perDay.set(date, n);
    const id = `INC-${date.replace(/-/g, '')}-${String(n).padStart(4, '0')}`;
    return { path: `postmortems/${id}.md`, meta: { id, date, title: `Incident ${i}`, tags: [...new Set(Array.from({ length: 2 + Math.floor(next() * 4) }, () => zipfTag(next, tags)))] } };
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [dir = 'bench/kb', count = '10000'] = process.argv.slice(2);
  for (const document of generate(Number(count))) {
    const path = join(dir, document.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, document.text);
  }
  console.log(`wrote ${count} postmortems under ${dir}`);
}
