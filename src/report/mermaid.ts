/** Mermaid diagrams from document text: only characters that cannot break the diagram's syntax survive. */

export function mermaidText(text: string, max = 80): string {
  const clean = text
    .replace(/[:;#`"<>{}[\]|\\]/g, ' ')
    .replace(/[^\p{L}\p{N} .,'()/%+=&*∶-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export interface TimelineEntry {
  time: string;
  event: string;
}

/** A Mermaid `timeline` of an incident: one period per row, in the order written. */
export function formatTimelineDiagram(title: string, entries: readonly TimelineEntry[]): string {
  const lines = ['```mermaid', 'timeline', `    title ${mermaidText(title) || 'Timeline'}`];
  for (const entry of entries) {
    // A colon separates a period from its events: times show theirs as a ratio sign (23∶40).
    const time = mermaidText(entry.time.replace(/:/g, '∶'), 24) || '?';
    lines.push(`    ${time} : ${mermaidText(entry.event) || '-'}`);
  }
  lines.push('```');
  return lines.join('\n');
}
