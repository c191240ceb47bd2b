// The worker script is code beside this bundle, on the real disk whatever file system the workspace is on.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { IndexEntry, KnowledgeBase } from '../kb/index.js';
import type { CacheStamp, WorkspaceReader } from './reader.js';
import { LintShard, type LintReport, type ReadReport } from './shard.js';

export type ShardMessage =
  | { type: 'read'; paths: string[] }
  | { type: 'index'; entries: readonly IndexEntry[] }
  | { type: 'lint'; paths: string[] };

/** A shard of the lint, in this thread or in a worker. Paths are absolute. */
export interface Shard {
  read(paths: string[]): Promise<ReadReport[]>;
  /** Gives the shard the whole knowledge base, before it lints. */
  index(knowledgeBase: KnowledgeBase): Promise<void>;
  lint(paths: string[]): Promise<LintReport[]>;
  close(): Promise<void>;
}

/** Files per request to a shard: small enough that a shard that falls behind gets fewer, large enough that messages cost nothing. */
const BATCH = 50;

/**
 * Runs `work` over `items` in batches handed to whichever shard is free, so
 * that no shard idles while another still has a queue; results keep the
 * order of `items`.
 */
export async function distribute<T>(shards: readonly Shard[], items: readonly string[], work: (shard: Shard, batch: string[]) => Promise<T[]>): Promise<T[]> {
  const batches: T[][] = [];
  let next = 0;
  await Promise.all(
    shards.map(async (shard) => {
      while (next < items.length) {
        const start = next;
        next += BATCH;
        batches[start / BATCH] = await work(shard, items.slice(start, start + BATCH));
      }
    }),
  );
  return batches.flat();
}

/** Below this many files per worker, not even an explicit --concurrency starts workers: they would cost more than they save. */
export const MIN_FILES_PER_WORKER = 100;

/**
 * Without --concurrency, a worker for every this many files, so that a worker's fixed cost (loading the bundle,
 * building the index, warming up the JIT: about half a second) is small beside its share. Measured on this
 * project's 2-core machine with real postmortems (the DFDS corpus replicated), two workers against one thread:
 * 500 files 2.4 s vs 2.0 s, 1,000 3.4 vs 3.2, 2,000 5.8 vs 5.5 (slower), 5,000 10.8 vs 11.9 (faster). One thread
 * is never alone anyway: V8 compiles and collects garbage on the other cores.
 */
export const DEFAULT_FILES_PER_WORKER = 2500;

/**
 * The cores not busy right now (with another process, another run): the share of the machine's CPU time that was
 * idle over `ms` milliseconds while this thread waited. (The load average would lag a minute behind.)
 */
export async function freeCores(ms = 100): Promise<number> {
  const idle = (sample: ReturnType<typeof cpus>) => sample.reduce((sum, cpu) => sum + cpu.times.idle, 0);
  const total = (sample: ReturnType<typeof cpus>) => sample.reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq, 0);
  const before = cpus();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpus();
  const elapsed = total(after) - total(before);
  if (elapsed <= 0 || after.length === 0) return availableParallelism();
  return Math.max(1, Math.round((availableParallelism() * (idle(after) - idle(before))) / elapsed));
}

/**
 * How many workers a lint of `files` files should use: at most `requested` (--concurrency) and one per
 * MIN_FILES_PER_WORKER files; by default one per free core and per DEFAULT_FILES_PER_WORKER files. None when that
 * is fewer than two: one worker would only add its cost to this thread's work.
 */
export function poolSize(files: number, requested: number | undefined, cores: number): number {
  const wanted = requested !== undefined ? Math.min(requested, Math.floor(files / MIN_FILES_PER_WORKER)) : Math.min(cores, Math.floor(files / DEFAULT_FILES_PER_WORKER));
  return wanted >= 2 ? wanted : 0;
}

/**
 * The bundled worker script next to this bundle. Running from the TypeScript
 * sources (the tests) there is none, and the lint stays in this thread.
 */
