import type { Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { KnowledgeBase } from '../kb/index.js';
import type { Postmortem, SectionKey } from '../model/postmortem.js';
import { capText } from '../report/inert.js';
import type { LinkedIncident } from './item.js';

/** What an issue keeps of a paragraph before rendering caps it further: a Summary may be a page long. */
const PARAGRAPH_LIMIT = 2_000;

/**
 * The first paragraph of a section of the method, as plain text: the first
 * Summary or Root Cause Analysis the document has, where its first
 * paragraph may sit under a subheading ("### Primary Root Cause") but not in
 * a nested section of another kind (Contributing Factors). Lists and tables
 * are not paragraphs: a 5-Whys chain is never taken for the root cause.
 */
export function firstParagraph(doc: Postmortem, key: SectionKey): string | undefined {
  const section = doc.sections.find((candidate) => candidate.key === key);
  if (!section) return undefined;
  const start = section.heading.line;
  const others = doc.sections.filter((other) => other !== section && other.heading.line > start && other.heading.line <= section.endLine && other.key !== undefined && other.key !== key);
  const inOther = (line: number) => others.some((other) => line >= other.heading.line && line <= other.endLine);
  // A bold label that stands for a heading ("**Summary:** …") opens its paragraph: the label is no part of the text.
  const labels = new Set(doc.headings.filter((heading) => heading.label).map((heading) => heading.span.line));
  for (const node of doc.root.children) {
    const line = node.position?.start.line;
    if (line === undefined || line < start) continue;
    if (line > section.endLine) break;
    if (node.type !== 'paragraph' || inOther(line)) continue;
    const text = paragraphText(node, labels.has(line));
    if (text !== '') return capText(text, PARAGRAPH_LIMIT);
  }
  return undefined;
}

/** A paragraph's text on one line, without the label that opens it when it has one. */
function paragraphText(node: Paragraph, labelled: boolean): string {
  const [first, ...rest] = node.children;
  const children = labelled && first?.type === 'strong' ? rest : node.children;
  const text = children.map((child) => toString(child)).join('').replace(/\s+/g, ' ').trim();
  return labelled ? text.replace(/^:\s*/, '') : text;
}

function linked(knowledgeBase: KnowledgeBase, id: string): LinkedIncident | undefined {
  const incident = knowledgeBase.incidentById.get(id);
  return incident && { id: capText(id, 100), title: capText(incident.meta.title ?? '', 200), date: capText(incident.meta.date ?? '', 32), file: incident.path };
}

/**
 * The incidents around one, both ways: those its `related:` names that the
 * knowledge base holds, and those whose `related:` names it (the later
 * incidents an earlier incident's issue should show: it happened again).
 */
export function linksOf(knowledgeBase: KnowledgeBase, id: string, related: readonly string[]): { relatedIncidents: LinkedIncident[]; linkedFrom: LinkedIncident[] } {
  const relatedIncidents = [...new Set(related)].flatMap((other) => (other === id ? [] : (linked(knowledgeBase, other) ?? [])));
  const linkedFrom = [...(knowledgeBase.linkedFrom.get(id) ?? [])]
    .flatMap((other) => (other === id ? [] : (linked(knowledgeBase, other) ?? [])))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return { relatedIncidents, linkedFrom };
}
