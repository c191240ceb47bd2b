import { beforeAll, describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/kb/index.js';
import { queriesOf } from '../../src/lint/knowledge.js';
import { RULES } from '../../src/rules/index.js';
import { configWith, GROWTH, LINEAR_BOUND, leastTimes, linearBound, parse } from '../helpers.js';

/**
 * Strings shaped to make backtracking regular expressions take quadratic or exponential time: a unit and how many
 * times it is repeated in the 10 KB attack. Each is also built at an eighth of that, to compare the times.
 */
const ATTACKS: Record<string, [unit: string, count: number]> = {
  spaces: [' ', 10_000],
  letters: ['a', 10_000],
  unicodeLetters: ['é', 5_000],
  handles: ['@a', 5_000],
  possessive: ["a's", 3_333],
  angles: ['<', 10_000],
  angleWords: ['<a ', 3_333],
  digits: ['1', 10_000],
  colons: [':', 10_000],
  whyChain: ['why ', 2_500],
  emphasis: ['*a', 5_000],
  dashes: ['-', 10_000],
  durations: ['1 m ', 2_500],
  times: ['12:', 3_333],
  ids: ['INC-1', 2_000],
  comments: ['<!--', 2_500],
  pipes: ['\\|', 5_000],
};

/** A rule's time under 1 ms on the small input counts as 1 ms: the large one may then take 30 ms. */
const FLOOR_MS = 1;

function documentWith(attack: string): string {
  const cell = attack.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return `---
id: INC-20240101-0001
title: "${attack.replace(/["\\]/g, '')}"
date: 2024-01-01
severity: SEV2
status: published
authors: ["@a"]
tags: [a]
confidence: 10
---

# ${attack}

**Duration**: ${attack}

## Summary

${attack}

## Timeline

| Time | Event | Significance |
|---|---|---|
| ${cell} | ${cell} | ${cell} |

## Root Cause Analysis

1. **Why ${attack}?** → Because ${attack}

### Root cause ${attack}

### Contributing Factors

- **${attack}**: ${attack}

| Factor | Category | Preventable |
|---|---|---|
| ${cell} | ${cell} | ${cell} |

## Action Items

| ID | Type | Description | Owner | Priority | Due |
|---|---|---|---|---|---|
| ${cell} | ${cell} | ${cell} | ${cell} | ${cell} | ${cell} |

## Lessons Learned

- ${attack}

## Metrics

| Metric | Value |
|---|---|
| Time to Detect | ${cell} |

## Decision Record

${attack}
`;
}

describe('every rule on adversarial input', () => {
  const config = configWith();

  function prepare(attack: string): (rule: (typeof RULES)[number]) => void {
    const doc = parse(documentWith(attack), config).postmortem!;
    const knowledgeBase = buildKnowledgeBase([{ path: 'test.md', meta: doc.meta }]);
    // A copy of the document each time: the rules share walks of it cached per document, and each run must pay its own.
    return (rule) => rule.check({ ...doc }, () => undefined, { options: config.rules[rule.meta.id]!.options, format: config.format, knowledge: queriesOf(knowledgeBase) });
  }

  beforeAll(() => {
    // One-off costs, such as compiling the frontmatter schema, are not what the comparison measures.
    const check = prepare('warm up');
    for (const rule of RULES) check(rule);
  });

  for (const [name, [unit, count]] of Object.entries(ATTACKS)) {
    it(`every rule stays linear on ${name}: ${GROWTH}× the input costs less than ${LINEAR_BOUND}× the time`, () => {
      const small = prepare(unit.repeat(Math.round(count / GROWTH)));
      const large = prepare(unit.repeat(count));
      const slow: string[] = [];
      for (const rule of RULES) {
        const times = leastTimes(() => small(rule), () => large(rule), 5);
        if (times.large >= linearBound(times, FLOOR_MS)) slow.push(`${rule.meta.id}: ${times.small.toFixed(2)} ms → ${times.large.toFixed(2)} ms`);
      }
      expect(slow).toEqual([]);
      // The timeout only catches a hang: micromark alone takes 7 to 15 s to parse the 10 KB pipes document on 2 cores.
    }, 120_000);
  }
});