function workerScript(): URL | undefined {
  const url = new URL('./lint-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** poolSize on this machine now; none without the bundled worker script. */
export async function workerCount(files: number, requested: number | undefined): Promise<number> {
  if (!workerScript()) return 0;
  if (requested !== undefined) return poolSize(files, requested, availableParallelism());
  // The free cores are looked at (100 ms) only when the files are enough for workers at all.
  return poolSize(files, undefined, availableParallelism()) === 0 ? 0 : poolSize(files, undefined, await freeCores());
}

/**
 * Up to this many files, a lint in this thread keeps each file's text from the index to the lint (read once);
 * beyond, it reads each again to lint it, so that its memory does not grow with the knowledge base.
 */
export const HELD_FILES = 200;

/**
 * `cached`: the content hashes (and file statuses) the cache holds results for, when the cache is on; `files`: how many files the
 * lint reads. The shard reads through the run's reader.
 */
export function localShard(reader: WorkspaceReader, cached: ReadonlyMap<string, CacheStamp> | undefined, files: number): Shard {
  const shard = new LintShard(reader, cached, files > HELD_FILES);
  let index: KnowledgeBase | undefined;
  return {
    read: async (paths) => shard.read(paths),
    index: async (knowledgeBase) => void (index = knowledgeBase),
    lint: async (paths) => shard.lint(index!, paths),
    close: async () => undefined,
  };
}

/** `files`: how many files the lint reads; the worker's heap limit grows with it. */
export function workerShard(config: ResolvedConfig, cwd: string, cached: ReadonlyMap<string, CacheStamp> | undefined, files: number): Shard {
  const worker = new Worker(workerScript()!, {
    workerData: { config, cwd, cached },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: oldGenerationLimitMb(files) },
  });
  let failure: Error | undefined;
  let pending: { resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined;
  const fail = (error: Error) => {
    failure = new Error(`A lint worker failed: ${error.message}`);
    pending?.reject(failure);
    pending = undefined;
  };
  worker.on('message', (reply: { ok?: unknown; error?: string }) => {
    const settle = pending;
    pending = undefined;
    if (reply.error !== undefined) settle?.reject(new Error(`A lint worker failed: ${reply.error}`));
    else settle?.resolve(reply.ok);
  });
  worker.on('error', fail);
  worker.on('messageerror', fail);
  worker.on('exit', (code) => fail(new Error(`it exited with code ${code}`)));
  const request = <T>(message: ShardMessage) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      pending = { resolve: resolve as (value: unknown) => void, reject };
      worker.postMessage(message);
    });
  return {
    read: (paths) => request<ReadReport[]>({ type: 'read', paths }),
    index: (knowledgeBase) => request<void>({ type: 'index', entries: knowledgeBase.entries }),
    lint: (paths) => request<LintReport[]>({ type: 'lint', paths }),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/**
 * Parsing makes many short-lived objects; a young generation larger than
 * V8's default spends less time collecting them. Measured on 10,000
 * generated postmortems, two workers (old generation limit 1,024 MB):
 * 8 MB took 12.5 s and 296 MB, 16 MB 11.2 s and 315 MB, 32 MB 10.4 s and
 * 355 MB, 48 MB no faster.
 */
const YOUNG_GENERATION_MB = 32;

/**
 * A worker's old-generation limit. It is not there to cap the heap (on
 * 10,000 postmortems a worker's old generation holds 40 to 60 MB: the
 * index, the code, one batch's results) but because V8 lets a heap grow by
 * up to 4× what survived the last full collection when the limit is large,
 * and by ~1.6× when it is 1 GB. Measured on those 10,000 postmortems with
 * a 16 MB young generation: peak RSS 460 MB with V8's default limit, 315 MB
 * with this one, no slower.
 * Very large knowledge bases get 10 KB per file, so that no worker runs out.
 */
export function oldGenerationLimitMb(files: number): number {
  return Math.max(1024, Math.ceil((files * 10) / 1024));
}
