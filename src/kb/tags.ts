export { DEFAULT_KNOWLEDGE_BASE, normalizeSynonyms, normalizeTag, normalizeTags, type KnowledgeBaseSettings } from '../config/knowledge-base.js';
import { normalizeTag, type KnowledgeBaseSettings } from '../config/knowledge-base.js';

const TITLE_STOPWORDS = new Set(
  // Function words, and the words every incident title uses ("… causing outage").
  (
    'a an and are as at be been by due for from has have in into is it its of on or some the their this to was were with after before during all not no when while ' +
    'cause caused causes causing incident incidents issue issues outage outages postmortem problem problems'
  ).split(' '),
);

/** Words of a title that can act as tags: "All services returning 503 in Kubernetes" → services, returning, 503, kubernetes. */
export function titleWords(title: string): string[] {
  return title
    .toLowerCase()
    .split(/[^\p{L}\p{N}+]+/u)
    .filter((word) => word.length > 1 && !TITLE_STOPWORDS.has(word));
}

/** The values of a "Field: a, b" line (a list item or a plain line), e.g. "- Category: Kubernetes". */
export function fieldValues(text: string, field: string): string[] {
  const prefix = field.toLowerCase();
  const values: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/^\s*(?:[-*+]\s+)?(?:\*\*)?/, '');
    if (!trimmed.toLowerCase().startsWith(prefix)) continue;
    const rest = trimmed.slice(prefix.length).replace(/^(?:\*\*)?\s*:\s*(?:\*\*)?/, '');
    if (rest.length === trimmed.length - prefix.length) continue; // no colon: not the field
    values.push(...rest.split(/[,;]/).map((value) => value.trim()).filter(Boolean));
  }
  return values;
}

/** Tags a document carries outside its frontmatter, as configured. */
export function extraTagsOf(text: string, settings: KnowledgeBaseSettings): string[] {
  return settings.tags.fromField === undefined ? [] : fieldValues(text, settings.tags.fromField);
}
