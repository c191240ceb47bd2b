import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/workspace/config-file.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { createReader, indexEntry } from '../../src/workspace/reader.js';
import { configWith } from '../helpers.js';
import { REPO } from '../helpers.js';

const ROOT = '/virtual/kb';
const NAMES = ['2023-10-15-user-listing-n-plus-one-queries.md', '2023-12-01-organization-dashboard-n-plus-one-queries.md', '2024-01-18-workflow-listing-n-plus-one-queries.md'];

/** A reader on a memfs volume holding three of the repository's postmortems, its file system counting reads and folder listings. */
function reader() {
  const files = Object.fromEntries(NAMES.map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
  const volume = createFsFromVolume(Volume.fromJSON({ ...files, '.postmortemrc.yml': 'extends: recommended\n' }, ROOT));
  const calls = { reads: 0, listings: 0 };
  const fs: WorkspaceFs = {
    ...(volume as WorkspaceFs),
    readFileSync: (path) => {
      if (path.endsWith('.md')) calls.reads++;
      return volume.readFileSync(path);
    },
    readdirSync: (path, options) => {
      calls.listings++;
      return volume.readdirSync(path, options) as ReturnType<WorkspaceFs['readdirSync']>;
    },
  };
  return { reader: createReader({ config: loadConfig(ROOT, undefined, { fs }), cwd: ROOT, fs }), calls };
}

describe('the workspace reader', () => {
  it('discovers the configured files once per run', async () => {
    const { reader: read, calls } = reader();
    const first = await read.discover();
    const listings = calls.listings;
    expect(first).toEqual(NAMES.map((name) => `${ROOT}/postmortems/${name}`));
    expect(await read.discover()).toBe(first);
    expect(calls.listings).toBe(listings);
  });

  it('reads a file once: the parse, the index and the index entries after it share one read', async () => {
    const { reader: read, calls } = reader();
    const paths = await read.discover();
    const parsed = read.parseAll(paths);
    const knowledgeBase = await read.index(paths);
    expect(knowledgeBase.incidents.map((incident) => incident.id)).toEqual(['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023']);
    expect(read.parseAll([paths[1]!, paths[0]!])).toEqual([parsed[1], parsed[0]]);
    expect(read.parse(paths[2]!)).toBe(parsed[2]);
    expect(read.incidents(knowledgeBase)(['INC-20231201-0019'])[0]).toBe(parsed[1]);
    expect((await read.index()).entries).toEqual(knowledgeBase.entries);
    expect(calls.reads).toBe(3);
    // Let go of, a file is read again.
    read.forget(paths[0]!);
    const again = read.parse(paths[0]!);
    expect(again).not.toBe(parsed[0]);
    expect(again.postmortem?.source).toBe(parsed[0]!.postmortem?.source);
    expect(calls.reads).toBe(4);
  });

  it('lets go of the text of a file read for the index alone: the few parsed afterwards are read again, once', async () => {
    const { reader: read, calls } = reader();
    const paths = await read.discover();
    const knowledgeBase = await read.index();
    expect(calls.reads).toBe(3);
    // The earlier incidents of a pattern, asked for twice, are read and parsed once more.
    const [first] = read.incidents(knowledgeBase)(['INC-20231015-0008']);
    expect(read.incidents(knowledgeBase)(['INC-20231015-0008'])[0]).toBe(first);
    expect(read.parse(paths[0]!)).toBe(first);
    expect(calls.reads).toBe(4);
    expect((await read.index()).entries).toEqual(knowledgeBase.entries);
    expect(calls.reads).toBe(4);
  });

  it('never reads again, without the time limit, a file whose reading ran out of time', async () => {
    const { reader: read } = reader();
    const [path] = await read.discover();
    // A frontmatter no reading finishes in a millisecond: its head is what runs out of time.
    const slow = `---\n${Array.from({ length: 20_000 }, (_, index) => `key${index}: [a, b, {c: d}]`).join('\n')}\nid: INC-20990101-0001\n---\n# Slow\n`;
    read.fs.writeFileSync(path!, slow);
    read.config.format.maxReadSeconds = 0.001;
    const [late] = read.parseAll([path!]);
    expect(late!.problems[0]?.message).toMatch(/took longer than/);
    const head = vi.spyOn(read, 'head');
    expect(read.entry(path!)).toBeUndefined();
    expect(head).not.toHaveBeenCalled();
    expect((await read.index([path!])).incidents.map((incident) => incident.id)).not.toContain('INC-20990101-0001');
  });

  it('makes the index entry of a file from its frontmatter, the same before and after its body is parsed', async () => {
    const { reader: read } = reader();
    const [path] = await read.discover();
    const before = read.entry(path!);
    read.parse(path!);
    expect(read.entry(path!)).toEqual(before);
    expect(before).toMatchObject({ path: `postmortems/${NAMES[0]}`, meta: { id: 'INC-20231015-0008' } });
  });

  it('makes an index entry that is a copy, holding nothing of the file read (its title is no slice of the text)', () => {
    const text = `# ${'A title read from the first heading '.repeat(3)}\n\n${'Body text. '.repeat(10_000)}\n`;
    const meta = { id: 'INC-1', title: text.slice(2, text.indexOf('\n')), tags: ['db'] };
    const entry = indexEntry('postmortems/a.md', meta, text, configWith());
    expect(entry.meta).toEqual(meta);
    expect(entry.meta).not.toBe(meta);
    expect(entry.meta.tags).not.toBe(meta.tags);
  });

  it('names a file that cannot be read with a `parse` problem at line 1, and leaves it out of the index', async () => {
    const { reader: read } = reader();
    const missing = `${ROOT}/postmortems/missing.md`;
    expect(read.parse(missing)).toMatchObject({ path: 'postmortems/missing.md', postmortem: undefined, problems: [{ ruleId: 'parse', line: 1, message: expect.stringMatching(/could not be read \(ENOENT\)/) }] });
    expect(read.entry(missing)).toBeUndefined();
    expect(read.onDisk).toBe(false);
  });
});
