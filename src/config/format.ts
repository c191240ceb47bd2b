import type { ActionItemField, SectionKey } from '../model/postmortem.js';
import type { DefaultableKey } from './meta-keys.js';

/** How documents are written: section names, table columns, identifiers. */
export interface FormatSettings {
  /** Regular expression an incident id must match. */
  idPattern: string;
  /** A human example of an id, used in messages. */
  idExample: string;
  severities: string[];
  /** Files larger than this many bytes are not parsed. */
  maxFileSize: number;
  /** A file whose reading and checking takes longer than this is reported as unreadable and skipped: no document may stall a run. */
  maxReadSeconds: number;
  /** `optional` for knowledge bases whose documents carry no frontmatter (their id and title come from the file name). `frontmatter: {required: false}` in a config file is `optional`. */
  frontmatter: 'required' | 'optional';
  /**
   * A regular expression over the file name with named groups `id`, `title`
   * and `date`: where a document's frontmatter (or lack of one) gives none of them, they come from its name.
   */
  fileNamePattern: string | undefined;
  /** Where a document has no frontmatter date, the first YYYY-MM-DD of its text stands in. */
  dateFromBody: boolean;
  /** Another tool's frontmatter keys, each read as a key of the format: `start_time` → `started_at`. */
  frontmatterKeys: Record<string, string>;
  /** `allow`: frontmatter keys the format does not know are not reported (another tool's frontmatter). */
  extraKeys: 'allow' | 'report';
  /** Values for documents whose frontmatter (or lack of one) and body give none: `severity: SEV3`. */
  defaults: Partial<Record<DefaultableKey, string>>;
  /** Heading texts (matched case-insensitively) that name each section, the canonical title first. */
  sections: Record<SectionKey, string[]>;
  columns: ColumnAliases;
}

export type TimelineField = 'time' | 'event' | 'significance';
export type FactorField = 'factor' | 'category' | 'preventable';
export type MetricField = 'name' | 'value';
export type WhyField = 'question' | 'answer';

export interface ColumnAliases {
  actionItems: Record<ActionItemField, string[]>;
  timeline: Record<TimelineField, string[]>;
  contributingFactors: Record<FactorField, string[]>;
  metrics: Record<MetricField, string[]>;
  whys: Record<WhyField, string[]>;
}

export const DEFAULT_FORMAT: FormatSettings = {
  idPattern: '^INC-\\d{8}-\\d{4}$',
  idExample: 'INC-20240115-0042',
  severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
  maxFileSize: 1024 * 1024,
  maxReadSeconds: 10,
  frontmatter: 'required',
  fileNamePattern: undefined,
  dateFromBody: false,
  frontmatterKeys: {},
  extraKeys: 'report',
  defaults: {},
  sections: {
    summary: ['Summary', 'Executive Summary', 'Incident Summary', 'Overview', 'TL;DR'],
    impact: ['Impact', 'Customer Impact', 'User Impact'],
    timeline: ['Timeline', 'Incident Timeline', 'Timeline of Events', 'Sequence of Events', 'Chronology'],
    'root-cause-analysis': ['Root Cause Analysis', 'Root Cause', 'Root Causes', 'Causes'],
    'contributing-factors': ['Contributing Factors', 'Contributing Causes'],
    'what-went-well': ['What Went Well', 'What Went Right', 'Things That Went Well', 'What Worked', 'What Worked Well'],
    'what-went-poorly': ['What Went Poorly', 'What Went Wrong', 'What Went Badly', 'What Could Have Gone Better', 'What Could Have Gone Well', "What Didn't Go Well", 'What Could Be Improved', 'What Can Be Improved', "What Didn't Go So Well", 'Things That Went Wrong', 'Areas for Improvement', 'Opportunities for Improvement'],
    'where-we-got-lucky': ['Where We Got Lucky'],
    'action-items': ['Action Items', 'Follow-up Actions', 'Follow-ups', 'Followups', 'Follow-up Items', 'Corrective Actions', 'Corrective and Preventative Measures', 'Corrective and Preventive Measures', 'Remediation Items', 'Action Plan'],
    'lessons-learned': ['Lessons Learned', 'Lessons', 'Key Learnings', 'Learnings', 'Key Takeaways', 'Takeaways'],
    metrics: ['Metrics', 'Key Metrics'],
  },
  columns: {
    actionItems: {
      id: ['ID', '#'],
      type: ['Type', 'Kind'],
      description: ['Description', 'Action', 'Action Item', 'Task', 'Action Items', 'Item', 'Follow-up', 'Remediation'],
      owner: ['Owner', 'Owners', 'Assignee', 'Assigned To', 'DRI', 'Responsible'],
      priority: ['Priority', 'Prio'],
      due: ['Due', 'Due Date', 'Deadline', 'Due By', 'Target Date', 'ETA'],
      status: ['Status', 'State'],
    },
    timeline: {
      time: ['Time', 'Timestamp', 'When', 'Date', 'Date/Time', 'Date and Time', 'Time and Date'],
      event: ['Event', 'Description', 'What Happened'],
      significance: ['Significance', 'Milestone'],
    },
    contributingFactors: {
      factor: ['Factor', 'Contributing Factor', 'Description'],
      category: ['Category'],
      preventable: ['Preventable'],
    },
    metrics: {
      name: ['Metric', 'Measure'],
      value: ['Value'],
    },
    whys: {
      question: ['Why', 'Question'],
      answer: ['Because', 'Answer'],
    },
  },
};
