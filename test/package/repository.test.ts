import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { releaseNotes } from '../../scripts/release-notes.mjs';
import { REPO } from '../helpers.js';

const read = (path: string) => readFileSync(join(REPO, path), 'utf8');
type Workflow = { on: Record<string, unknown>; concurrency?: { 'cancel-in-progress'?: unknown }; jobs: Record<string, { permissions?: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }> };

describe('a releasable action', () => {
  it('action.yml: a description within the Marketplace’s 125 characters, branding, the node24 runtime', () => {
    const action = parse(read('action.yml')) as { description: string; branding: { icon: string; color: string }; runs: { using: string } };
    expect(action.description.length).toBeLessThan(125);
    expect(action.branding).toEqual({ icon: 'book-open', color: 'orange' });
    expect(action.runs.using).toBe('node24');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4}/);
  });

  it('the changelog has the notes of the version package.json names, and the release notes script finds them', () => {
    const changelog = read('CHANGELOG.md');
    const { version } = JSON.parse(read('package.json')) as { version: string };
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(releaseNotes(changelog, version)).toMatch(/\S/);
    expect(releaseNotes(changelog, '99.0.0')).toBeUndefined();
    const sample = '# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2027-01-05\n\n### Added\n- `lint --quiet`.\n\n## [1.1.0] - 2026-12-20\n\n### Fixed\n- A thing.\n';
    expect(releaseNotes(sample, '1.2.0')).toBe('### Added\n- `lint --quiet`.');
    expect(releaseNotes(sample, '1.1.0')).toBe('### Fixed\n- A thing.');
    // 1.2.0 is not 1.2.00 nor 1x2x0.
    expect(releaseNotes(sample.replace('[1.2.0]', '[1x2x0]'), '1.2.0')).toBeUndefined();
  });

  it('the release workflow: on a version tag on main, checks the version and dist/ read-only, makes the release from the changelog, moves the major tag forward only', () => {
    const workflow = parse(read('.github/workflows/release.yml')) as Workflow & { jobs: Record<string, { needs?: string }> };
    expect(workflow.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    expect(workflow.concurrency?.['cancel-in-progress']).toBe(false);
    const { check, release } = workflow.jobs;
    // Installing and testing (install scripts, the test suite) never hold a write token.
    expect(check!.permissions).toEqual({ contents: 'read' });
    expect(release!.needs).toBe('check');
    expect(release!.permissions).toMatchObject({ contents: 'write' });
    const checks = check!.steps.map((step) => step.run ?? '').join('\n');
    for (const expected of [/package\.json'\)\.version/, /merge-base --is-ancestor "\$GITHUB_SHA" origin\/main/, /npm run build && test -z "\$\(git status --porcelain -- dist\/\)"/, /npm test/, /release-notes\.mjs/]) expect(checks).toMatch(expected);
    const runs = release!.steps.map((step) => step.run ?? '').join('\n');
    for (const expected of [/release-notes\.mjs "\$GITHUB_REF_NAME"/, /gh release create/, /--sort=-version:refname/, /git tag -f "\$major"/]) expect(runs).toMatch(expected);
    // The release is made before the major tag moves: a failed release moves nothing.
    expect(runs.indexOf('gh release create')).toBeLessThan(runs.indexOf('git tag -f'));
    expect(read('README.md')).toMatch(/uses: postmortem-kb\/postmortem-kb@v0\b/);
  });
});

describe('this repository’s own knowledge base is an example', () => {
  it('its workflow syncs and escalates as a dry run, with the least permissions, and never cancels a sync or an escalation', () => {
    const workflow = parse(read('.github/workflows/postmortems.yml')) as Workflow;
    for (const job of ['sync', 'escalate']) {
      expect(workflow.jobs[job]!.steps.find((step) => step.uses === './')?.with).toMatchObject({ 'dry-run': true });
      expect(workflow.jobs[job]!.permissions).toEqual({ contents: 'read', issues: 'read' });
    }
    expect(workflow.jobs.review!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', issues: 'read' });
    expect(workflow.concurrency?.['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it('its owners and authors are teams of a fictional organisation: nobody real is assigned or pinged', () => {
    const handles = readdirSync(join(REPO, 'postmortems'))
      .filter((name) => /^\d{4}-/.test(name))
      .flatMap((name) => read(`postmortems/${name}`).match(/@[A-Za-z0-9][\w/-]*/g) ?? []);
    expect(handles.length).toBeGreaterThan(20);
    expect(handles.filter((handle) => !handle.startsWith('@acme-example/'))).toEqual([]);
  });
});
