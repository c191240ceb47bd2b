import type { KnowledgeBase } from '../kb/index.js';
import { patternOf } from '../kb/patterns.js';
import type { AskedQuestion, KnowledgeQueries, QuestionKind } from '../rules/knowledge.js';

export type { AskedQuestion, KnowledgeQueries, QuestionKind } from '../rules/knowledge.js';

export function answer(knowledgeBase: KnowledgeBase, kind: QuestionKind, argument: string): ReturnType<KnowledgeQueries[QuestionKind]> {
  switch (kind) {
    case 'holders':
      return (knowledgeBase.byId.get(argument) ?? []).map((entry) => entry.path);
    case 'knows':
      return knowledgeBase.byId.has(argument);
    case 'patternOf':
      return patternOf(knowledgeBase, argument);
  }
}

/**
 * The questions, answered from this knowledge base. Given `asked`, each
 * distinct question is also written down there with its answer, for the cache.
 */
export function queriesOf(knowledgeBase: KnowledgeBase, asked?: AskedQuestion[]): KnowledgeQueries {
  const seen = new Set<string>();
  const ask = <K extends QuestionKind>(kind: K, argument: string) => {
    const result = answer(knowledgeBase, kind, argument) as ReturnType<KnowledgeQueries[K]>;
    const key = `${kind}\u0000${argument}`;
    if (asked && !seen.has(key)) {
      seen.add(key);
      asked.push([kind, argument, JSON.stringify(result) ?? 'null']);
    }
    return result;
  };
  return {
    holders: (id) => ask('holders', id),
    knows: (id) => ask('knows', id),
    patternOf: (id) => ask('patternOf', id),
  };
}

/** Whether every question gets the same answer from this knowledge base as when it was asked. */
export function sameAnswers(knowledgeBase: KnowledgeBase, asked: readonly AskedQuestion[]): boolean {
  return asked.every(([kind, argument, recorded]) => (JSON.stringify(answer(knowledgeBase, kind, argument)) ?? 'null') === recorded);
}
