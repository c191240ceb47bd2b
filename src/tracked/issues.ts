/** An issue or comment with one of the tool's markers that someone else wrote: never acted on, listed once in the run summary. */
export interface IgnoredIssue {
  number: number;
  url: string;
  /** The login that wrote it ("ghost" for a deleted account). */
  author: string;
}
