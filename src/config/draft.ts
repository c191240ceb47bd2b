/**
 * `postmortem draft`'s settings (`draft:` in the config): how an incident tracked in a GitHub issue becomes a
 * draft postmortem. Words, never patterns: the config is written by people, and a keyword list cannot stall a run.
 */
export interface DraftSettings {
  /** The label that marks an incident issue (the action's draft mode acts only on issues that carry it). */
  label: string;
  /** A label (compared as written, ignoring case, spaces, `-`, `_` and `:`) → a severity of the format. Merged over the defaults. */
  severityLabels: Record<string, string>;
  /** A stretch without an update longer than this, in minutes, is pointed out to the author. */
  maxGapMinutes: number;
  /** The most Timeline rows taken from the incident's updates; the rest are counted in a note under the table. */
  maxTimelineRows: number;
  /**
   * Words that propose a row's Significance, per milestone. Empty: the words the timeline rule itself reads
   * (the same that mark milestones in a lint). Matched as whole words, ignoring case.
   */
  keywords: { detection: string[]; mitigation: string[]; impactEnds: string[] };
  /** Logins that are no responders or authors: bots gh's export does not mark as bots (an alerting integration's account). */
  ignoreLogins: string[];
}

/** Labels teams use for severities: `sev2`, `SEV-2`, `Sev 2`, `severity: high`, `P1`. */
const SEVERITY_WORDS: Record<string, number> = { critical: 1, high: 2, medium: 3, moderate: 3, low: 4, minor: 4 };

/** The severity labels understood without configuration, for a format whose severities are SEV1..SEVn. */
export function defaultSeverityLabels(severities: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  severities.forEach((severity, index) => {
    const level = index + 1;
    labels[labelKey(severity)] = severity;
    for (const prefix of ['sev', 'severity', 'severity-sev']) labels[labelKey(`${prefix}${level}`)] = severity;
  });
  for (const [word, level] of Object.entries(SEVERITY_WORDS)) {
    const severity = severities[Math.min(level, severities.length) - 1];
    if (severity !== undefined) labels[labelKey(`severity ${word}`)] = severity;
  }
  return labels;
}

/** A label as severity labels are compared: lower case, without spaces, `-`, `_`, `:` and `/`. */
export function labelKey(label: string): string {
  return label.toLowerCase().replace(/[\s\-_:/]+/g, '');
}

export const DEFAULT_DRAFT: DraftSettings = {
  label: 'incident',
  severityLabels: {},
  maxGapMinutes: 60,
  maxTimelineRows: 200,
  keywords: { detection: [], mitigation: [], impactEnds: [] },
  ignoreLogins: [],
};
