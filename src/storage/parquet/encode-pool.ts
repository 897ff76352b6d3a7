/**
 * Parquet encoding off the main thread: a writer hands its Arrow IPC stream (transferred, not copied) to a
 * worker running parquet-wasm and goes on reading rows while the file is compressed. One worker, started on
 * first use, answers jobs in order; it keeps the process alive only while a job is pending. Where no worker
 * can run, or one dies, encoding falls back to this thread.
 */
import { Worker } from 'node:worker_threads';
import { encodeParquet } from './writer.ts';

interface Job { resolve(bytes: Uint8Array): void; reject(e: Error): void }

let worker: Worker | undefined;
let broken = false;
const jobs: Job[] = [];

function start(): Worker | undefined {
  if (worker !== undefined || broken) return worker;
  try {
    // The worker runs this module's sibling: as TypeScript (tsx registered first) when this file is.
    const entry = new URL(`./encode-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
    const load = entry.endsWith('.ts')
      ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`
      : `import(${JSON.stringify(entry)})`;
    const w = new Worker(load, { eval: true });
    w.on('message', (m: { bytes?: Uint8Array; error?: string }) => {
      const job = jobs.shift();
      if (jobs.length === 0) w.unref();
      if (m.bytes !== undefined) job?.resolve(m.bytes);
      else job?.reject(new Error(`Parquet encoding failed: ${m.error}`));
    });
    const fail = (e: Error) => {
      worker = undefined;
      for (const job of jobs.splice(0)) job.reject(e);
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the Parquet encoding worker exited (code ${code})`)));
    w.unref();
    worker = w;
  } catch {
    broken = true;
  }
  return worker;
}

/** encodeParquet on the worker; `ipc` is transferred (unusable here afterwards). */
export function encodeParquetAsync(ipc: Uint8Array, rowGroupRows: number, plain: readonly string[] = []): Promise<Uint8Array> {
  const w = start();
  if (w === undefined) return Promise.resolve().then(() => encodeParquet(ipc, rowGroupRows, plain));
  return new Promise((resolve, reject) => {
    jobs.push({ resolve, reject });
    w.ref();
    const whole = ipc.byteOffset === 0 && ipc.byteLength === ipc.buffer.byteLength;
    const owned = whole ? ipc : ipc.slice();
    w.postMessage({ ipc: owned, rowGroupRows, plain }, [owned.buffer as ArrayBuffer]);
  });
}
