import type { ActionItemField, SectionKey } from '../model/postmortem.js';

/** How documents are written: section names, table columns, identifiers. */
export interface FormatSettings {
  /** Regular expression an incident id must match. */
  idPattern: string;
  /** A human example of an id, used in messages. */
  idExample: string;
  severities: string[];
  /** Files larger than this many bytes are not parsed. */
  maxFileSize: number;
  /** `optional` for knowledge bases whose documents carry no frontmatter (their id and title come from the file name). */
  frontmatter: 'required' | 'optional';
  /**
   * A regular expression over the file name with named groups `id`, `title`
   * and `date`: where a document has no frontmatter, these come from its name.
   */
  fileNamePattern: string | undefined;
  /** Where a document has no frontmatter date, the first YYYY-MM-DD of its text stands in. */
  dateFromBody: boolean;
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
  frontmatter: 'required',
  fileNamePattern: undefined,
  dateFromBody: false,
  sections: {
    summary: ['Summary', 'Executive Summary', 'Incident Summary', 'Overview'],
    impact: ['Impact', 'Customer Impact', 'User Impact'],
    timeline: ['Timeline', 'Incident Timeline'],
    'root-cause-analysis': ['Root Cause Analysis', 'Root Cause', 'Root Causes'],
    'contributing-factors': ['Contributing Factors'],
    'what-went-well': ['What Went Well'],
    'what-went-poorly': ['What Went Poorly', 'What Went Wrong'],
    'where-we-got-lucky': ['Where We Got Lucky'],
    'action-items': ['Action Items', 'Follow-up Actions'],
    'lessons-learned': ['Lessons Learned'],
    metrics: ['Metrics', 'Key Metrics'],
  },
  columns: {
    actionItems: {
      id: ['ID', '#'],
      type: ['Type', 'Kind'],
      description: ['Description', 'Action', 'Action Item', 'Task'],
      owner: ['Owner', 'Owners', 'Assignee'],
      priority: ['Priority'],
      due: ['Due', 'Due Date', 'Deadline'],
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
