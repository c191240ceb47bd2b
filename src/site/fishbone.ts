import type { ContributingFactor } from '../model/postmortem.js';

/** The method's categories of contributing factors, in the order a fishbone's bones are drawn. */
export const CATEGORIES = ['people', 'process', 'technology', 'environment', 'external'] as const;

/** A factor's category, as the method names it; anything else is "other". */
export function categoryOf(factor: ContributingFactor): string {
  const text = (factor.category?.text ?? '').trim().toLowerCase();
  return CATEGORIES.find((category) => text === category || text.startsWith(`${category} `) || text.startsWith(`${category},`)) ?? 'other';
}

/** The factors by category, categories in the method's order, each factor's words once. */
export function factorsByCategory(factors: readonly ContributingFactor[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const factor of factors) {
    const words = (factor.factor.text ?? '').replace(/\s+/g, ' ').trim();
    if (words === '') continue;
    const category = categoryOf(factor);
    const list = groups.get(category) ?? [];
    if (!list.includes(words)) list.push(words);
    groups.set(category, list);
  }
  return [...CATEGORIES, 'other'].filter((category) => groups.has(category)).map((category) => [category, groups.get(category)!]);
}

/**
 * A label in Mermaid's diagram text: one line, the characters its syntax reads (`#`, `&`, `<`, `>`, `%`, `;`, `"`)
 * as its `#code;` entities, never a word its parser takes for the diagram's keyword. Mermaid shows labels as text.
 */
export function mermaidLabel(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const capped = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return capped.replace(/[#&<>%;"]/g, (character) => `#${character.charCodeAt(0)};`).replace(/^ishikawa/i, (word) => `#${word.charCodeAt(0)};${word.slice(1)}`) || '(untitled)';
}

/** Mermaid's Ishikawa diagram of an incident: the incident at the head, a bone per category, its factors on it. */
export function fishboneDiagram(title: string, factors: readonly ContributingFactor[]): string | undefined {
  const groups = factorsByCategory(factors);
  if (groups.length === 0) return undefined;
  const lines = ['ishikawa-beta', `    ${mermaidLabel(title, 60)}`];
  for (const [category, list] of groups) {
    lines.push(`    ${mermaidLabel(category[0]!.toUpperCase() + category.slice(1))}`);
    for (const factor of list.slice(0, 12)) lines.push(`        ${mermaidLabel(factor)}`);
  }
  return lines.join('\n');
}
