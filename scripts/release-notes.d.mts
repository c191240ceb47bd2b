/** The notes of one version's section of a Keep a Changelog file; undefined when it has none. */
export function releaseNotes(changelog: string, version: string): string | undefined;
