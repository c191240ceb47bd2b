import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it, vi } from 'vitest';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { FIXTURES, REPO } from '../helpers.js';

/** Counts frontmatter reads and body parses per file, as test/cli/virtual-fs.test.ts does: the baseline parses nothing again. */
const parses = vi.hoisted(() => ({ heads: new Map<string, number>(), bodies: new Map<string, number>() }));
vi.mock('../../src/parse/document.js', async (importOriginal) => (await import('../support/parse-counter.js')).countingParser(await importOriginal(), parses));

const { applyBaseline, BaselineError, DEFAULT_BASELINE_FILE } = await import('../../src/workspace/baseline.js');
const { lintWorkspace } = await import('../../src/workspace/lint.js');

const ROOT = '/pm-baseline-workspace';
const OWNERS = 'postmortems/2024/owners.md';

/** A volume with the repository's config, one clean postmortem and the owners fixture; its reads of files are counted. */
function volume(extra: Record<string, string> = {}) {
  const files: Record<string, string> = {
    '.postmortemrc.yml': readFileSync(join(REPO, '.postmortemrc.yml'), 'utf8'),
    [OWNERS]: readFileSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), 'utf8'),
    ...extra,
  };
  const fs = createFsFromVolume(Volume.fromJSON(files, ROOT)) as unknown as WorkspaceFs;
  const reads = new Map<string, number>();
  const writes: string[] = [];
  const counted: WorkspaceFs = Object.assign(Object.create(fs) as WorkspaceFs, {
    readFileSync: (path: string) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return fs.readFileSync(path);
    },
    writeFileSync: (path: string, data: string, options?: { flag?: string }) => {
      writes.push(path);
      fs.writeFileSync(path, data, options);
    },
  });
  return { fs: counted, reads, writes };
}

describe('the baseline file (workspace/baseline.ts)', () => {
  it('is written and read through the workspace’s file system, at the config’s root, without parsing any file again', async () => {
    const { fs, writes } = volume();
    parses.heads.clear();
    parses.bodies.clear();
    const outcome = await lintWorkspace({ cwd: `${ROOT}/postmortems`, patterns: [], fs });
    const written = applyBaseline(outcome, { write: true, complete: true });
    expect(written.path).toBe(`${ROOT}/${DEFAULT_BASELINE_FILE}`);
    expect(written.shown).toBe(`../${DEFAULT_BASELINE_FILE}`);
    expect(written).toMatchObject({ suppressed: 6, used: true, written: { changed: true, findings: 6, files: 1 } });
    expect(writes).toEqual([expect.stringMatching(/\.postmortem-baseline\.json\.\d+\.tmp$/)]);
    // Named relative to the baseline's folder, whatever the working directory.
    const text = String(fs.readFileSync(written.path));
    expect(Object.keys((JSON.parse(text) as { files: object }).files)).toEqual([OWNERS]);
    expect([...parses.heads.values()].every((count) => count === 1)).toBe(true);
    expect([...parses.bodies.values()].every((count) => count === 1)).toBe(true);

    // Unchanged: not written again.
    const again = applyBaseline(outcome, { write: true, complete: true });
    expect(again.written).toEqual({ changed: false, findings: 6, files: 1 });
    expect(writes).toHaveLength(1);
    const read = applyBaseline(outcome, { complete: true });
    expect(read).toMatchObject({ suppressed: 6, used: true });
    expect(read.results.flatMap((result) => result.findings)).toEqual([]);
    expect(read.written).toBeUndefined();
  });

  it('takes a pull request’s lines from the files the lint kept parsed: nothing is read again', async () => {
    const { fs, reads } = volume();
    const full = await lintWorkspace({ cwd: ROOT, patterns: [], fs });
    applyBaseline(full, { write: true, complete: true });
    reads.clear();
    const pull = await lintWorkspace({ cwd: ROOT, patterns: [OWNERS], keepParsed: true, fs });
    const before = reads.get(`${ROOT}/${OWNERS}`);
    const outcome = applyBaseline(pull, { complete: false });
    expect(outcome.suppressed).toBe(6);
    expect(reads.get(`${ROOT}/${OWNERS}`)).toBe(before);
  });

  it('reads no file again when the baseline holds nothing of it, and none at all without a baseline', async () => {
    const { fs, reads } = volume();
    const outcome = await lintWorkspace({ cwd: ROOT, patterns: [], fs });
    reads.clear();
    expect(applyBaseline(outcome, { complete: true })).toMatchObject({ suppressed: 0, used: false, results: outcome.results });
    fs.writeFileSync(`${ROOT}/${DEFAULT_BASELINE_FILE}`, '{"files": {"other.md": {"placeholder": {"0011223344556677": 1}}}, "version": 1}\n');
    expect(applyBaseline(outcome, { complete: true })).toMatchObject({ suppressed: 0, used: true });
    expect([...reads.keys()]).toEqual([`${ROOT}/${DEFAULT_BASELINE_FILE}`]);
  });

  it('a damaged or missing named file is a BaselineError naming it', async () => {
    const { fs } = volume();
    const outcome = await lintWorkspace({ cwd: ROOT, patterns: [], fs });
    expect(() => applyBaseline(outcome, { file: 'ci/base.json', complete: true })).toThrow(new BaselineError('ci/base.json', 'baseline file not found: ci/base.json (write one with --baseline-write)'));
    fs.writeFileSync(`${ROOT}/${DEFAULT_BASELINE_FILE}`, 'null');
    expect(() => applyBaseline(outcome, { complete: true })).toThrow(/^the baseline \.postmortem-baseline\.json is damaged: it is not a JSON object/);
  });
});
