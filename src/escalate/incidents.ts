import type { KnowledgeBase } from '../kb/index.js';
import { findPatterns } from '../kb/patterns.js';
import type { IncidentInfo } from './plan.js';

/** For each incident: its postmortem, its authors (the fallback contacts) and the newer incidents it recurred in, with theirs. */
export function incidentInfo(knowledgeBase: KnowledgeBase): Map<string, IncidentInfo> {
  const info = new Map<string, IncidentInfo>();
  for (const incident of knowledgeBase.incidents) {
    info.set(incident.id, { title: incident.meta.title ?? '', date: incident.meta.date ?? '', authors: incident.meta.authors ?? [], file: incident.path, recurredIn: [] });
  }
  const recur = (olderId: string, newerId: string) => {
    const older = knowledgeBase.incidentById.get(olderId);
    const newer = knowledgeBase.incidentById.get(newerId);
    const entry = info.get(olderId);
    if (!older || !newer || !entry || olderId === newerId || (older.day ?? 0) >= (newer.day ?? 0)) return;
    if (!entry.recurredIn.some((known) => known.id === newerId)) entry.recurredIn.push({ id: newerId, date: newer.meta.date ?? '', title: newer.meta.title ?? '', file: newer.path });
  };
  for (const newer of knowledgeBase.incidents) for (const id of newer.related) recur(id, newer.id);
  // Patterns once for the whole knowledge base, not once per incident.
  for (const pattern of findPatterns(knowledgeBase)) {
    pattern.incidents.forEach((olderId, index) => pattern.incidents.slice(index + 1).forEach((newerId) => recur(olderId, newerId)));
  }
  return info;
}
