/** An incident another one links to, or is linked from, as an issue body shows it. */
export interface LinkedIncident {
  id: string;
  title: string;
  date: string;
  /** Its postmortem's path, for the link. */
  file: string;
}

/** An action item as the sync reads it from its postmortem: apart from the planner, so that rendering it needs no planner. */
export interface SyncItem {
  incident: string;
  item: string;
  description: string;
  owner: string;
  due: string;
  priority: string;
  type: string;
  severity: string;
  file: string;
  incidentTitle: string;
  incidentDate: string;
  /** The ids the postmortem's `related:` names, as written. */
  related: string[];
  /** Whether the document's Status column already closes the item (done, won't do): no issue is opened for it. */
  closedInDocument: boolean;
  /** The line of the item's row in its postmortem, for the permalink. */
  line?: number | undefined;
  /** The first paragraph of the postmortem's Summary (capped), the context of the issue. */
  summary?: string | undefined;
  /** The first paragraph of its Root Cause Analysis (capped). */
  rootCause?: string | undefined;
  /** The incidents `related:` names that the knowledge base holds: linked to their postmortems. */
  relatedIncidents?: readonly LinkedIncident[] | undefined;
  /** The incidents whose `related:` names this one (mostly later ones: it happened again), oldest first. */
  linkedFrom?: readonly LinkedIncident[] | undefined;
}

/** A postmortem as the sync sees it: its items, and whether they become issues yet. */
export interface SyncDocument {
  incident: string;
  status: string;
  items: SyncItem[];
  /** Items that cannot be tracked (no ID), for the plan's notes. */
  untracked: number;
  /** The incident's date (YYYY-MM-DD), for `sync.since`; none or not a date: the postmortem counts as after it. */
  date?: string | undefined;
}
