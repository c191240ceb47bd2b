import * as nodeFs from 'node:fs';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyOfKnowledgeBase, REPO } from '../helpers.js';
import { random } from '../support/random.js';

/** Counts the bodies parsed (one per file linted) by wrapping parseBody: the production code is not touched. */
const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/parse/document.js', async (importOriginal) => {
  const original = (await importOriginal()) as typeof import('../../src/parse/document.js');
  return {
    ...original,
    parseBody: (...args: Parameters<typeof original.parseBody>) => {
      parses.count += 1;
      return original.parseBody(...args);
    },
  };
});

/** Counts the cached files whose answers were checked against the run's index. */
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/lint/knowledge.js', async (importOriginal) => {
  const original = (await importOriginal()) as typeof import('../../src/lint/knowledge.js');
  return {
    ...original,
    sameAnswers: (...args: Parameters<typeof original.sameAnswers>) => {
      checks.count += 1;
      return original.sameAnswers(...args);
    },
  };
});

const { lintWorkspace } = await import('../../src/workspace/lint.js');

const INCIDENTS = readdirSync(join(REPO, 'postmortems')).filter((name) => /^\d{4}-.*\.md$/.test(name));

function workspace(): string {
  const root = copyOfKnowledgeBase('pm-cache-');
  return root;
}

async function lint(cwd: string, cacheFile?: string, patterns: string[] = []) {
  parses.count = 0;
  const outcome = await lintWorkspace({ cwd, patterns, cacheFile });
  return { results: outcome.results, parses: parses.count, reused: outcome.stats.reused };
}

const file = (cwd: string, name: string) => join(cwd, 'postmortems', name);

/**
 * Runs `body` with the clock an hour ahead: every file changed long enough ago for the cache to record its status
 * (see fingerprint.ts). Tests that look at whether the cache file was written again need it: with the real clock, a
 * lint 3 s after the files were copied records their status, and writes the cache, where the one before did not.
 */
async function clockAhead<T>(body: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 3_600_000);
  try {
    return await body();
  } finally {
    vi.useRealTimers();
  }
}
const edit = (cwd: string, name: string, change: (text: string) => string) => writeFileSync(file(cwd, name), change(readFileSync(file(cwd, name), 'utf8')));

