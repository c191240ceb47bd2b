import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/kb/index.js';
import { queriesOf } from '../../src/lint/knowledge.js';
import { RULES } from '../../src/rules/index.js';
import { configWith, parse } from '../helpers.js';

/** 10 KB strings shaped to make backtracking regular expressions take quadratic or exponential time. */
const ATTACKS = {
  spaces: ' '.repeat(10_000),
  letters: 'a'.repeat(10_000),
  unicodeLetters: 'é'.repeat(5_000),
  handles: '@a'.repeat(5_000),
  possessive: "a's".repeat(3_333),
  angles: '<'.repeat(10_000),
  angleWords: '<a '.repeat(3_333),
  digits: '1'.repeat(10_000),
  colons: ':'.repeat(10_000),
  whyChain: 'why '.repeat(2_500),
  emphasis: '*a'.repeat(5_000),
  dashes: '-'.repeat(10_000),
  durations: '1 m '.repeat(2_500),
  times: '12:'.repeat(3_333),
  ids: 'INC-1'.repeat(2_000),
  comments: '<!--'.repeat(2_500),
  pipes: '\\|'.repeat(5_000),
};

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
  for (const [name, attack] of Object.entries(ATTACKS)) {
    it(`stays under 100 ms per rule on ${name}`, () => {
      const file = parse(documentWith(attack), config);
      const doc = file.postmortem!;
      const knowledgeBase = buildKnowledgeBase([{ path: 'test.md', meta: doc.meta }]);
      const slow: string[] = [];
      for (const rule of RULES) {
        const started = performance.now();
        rule.check(doc, () => undefined, { options: config.rules[rule.meta.id]!.options, config, knowledge: queriesOf(knowledgeBase) });
        const elapsed = performance.now() - started;
        if (elapsed > 100) slow.push(`${rule.meta.id}: ${elapsed.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
    });
  }
});
