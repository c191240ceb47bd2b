import type { KnowledgeBase } from '../kb/index.js';

/** A file name's words from a title: lower case ASCII, dashes, at most 60 characters. */
export function slugOf(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      // A trailing run starts after a non-dash: retried from each dash of a run, `-+$` is quadratic.
      .replace(/^-+|(?<!-)-+$/g, '')
      .slice(0, 60)
      .replace(/(?<!-)-+$/, '') || 'incident'
  );
}

/** The folder `new` writes drafts to and reads the repository's TEMPLATE.md from: the fixed part of the first glob. */
export function folderOf(glob: string): string {
  const parts = glob.split('/');
  const fixed = parts.slice(0, parts.findIndex((part) => /[*?[{]/.test(part)));
  return fixed.join('/') || '.';
}

/** INC-YYYYMMDD-NNNN, one more than the highest id of that day in the knowledge base (and among `alsoTaken`). */
export function nextFreeId(knowledgeBase: KnowledgeBase, date: string, alsoTaken: ReadonlySet<string> = new Set()): string {
  const prefix = `INC-${date.replace(/-/g, '')}-`;
  const taken = [...knowledgeBase.incidents.map((incident) => incident.id), ...alsoTaken].filter((id) => id.startsWith(prefix)).map((id) => Number(id.slice(prefix.length)) || 0);
  return `${prefix}${String(Math.max(0, ...taken) + 1).padStart(4, '0')}`;
}
