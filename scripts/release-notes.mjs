// Prints the CHANGELOG.md section of one version (`node scripts/release-notes.mjs 1.2.3`), for the release
// workflow's notes; exits 1, naming what is missing, when the changelog has no such section.
import { readFileSync } from 'node:fs';

export function releaseNotes(changelog, version) {
  const lines = changelog.replace(/\r\n?/g, '\n').split('\n');
  const heading = new RegExp(`^## \\[${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\](?: - \\d{4}-\\d{2}-\\d{2})?\\s*$`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n').trim();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const version = (process.argv[2] ?? '').replace(/^v/, '');
  const notes = releaseNotes(readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8'), version);
  if (!notes) {
    process.stderr.write(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD" with notes: add one before tagging v${version}\n`);
    process.exit(1);
  }
  process.stdout.write(`${notes}\n`);
}
