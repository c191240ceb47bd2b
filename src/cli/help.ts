/** The help texts: `postmortem --help`, and `postmortem <command> --help` (or `postmortem help <command>`) for each command. */

const CONFIG = '  --config <file>            Use this config file instead of the nearest .postmortemrc.yml';
const HELP = '  -h, --help                 Show this help';

export const GENERAL_HELP = `Usage: postmortem <command> [options]

Commands:
  init [--existing GLOB]     Set a repository up: config, template, index, workflow, editor settings (never overwrites)
  lint [paths or globs...]   Lint postmortems (default: the configured globs)
  related <id-or-file>       Incidents most like this one, and the recurring pattern it is part of
  review <paths...>          The review the action comments on a pull request, as Markdown (offline)
  patterns                   Every recurring pattern in the knowledge base, largest first
  plan                       The GitHub issues a sync would open for action items (offline)
  overdue [--as-of DATE]     Action items past due or due soon, from the documents (offline)
  new --title T --severity S Write a draft postmortem from the template [--date D] [--tags a,b] [--id ID]
  draft --from-issue-json F  Write a draft postmortem from an incident run in a GitHub issue (or --from-issue N)
  site [--out DIR]           Build the knowledge base as a static, searchable site (default _site/) [--base-url /repo/]
  index [--check]            Write the knowledge base's front page (postmortems/README.md), or check it is current
  metrics [--since DATE]     Time to detect, acknowledge, mitigate, resolve; counts (--format text|json|csv)
  rules                      List every rule with its default severity and docs
  help [command]             Show this help, or a command's

Options:
${CONFIG}
  --format <name>            lint: stylish (default), json, github or sarif; others: text (default) or json
  --output <file>            lint: write the report to this file instead of stdout
  --quiet                    lint: errors only (warnings neither shown nor counted)
  --max-warnings <n>         lint: exit 1 when there are more than n warnings
  --baseline-write           lint: record today's findings in .postmortem-baseline.json; later lints report only new ones
  --baseline <file>          lint: the baseline file to read or write (default .postmortem-baseline.json at the config's root)
  --cache                    lint: reuse results of unchanged files (kept in .postmortem-cache)
  --cache-location <file>    lint: the cache file to use (implies --cache)
  --cache-strategy <name>    lint: metadata (default: size, times, inode) or content (hash every file)
  --concurrency <n>          lint: at most n worker threads (default: one per core; 1 = none)
  --limit <n>                related: how many incidents to list (default 10)
${HELP}
  -v, --version              Show the version

Run "postmortem <command> --help" for a command's options.
Colour: on a terminal; FORCE_COLOR=1 forces it, FORCE_COLOR=0 or NO_COLOR turns it off.
Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 usage, config or internal failure.
`;

const TEXT_OR_JSON = '  --format <name>            text (default) or json';

