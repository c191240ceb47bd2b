import { compiledPattern } from '../config/compiled-pattern.js';
import { dayNumber } from '../model/dates.js';
import type { PostmortemMeta } from '../model/postmortem.js';
import { DEFAULT_KNOWLEDGE_BASE, normalizeSynonyms, normalizeTags, titleWords, type KnowledgeBaseSettings } from './tags.js';

/** What the knowledge base knows of one postmortem: its frontmatter, never its parsed body. */
export interface IndexEntry {
  path: string;
  meta: PostmortemMeta;
  /** Tags found outside the frontmatter (a Category line), when so configured. */
  extraTags?: string[];
}

/** An entry with everything the searches need, normalised once. */
export interface Incident extends IndexEntry {
  id: string;
  /** Days since 1970-01-01; undefined when the date is missing or invalid. */
  day: number | undefined;
  tags: string[];
  services: string[];
  related: string[];
  /** Its place in `incidents`: searches keep per-incident scores in arrays by it. */
  ordinal: number;
}

export interface KnowledgeBase {
  entries: readonly IndexEntry[];
  settings: KnowledgeBaseSettings;
  /** Incident id → the entries that carry it (more than one is a duplicate). */
  byId: ReadonlyMap<string, readonly IndexEntry[]>;
  /** Incidents with an id, normalised, the first entry of each id. */
  incidents: readonly Incident[];
  incidentById: ReadonlyMap<string, Incident>;
  /** Inverted indexes: a tag or service → the incidents that carry it. */
  byTag: ReadonlyMap<string, readonly Incident[]>;
  byService: ReadonlyMap<string, readonly Incident[]>;
  /** Incident id → ids of the incidents whose `related:` names it. */
  linkedFrom: ReadonlyMap<string, ReadonlySet<string>>;
}

export function buildKnowledgeBase(entries: readonly IndexEntry[], settings: KnowledgeBaseSettings = DEFAULT_KNOWLEDGE_BASE): KnowledgeBase {
  const synonyms = normalizeSynonyms(settings.tags.synonyms);
  const byId = new Map<string, IndexEntry[]>();
  const incidents: Incident[] = [];
  const incidentById = new Map<string, Incident>();
  for (const entry of entries) {
    const id = entry.meta.id;
    if (id === undefined) continue;
    const holders = byId.get(id);
    if (holders) {
      holders.push(entry);
      continue;
    }
    byId.set(id, [entry]);
    const raw = [...(entry.meta.tags ?? []), ...(entry.extraTags ?? []), ...(settings.tags.fromTitle && entry.meta.title ? titleWords(entry.meta.title) : [])];
    const incident: Incident = {
      ...entry,
      id,
      day: entry.meta.date === undefined ? undefined : dayNumber(entry.meta.date),
      tags: normalizeTags(raw, synonyms),
      services: normalizeTags(entry.meta.services ?? [], {}),
      related: entry.meta.related ?? [],
      ordinal: incidents.length,
    };
    incidents.push(incident);
    incidentById.set(id, incident);
  }
  const byTag = invert(incidents, (incident) => incident.tags);
  const byService = invert(incidents, (incident) => incident.services);
  const linkedFrom = new Map<string, Set<string>>();
  for (const incident of incidents) {
    for (const target of incident.related) {
      let sources = linkedFrom.get(target);
      if (!sources) linkedFrom.set(target, (sources = new Set()));
      sources.add(incident.id);
    }
  }
  return { entries, settings, byId, incidents, incidentById, byTag, byService, linkedFrom };
}

function invert(incidents: readonly Incident[], keys: (incident: Incident) => readonly string[]): Map<string, Incident[]> {
  const index = new Map<string, Incident[]>();
  for (const incident of incidents) {
    for (const key of keys(incident)) {
      const list = index.get(key);
      if (list) list.push(incident);
      else index.set(key, [incident]);
    }
  }
  return index;
}

/** A regular expression that finds ids in prose, from the configured (usually anchored) id pattern. */
export function idMentionPattern(idPattern: string): RegExp {
  const body = idPattern.replace(/^\^/, '').replace(/\$$/, '');
  // Compiled once per pattern, not per document; `matchAll` leaves the shared instance as it was.
  return compiledPattern(`(?<![\\w-])(?:${body})(?![\\w-])`, 'gu');
}
