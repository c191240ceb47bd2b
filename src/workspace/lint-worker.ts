// A lint worker thread (dist/lint-worker.js): runs a LintShard for the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../kb/index.js';
import { createReader, type CacheStamp } from './reader.js';
import { LintShard } from './shard.js';
import type { ShardMessage } from './parallel.js';

// Workers run only on the real disk (see lintShards): the reader is on node:fs.
const { config, cwd, cached } = workerData as { config: ResolvedConfig; cwd: string; cached: Map<string, CacheStamp> | undefined };
const shard = new LintShard(createReader({ config, cwd }), cached, true);
let knowledgeBase: KnowledgeBase | undefined;

parentPort!.on('message', (message: ShardMessage) => {
  try {
    if (message.type === 'read') {
      parentPort!.postMessage({ ok: shard.read(message.paths) });
    } else if (message.type === 'index') {
      knowledgeBase = buildKnowledgeBase(message.entries as IndexEntry[], config.knowledgeBase);
      parentPort!.postMessage({ ok: undefined });
    } else {
      parentPort!.postMessage({ ok: shard.lint(knowledgeBase!, message.paths) });
    }
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