describe('the lint cache (--cache)', () => {
  it('gives the results of a lint without cache, and parses nothing when nothing changed', () => clockAhead(async () => {
    const cwd = workspace();
    // A frontmatter the reader cannot read: its finding's sentence is the reader's, kept by the cache as it was.
    writeFileSync(file(cwd, '2024-03-01-unclosed.md'), '---\nid: INC-20240301-0001\ntitle: Unclosed\n\n# Unclosed\n');
    const fresh = await lint(cwd);
    const cold = await lint(cwd, '.postmortem-cache');
    expect(cold.results).toEqual(fresh.results);
    expect(cold.parses).toBe(INCIDENTS.length + 1);
    expect(fresh.results.find((result) => result.filePath.endsWith('unclosed.md'))!.findings.map((finding) => finding.ruleId)).toContain('frontmatter');
    expect(existsSync(join(cwd, '.postmortem-cache'))).toBe(true);
    // Written a file's entry at a time, it is still one compact JSON document with every file.
    const written = readFileSync(join(cwd, '.postmortem-cache'), 'utf8');
    expect(JSON.stringify(JSON.parse(written))).toBe(written);
    expect(Object.keys((JSON.parse(written) as { files: object }).files)).toHaveLength(INCIDENTS.length + 1);
    // A warm run with nothing to learn leaves the file alone (writing 25 MB again was a tenth of a warm lint).
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(cwd, '.postmortem-cache'), past, past);
    const warm = await lint(cwd, '.postmortem-cache');
    expect(warm.results).toEqual(fresh.results);
    expect(warm.parses).toBe(0);
    expect(warm.reused).toBe(INCIDENTS.length + 1);
    expect(statSync(join(cwd, '.postmortem-cache')).mtime).toEqual(past);
    // A deleted postmortem is forgotten: the cache is written again, without it.
    rmSync(file(cwd, INCIDENTS[0]!));
    await lint(cwd, '.postmortem-cache');
    const stored = JSON.parse(readFileSync(join(cwd, '.postmortem-cache'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(stored.files)).toHaveLength(INCIDENTS.length);
    expect(Object.keys(stored.files).some((path) => path.endsWith(INCIDENTS[0]!))).toBe(false);
  }));

  it('re-lints an edited file, and only it, when the knowledge base answers the others the same', async () => {
    const cwd = workspace();
    await lint(cwd, '.postmortem-cache');
    edit(cwd, '2024-01-15-api-gateway-connection-pool-exhaustion.md', (text) => text.replace('## Timeline', '## Timeline\n\nIt was human error.\n'));
    const warm = await lint(cwd, '.postmortem-cache');
    expect(warm.parses).toBe(1);
    expect(warm.results).toEqual((await lint(cwd)).results);
    expect(warm.results.find((result) => result.filePath.includes('connection-pool'))!.findings.map((finding) => finding.ruleId)).toContain('blameless-language');
  });

  it('re-lints the later files of a pattern when an incident joins it (they must now name it)', async () => {
    const cwd = workspace();
    const like = (id: string, date: string, tags: string) =>
      readFileSync(file(cwd, '2024-01-15-api-gateway-connection-pool-exhaustion.md'), 'utf8')
        .replace(/^id: .*$/m, `id: ${id}`)
        .replace(/^date: .*$/m, `date: ${date}`)
        .replace(/^tags: .*$/m, `tags: [${tags}]`);
    // Unrelated incidents first: their answers must not change when the N+1 incident joins.
    for (const day of [11, 12, 13, 14]) writeFileSync(file(cwd, `2023-11-${day}-other.md`), like(`INC-202311${day}-0001`, `2023-11-${day}`, `other-${day}`));
    const before = await lint(cwd, '.postmortem-cache');
    writeFileSync(file(cwd, '2023-11-01-joining.md'), like('INC-20231101-0001', '2023-11-01', 'n-plus-one, database, orm, performance'));
    const after = await lint(cwd, '.postmortem-cache');
    expect(after.results).toEqual((await lint(cwd)).results);
    const recurring = after.results.filter((result) => result.findings.some((finding) => finding.message.includes('INC-20231101-0001')));
    expect(recurring.map((result) => result.filePath)).toEqual([
      'postmortems/2023-12-01-organization-dashboard-n-plus-one-queries.md',
      'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md',
    ]);
    for (const changed of recurring) expect(changed).not.toEqual(before.results.find((result) => result.filePath === changed.filePath));
    // The new file and the two later n-plus-one incidents; not the earliest, nor the connection-pool one (`database`
    // is ignored by this knowledge base's configuration, so its answer did not change), nor the four unrelated.
    expect(after.parses).toBe(3);
  });

  it('after a lint of some files, the next full lint checks every answer again (that lint\'s index was not theirs)', async () => {
    const cwd = workspace();
    const like = readFileSync(file(cwd, '2024-01-15-api-gateway-connection-pool-exhaustion.md'), 'utf8')
      .replace(/^id: .*$/m, 'id: INC-20231101-0001')
      .replace(/^date: .*$/m, 'date: 2023-11-01')
      .replace(/^tags: .*$/m, 'tags: [n-plus-one, database, orm, performance]');
    await lint(cwd, '.postmortem-cache');
    // An incident joins the N+1 pattern, and only it is linted: the later incidents' cached results now answer wrong.
    writeFileSync(file(cwd, '2023-11-01-joining.md'), like);
    expect((await lint(cwd, '.postmortem-cache', ['postmortems/2023-11-01-joining.md'])).parses).toBe(1);
    const full = await lint(cwd, '.postmortem-cache');
    expect(full.results).toEqual((await lint(cwd)).results);
    expect(full.parses).toBe(2);
    // Now every entry was checked against one index: nothing to parse, and the index, when asked for, is the same.
    const settled = await lintWorkspace({ cwd, patterns: [], cacheFile: '.postmortem-cache' });
    expect(settled.stats.reused).toBe(INCIDENTS.length + 1);
    const uncached = await lintWorkspace({ cwd, patterns: [] });
    expect(settled.results).toEqual(uncached.results);
    expect(settled.knowledgeBase).toEqual(uncached.knowledgeBase);
  });

  it('notices a duplicate id and a deleted incident in files that did not change', async () => {
    const cwd = workspace();
    await lint(cwd, '.postmortem-cache');
    const copy = readFileSync(file(cwd, '2024-01-15-api-gateway-connection-pool-exhaustion.md'), 'utf8');
    writeFileSync(file(cwd, '2024-02-01-copy.md'), copy);
    const duplicated = await lint(cwd, '.postmortem-cache');
    expect(duplicated.results).toEqual((await lint(cwd)).results);
    expect(duplicated.results.filter((result) => result.findings.some((finding) => finding.messageId === 'duplicateId'))).toHaveLength(2);

    rmSync(file(cwd, '2024-02-01-copy.md'));
    rmSync(file(cwd, '2023-10-15-user-listing-n-plus-one-queries.md'));
    const deleted = await lint(cwd, '.postmortem-cache');
    expect(deleted.results).toEqual((await lint(cwd)).results);
    expect(deleted.results.flatMap((result) => result.findings.map((finding) => finding.messageId))).toContain('unknownRelated');
  });

  it('ignores a corrupt cache, or one written under another configuration, and replaces it', async () => {
    const cwd = workspace();
    const fresh = await lint(cwd);
    for (const corrupt of ['{"format": "postmortem-kb lint cache 1", "key": ', 'null', '[]', '{"files": {"x": 1}}']) {
      writeFileSync(join(cwd, '.postmortem-cache'), corrupt);
      const run = await lint(cwd, '.postmortem-cache');
      expect(run.results).toEqual(fresh.results);
      expect(run.parses).toBe(INCIDENTS.length);
    }
    writeFileSync(join(cwd, '.postmortemrc.yml'), 'rules:\n  timeline: off\n');
    const reconfigured = await lint(cwd, '.postmortem-cache');
    expect(reconfigured.parses).toBe(INCIDENTS.length);
    expect(reconfigured.results).toEqual((await lint(cwd)).results);
  });

  it('rebuilds a cache whose entries are valid JSON but not what it wrote', async () => {
    const cwd = workspace();
    const fresh = await lint(cwd);
    await lint(cwd, '.postmortem-cache');
    const stored = JSON.parse(readFileSync(join(cwd, '.postmortem-cache'), 'utf8')) as { files: Record<string, { entry: unknown; asked: unknown }> };
    const [first, second] = Object.keys(stored.files);
    stored.files[first!]!.entry = { path: first };
    stored.files[second!]!.asked = [['holders', 1]];
    writeFileSync(join(cwd, '.postmortem-cache'), JSON.stringify(stored));
    const run = await lint(cwd, '.postmortem-cache');
    expect(run.results).toEqual(fresh.results);
    expect(run.parses).toBe(2);
  });

  it('keeps the results when the cache cannot be saved, with a warning; makes its folder when missing', async () => {
    const cwd = workspace();
    const fresh = await lint(cwd);
    const blocked = await lintWorkspace({ cwd, patterns: [], cacheFile: 'postmortems' });
    expect(blocked.results).toEqual(fresh.results);
    expect(blocked.warnings).toEqual([expect.stringMatching(/^The lint cache .*postmortems could not be written: /)]);
    expect(readdirSync(cwd).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const nested = await lintWorkspace({ cwd, patterns: [], cacheFile: '.cache/postmortem/lint' });
    expect(nested.warnings).toEqual([]);
    expect((await lint(cwd, '.cache/postmortem/lint')).parses).toBe(0);
  });

  it('linting some files keeps what the cache knows of the others', () => clockAhead(async () => {
    const cwd = workspace();
    await lint(cwd, '.postmortem-cache');
    // A full lint that checked every file against its index: the next one, with every file as it was, checks no answer.
    checks.count = 0;
    expect((await lint(cwd, '.postmortem-cache')).parses).toBe(0);
    expect(checks.count).toBe(0);
    // A lint of one unchanged file learns nothing and leaves the cache file alone (a pre-commit hook's lint).
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(cwd, '.postmortem-cache'), past, past);
    await lint(cwd, '.postmortem-cache', [`postmortems/${INCIDENTS[0]}`]);
    expect(statSync(join(cwd, '.postmortem-cache')).mtime).toEqual(past);
    checks.count = 0;
    expect((await lint(cwd, '.postmortem-cache')).parses).toBe(0);
    expect(checks.count).toBe(0);
    // One that learns something (an edited file) leaves the next full lint to check every file's answers.
    edit(cwd, INCIDENTS[0]!, (text) => `${text}\nEdited.\n`);
    expect((await lint(cwd, '.postmortem-cache', [`postmortems/${INCIDENTS[0]}`])).parses).toBe(1);
    checks.count = 0;
    expect((await lint(cwd, '.postmortem-cache')).parses).toBe(0);
    expect(checks.count).toBe(INCIDENTS.length);
  }));

  it('always agrees with a lint without cache, over 40 random edits of the knowledge base', async () => {
    await randomEdits(20261127);
  });

  it('trusting files by their status, always agrees with a lint without cache over 40 random edits', async () => {
    // The clock an hour ahead: every file, edited or not, changed long enough ago for its status to be recorded.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000);
    try {
      await randomEdits(20261203);
    } finally {
      vi.useRealTimers();
    }
  });

  async function randomEdits(seed: number) {
    const cwd = workspace();
    const next = random(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const TAGS = ['n-plus-one', 'database', 'orm', 'pagination', 'capacity', 'connection-pool'];
    const edits: Record<string, () => void> = {
      retag: () => edit(cwd, pick(present()), (text) => text.replace(/^tags: .*$/m, `tags: [${TAGS.filter(() => next() < 0.5).join(', ')}]`)),
      redate: () => edit(cwd, pick(present()), (text) => text.replace(/^date: .*$/m, `date: 2023-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-15`)),
      reword: () => edit(cwd, pick(present()), (text) => text.replace('## Impact', '## Impact\n\nThe engineer forgot the checklist.\n')),
      duplicate: () => cpSync(file(cwd, pick(present())), file(cwd, `2024-0${1 + Math.floor(next() * 9)}-20-copy.md`)),
      remove: () => present().length > 2 && rmSync(file(cwd, pick(present()))),
      mention: () => edit(cwd, pick(present()), (text) => `${text}\nSee also INC-20231015-0008 and INC-20240118-0023.\n`),
      // A retag linted alone (a pre-commit hook's lint): the cache then holds answers from two indexes.
      retagAlone: () => {
        const name = pick(present());
        edit(cwd, name, (text) => text.replace(/^tags: .*$/m, `tags: [${TAGS.filter(() => next() < 0.5).join(', ')}]`));
        partial.push(`postmortems/${name}`);
      },
      nothing: () => undefined,
    };
    const present = () => readdirSync(join(cwd, 'postmortems')).filter((name) => /^\d{4}-.*\.md$/.test(name));
    const applied: string[] = [];
    let partial: string[] = [];
    for (let step = 0; step < 40; step++) {
      const name = pick(Object.keys(edits));
      edits[name]!();
      applied.push(name);
      if (partial.length > 0) await lint(cwd, '.postmortem-cache', partial);
      partial = [];
      const cached = await lint(cwd, '.postmortem-cache');
      expect(cached.results, `after ${applied.join(', ')}`).toEqual((await lint(cwd)).results);
      if (name === 'nothing') expect(cached.parses).toBe(0);
    }
  }
});

describe('the cache strategies (--cache-strategy)', () => {
  /** A lint on a node:fs that notes the postmortems it reads (another file system: the lint stays in this thread). */
  async function counted(cwd: string, cacheStrategy?: 'metadata' | 'content') {
    const reads: string[] = [];
    const fs = { ...nodeFs, readFileSync: ((path: string, ...rest: []) => (path.endsWith('.md') && reads.push(path), nodeFs.readFileSync(path, ...rest))) as typeof nodeFs.readFileSync };
    parses.count = 0;
    const outcome = await lintWorkspace({ cwd, patterns: [], cacheFile: '.postmortem-cache', cacheStrategy, fs });
    return { results: outcome.results, reads: reads.length, parses: parses.count };
  }

  it('metadata: a file whose size, times and inode are as recorded is not read; any edit is still seen', async () => {
    const cwd = workspace();
    const fresh = await lint(cwd);
    const name = '2024-01-15-api-gateway-connection-pool-exhaustion.md';
    // A modification time a tool can set again exactly (whole seconds).
    const past = new Date('2024-01-16T00:00:00Z');
    utimesSync(file(cwd, name), past, past);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // Files changed a second ago are hashed, their status not recorded: an edit within the file system's time
      // granularity would not show.
      const changed = Math.max(...INCIDENTS.map((incident) => statSync(file(cwd, incident)).ctimeMs));
      vi.setSystemTime(changed + 1000);
      expect((await counted(cwd)).reads).toBe(INCIDENTS.length);
      expect((await counted(cwd)).reads).toBe(INCIDENTS.length);
      vi.setSystemTime(changed + 3_600_000);
      // Hashed once more (the content is the cache's: nothing parsed), and now their status is recorded.
      expect(await counted(cwd)).toEqual({ results: fresh.results, reads: INCIDENTS.length, parses: 0 });
      expect(await counted(cwd)).toEqual({ results: fresh.results, reads: 0, parses: 0 });
      // The content strategy reads every file, whatever its status.
      expect(await counted(cwd, 'content')).toEqual({ results: fresh.results, reads: INCIDENTS.length, parses: 0 });

      // An edit that keeps the size, with the modification time set back as it was (`touch -d`, an archive): the
      // change time moved, so the file is read, and linted again.
      const { size, ino } = statSync(file(cwd, name));
      edit(cwd, name, (text) => text.replace('## Timeline', '## Timelime'));
      utimesSync(file(cwd, name), past, past);
      expect(statSync(file(cwd, name))).toMatchObject({ size, ino, mtimeMs: past.getTime() });
      const edited = await counted(cwd);
      expect(edited).toEqual({ results: (await lint(cwd)).results, reads: 1, parses: 1 });
      expect(edited.results).not.toEqual(fresh.results);
      // A file replaced by a copy of itself (a checkout): read and hashed, not linted, its new status recorded.
      cpSync(file(cwd, INCIDENTS[1]!), join(cwd, 'copy.tmp'));
      rmSync(file(cwd, INCIDENTS[1]!));
      nodeFs.renameSync(join(cwd, 'copy.tmp'), file(cwd, INCIDENTS[1]!));
      expect(await counted(cwd)).toMatchObject({ reads: 1, parses: 0 });
      expect(await counted(cwd)).toMatchObject({ reads: 0, parses: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('metadata: a file whose status is as recorded is still refused when its folder now links out of the workspace', () =>
    clockAhead(async () => {
      const cwd = workspace();
      const fresh = await counted(cwd);
      expect((await counted(cwd)).reads).toBe(0);
      // The same files (same inodes and times), moved out of the workspace and linked back in.
      const outside = mkdtempSync(join(tmpdir(), 'pm-outside-'));
      nodeFs.renameSync(join(cwd, 'postmortems'), join(outside, 'postmortems'));
      nodeFs.symlinkSync(join(outside, 'postmortems'), join(cwd, 'postmortems'));
      const linked = await counted(cwd);
      expect(linked.reads).toBe(0);
      expect(linked.results).toHaveLength(fresh.results.length);
      for (const result of linked.results) expect(result.findings.map((finding) => finding.message)).toEqual(['File is in a folder that links to a place outside the workspace; it was not read']);
    }));
});
