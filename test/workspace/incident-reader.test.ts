import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/workspace/config-file.js';
import { createReader } from '../../src/workspace/reader.js';
import { copyOfKnowledgeBase } from '../helpers.js';

describe('reading earlier incidents for patterns', () => {
  it('parses an incident once per run, however many patterns ask for it', async () => {
    const root = copyOfKnowledgeBase();
    const config = loadConfig(root);
    const knowledgeBase = await createReader({ config, cwd: root }).index();
    const read = createReader({ config, cwd: root }).incidents(knowledgeBase);
    const first = read(['INC-20231015-0008', 'INC-20231201-0019']);
    expect(first.map((file) => file.postmortem?.meta.id)).toEqual(['INC-20231015-0008', 'INC-20231201-0019']);
    // Gone from the disk: only a second read would notice.
    rmSync(join(root, 'postmortems', '2023-10-15-user-listing-n-plus-one-queries.md'));
    const again = read(['INC-20231201-0019', 'INC-20231015-0008', 'INC-20240115-0042']);
    expect(again[0]).toBe(first[1]);
    expect(again[1]).toBe(first[0]);
    expect(again[2]!.postmortem?.meta.id).toBe('INC-20240115-0042');
    // A reader of its own (another run) reads the disk again.
    expect(createReader({ config, cwd: root }).incidents(knowledgeBase)(['INC-20231015-0008'])[0]!.postmortem).toBeUndefined();
  });
});