/** Each command's usage and options. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  lint: `Usage: postmortem lint [paths or globs...] [options]

Lint postmortems: the configured globs, or the files, directories and globs given
(a file named explicitly is linted even when the config ignores it).

Options:
${CONFIG}
  --format <name>            stylish (default), json (ESLint's shape), github (workflow annotations)
                             or sarif (SARIF 2.1.0, as the action's sarif-file)
  --output <file>            Write the report to this file instead of stdout (never in colour)
  --quiet                    Errors only: warnings are neither shown nor counted
  --max-warnings <n>         Exit 1 when there are more than n warnings (not counting suppressed ones)
  --baseline-write           Record the findings of today's documents in the baseline file, pruning
                             the ones that are gone (an unchanged baseline is not rewritten)
  --baseline <file>          The baseline file (default: .postmortem-baseline.json at the config's root);
                             when it exists, only findings not in it are reported
  --cache                    Reuse results of unchanged files (kept in .postmortem-cache)
  --cache-location <file>    The cache file to use (implies --cache)
  --cache-strategy <name>    How the cache tells a file unchanged: metadata (default; its size, times
                             and inode as recorded, else its content hash) or content (always the hash)
  --concurrency <n>          At most n worker threads (default: one per core; 1 = none)
${HELP}

Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings),
2 usage, config, baseline or internal failure.
`,
  related: `Usage: postmortem related <incident id or file> [options]

The incidents most like this one (shared tags and services, explicit links), and the
recurring pattern it is part of with the earlier incidents' open action items.

Options:
${CONFIG}
  --limit <n>                How many incidents to list (default 10; the pattern's are always listed)
${TEXT_OR_JSON}
${HELP}
`,
  review: `Usage: postmortem review <paths...> [options]

The review the action comments on a pull request that changes these postmortems, as
Markdown, offline: findings, related incidents, the recurring pattern, the issues the
sync will open on merge, the timeline. Findings recorded in the lint baseline are left out
and counted, as the action does.

Options:
${CONFIG}
  --baseline <file>          The lint baseline (default: .postmortem-baseline.json beside the config)
${HELP}

Exit codes: as for lint.
`,
  patterns: `Usage: postmortem patterns [options]

Every recurring pattern in the knowledge base, largest first.

Options:
${CONFIG}
${TEXT_OR_JSON}
${HELP}
`,
  plan: `Usage: postmortem plan [options]

The GitHub issues a sync would open for action items, offline.

Options:
${CONFIG}
${TEXT_OR_JSON}
${HELP}
`,
  overdue: `Usage: postmortem overdue [options]

Action items past their due date (with their level on the escalation ladder) or due
soon, from the documents alone.

Options:
${CONFIG}
  --as-of <YYYY-MM-DD>       The date that "today" means (default: today, UTC)
${TEXT_OR_JSON}
${HELP}
`,
  init: `Usage: postmortem init [options]

Set the repository up for postmortem-kb, at its root (the nearest folder holding .git):
.postmortemrc.yml (escalation.since: today, so items already overdue ping nobody),
postmortems/TEMPLATE.md, postmortems/README.md (the index), .github/workflows/postmortems.yml
(review, sync, escalate) and .vscode/settings.json. Nothing that exists is overwritten: each
file skipped is named.

Options:
  --existing <glob>          Postmortems already there (repeatable): their shape (sections, tables
                             or lists, frontmatter or not) picks the preset and aliases of the config,
                             and they are linted with it
  --date <YYYY-MM-DD>        The adoption date written as escalation.since (default: today, UTC)
${HELP}
`,
  new: `Usage: postmortem new --title <text> --severity <severity> [options]

Write a draft postmortem, <folder>/<date>-<slug>.md, from the repository's template
(or the bundled one). Never overwrites.

Options:
${CONFIG}
  --title <text>             What happened (required)
  --severity <severity>      One of the configured severities, such as SEV2 (required)
  --date <YYYY-MM-DD>        The incident's date (default: today, UTC)
  --tags <a,b>               Tags, comma-separated
  --id <id>                  The incident id (default: the next free id of the date)
${HELP}
`,
  draft: `Usage: postmortem draft (--from-issue-json <file> | --from-issue <number>) [options]

Write a draft postmortem, <folder>/<date>-<slug>.md, from an incident run in a GitHub
issue: the frontmatter (id, title, date, severity and tags from the labels, authors,
started_at, resolved_at, incident), the Summary and Impact from the issue's description,
a Responders list, a Timeline with one row per update (its Significance proposed from
its words, for you to confirm) and related incidents proposed by tags. Every other
section keeps the template's slots: "postmortem lint" lists what is left. Never
overwrites, and never drafts an incident that already has a postmortem (its
frontmatter's incident: URL). Prints the path; what the method's entry gates found
(not closed, no responders, long gaps without an update) goes to stderr.

Options:
${CONFIG}
  --from-issue-json <file>   The incident as "gh issue view N" exports it with the JSON fields
                             number,title,body,labels,assignees,author,comments,createdAt,closedAt,url
  --from-issue <number>      Read the incident from GitHub instead (its comments and events too); the
                             token is GITHUB_TOKEN, GH_TOKEN or "gh auth token"; GITHUB_API_URL for GHES
  --repo <owner/name>        With --from-issue: the repository (default: GITHUB_REPOSITORY or GH_REPO)
  --id <id>                  The incident id (default: the next free id of the incident's date)
${HELP}
`,
  site: `Usage: postmortem site [options]

Build the knowledge base as a static site: a home page with instant search and filters
(the state in the URL, ?q=pool&severity=SEV2), one page per incident (the postmortem
rendered and sanitised, its related incidents, its pattern, its action items and a fishbone
diagram of its contributing factors), the recurring patterns, the open action items by
owner, and insights (incidents per month, durations per quarter, causes by category).
Serve the folder with any static server: nothing is fetched from elsewhere. Prints the
home page's path.

Options:
${CONFIG}
  --out <dir>                The folder to write (default _site); files in it are overwritten
  --base-url <path>          Where the site is published, such as /my-repo/ on GitHub Pages (default /):
                             the 404 page's links are absolute; every other link is relative
  --as-of <YYYY-MM-DD>       The day action items are overdue on (default: today, UTC)
${HELP}
`,
  index: `Usage: postmortem index [options]

Write the knowledge base's front page (indexPath in the config, postmortems/README.md by
default), and the full list of incidents beside it (INCIDENTS.md) once there are more than
the front page's 100, or check that they are current.

Options:
${CONFIG}
  --check                    Write nothing; exit 1 when a page is stale
  --as-of <YYYY-MM-DD>       The day open action items are overdue on (default: the newest incident's date)
${HELP}
`,
  metrics: `Usage: postmortem metrics [options]

Time to detect, acknowledge, mitigate and resolve, per incident and in aggregate; counts
by severity, tag and service; action items by state.

Options:
${CONFIG}
  --since <YYYY-MM-DD>       Only incidents on or after this date
  --format <name>            text (default), json or csv
${HELP}
`,
  rules: `Usage: postmortem rules [options]

Every rule with its default severity and its documentation.

Options:
${TEXT_OR_JSON}
${HELP}
`,
  help: `Usage: postmortem help [command]

Show the general help, or a command's usage and options.
`,
};

/** A command's help, or undefined for a name that is no command. */
export function helpOf(command: string): string | undefined {
  return Object.hasOwn(COMMAND_HELP, command) ? COMMAND_HELP[command] : undefined;
}
