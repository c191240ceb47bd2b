import { writtenBy, type Issue } from '../github/port.js';
import { itemKey, parseMetadata } from '../tracked/marker.js';
import type { DocumentReport } from './documents.js';

/**
 * Once action items are issues, the issue's state says whether an earlier
 * incident's item is done; the document's Status column is the fallback.
 * An item whose issue is closed is dropped, an open one gets the issue's url.
 * Only the tool's issues count: anyone can open one with a copied marker.
 * Pure: returns new reports, the given ones are left as they are.
 */
export function withIssueStates(documents: readonly DocumentReport[], issues: readonly Issue[], toolLogin: string): DocumentReport[] {
  const byKey = new Map(
    issues.flatMap((issue) => {
      const metadata = writtenBy(issue.author, toolLogin) ? parseMetadata(issue.body) : undefined;
      return metadata ? [[itemKey(metadata.incident, metadata.item), issue] as const] : [];
    }),
  );
  return documents.map((document) => {
    if (!document.pattern) return document;
    const openActionItems = document.pattern.openActionItems.flatMap((item) => {
      const issue = item.id ? byKey.get(itemKey(item.incident, item.id)) : undefined;
      if (!issue) return [item];
      return issue.state === 'open' ? [{ ...item, url: issue.url }] : [];
    });
    return { ...document, pattern: { ...document.pattern, openActionItems } };
  });
}
