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
  related: string[];
  /** Whether the document's Status column already closes the item (done, won't do): no issue is opened for it. */
  closedInDocument: boolean;
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
