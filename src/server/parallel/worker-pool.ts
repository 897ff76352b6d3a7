/**
 * The server's execution workers: threads that run plan fragments for parallel operators (exec's
 * Parallelism). Worker k always gets the tasks of participant k + 1, so the data files dealt to it stay in
 * its own column cache across queries; this is why the pool routes tasks itself rather than handing them to
 * whichever thread is idle. Workers start on first use and are unref'd while idle, so they never keep the
 * process alive; a worker that dies fails its tasks and is replaced on the next one.
 */
import { totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SqlError, SqlState, type SqlErrorFields, type SqlStateCode } from '../../common/index.ts';
import type { AggregateTask, AggregateTaskResult, Parallelism } from '../../exec/index.ts';
import type { CallExpr, FunctionResolver } from '../../plan/index.ts';

/** What a worker sends back for a task. */
export type WorkerReply =
  | { readonly id: number; readonly result: AggregateTaskResult }
  | { readonly id: number; readonly error: { readonly code?: string; readonly message: string; readonly fields?: SqlErrorFields } };

/** What a worker is sent: a task, or the cancellation of one. */
export type WorkerRequest =
  | { readonly id: number; readonly task: AggregateTask }
  | { readonly cancel: number };

/** Options a worker starts with (workerData). */
export interface WorkerOptions {
  /** Byte budget of the worker's column cache. */
  readonly cacheBytes: number;
}

interface Pending { resolve(r: AggregateTaskResult): void; reject(e: Error): void }

class PoolWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: WorkerOptions) {}

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    // The worker runs its sibling module: as TypeScript (tsx registered first) when this file is.
    const entry = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
    const load = entry.endsWith('.ts')
      ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`
      : `import(${JSON.stringify(entry)})`;
    const w = new Worker(load, { eval: true, workerData: this.options });
    w.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if ('result' in m) p.resolve(m.result);
      else p.reject(m.error.code === undefined ? new Error(m.error.message) : new SqlError(m.error.code as SqlStateCode, m.error.message, m.error.fields));
    });
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new SqlError(SqlState.internalError, `an execution worker exited (code ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  run(id: number, task: AggregateTask, signal: AbortSignal): Promise<AggregateTaskResult> {
    const w = this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      signal.addEventListener('abort', () => {
        if (!this.pending.delete(id)) return;
        if (this.pending.size === 0) w.unref();
        w.postMessage({ cancel: id } satisfies WorkerRequest);
        reject(new SqlError(SqlState.queryCanceled, 'canceling statement due to user request'));
      }, { once: true });
      w.postMessage({ id, task } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }
}

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;

  /** `cacheBytes`: the column cache budget of all workers together. */
  constructor(private readonly functions: FunctionResolver, private readonly threadSafeNames: ReadonlySet<string>,
    private readonly cacheBytes = Math.min(1.5 * 2 ** 30, totalmem() / 8)) {}


  /** The Parallelism a statement runs with: `threads` participants (this thread included). */
  parallelism(threads: number, minRows: number): Parallelism {
    const workers = Math.max(0, threads - 1);
    while (this.workers.length < workers) {
      this.workers.push(new PoolWorker({ cacheBytes: Math.floor(this.cacheBytes / Math.max(1, workers)) }));
    }
    const names = this.threadSafeNames;
    return {
      threads, minRows, functions: this.functions,
      threadSafe: (call: CallExpr) => names.has(call.name.toLowerCase()) && call.overload.volatility !== 'volatile',
      run: (worker, task, signal) => this.workers[worker]!.run(this.nextId++, task, signal),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
