import type { Pattern } from '../kb/patterns.js';

/**
 * What a rule may ask of the knowledge base. Rules see these questions, not
 * the index itself, so the cache can remember which questions a file asked
 * and re-lint it only when one of the answers changed.
 */
export interface KnowledgeQueries {
  /** Paths of the files that carry an incident id (more than one is a duplicate). */
  holders(id: string): string[];
  /** Whether any file of the knowledge base carries this incident id. */
  knows(id: string): boolean;
  /** The recurring pattern an incident is part of, if any. */
  patternOf(id: string): Pattern | undefined;
}

export type QuestionKind = keyof KnowledgeQueries;

/** A question a file asked, with its answer as JSON: enough to tell later whether the answer changed. */
export type AskedQuestion = [kind: QuestionKind, argument: string, answer: string];
